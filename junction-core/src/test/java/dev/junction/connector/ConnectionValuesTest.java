package dev.junction.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.ValueRef;
import dev.junction.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionValuesTest {
    private static final Map<String, String> ENV = Map.of("CRM_TOKEN", "tok-from-env");

    private static ConnectionValues resolve(Map<String, ValueRef> config, Map<String, ValueRef> secrets) {
        var connector = Specs.connector("https://api.acme.example", new AuthSpec.None(), Map.of(), Map.of());
        return ConnectionValues.resolve(connector, Specs.connection(config, secrets), new EnvSecretResolver(ENV::get));
    }

    @Test
    void appliesTheConnectorsDefaultsUnderTheConnectionsValues() {
        var values = resolve(Map.of("baseUrl", new ValueRef.Literal("http://localhost:8080")), Map.of("token", new ValueRef.Env("CRM_TOKEN")));

        assertThat(values.lookup("config.baseUrl")).isEqualTo("http://localhost:8080");
        assertThat(values.lookup("config.pageSize")).isEqualTo("2");
        assertThat(values.lookup("secrets.token")).isEqualTo("tok-from-env");
        assertThat(values.lookup("secrets.missing")).isNull();
        assertThat(values.secretValues()).containsExactly("tok-from-env");
        assertThat(values.toString()).doesNotContain("tok-from-env");
    }

    @Test
    void namesTheVariableConnectionAndFieldWhenAnEnvironmentVariableIsMissing() {
        assertThatThrownBy(() -> resolve(Map.of("pageSize", new ValueRef.Literal("2"), "baseUrl", new ValueRef.Env("CRM_URL")), Map.of()))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'crm' (connections.yaml:3:1): config.baseUrl: environment variable CRM_URL is not set");
    }

    @Test
    void anOptionalValueWhoseReferenceCannotBeReadIsLeftOutAndSaysWhyWhenATemplateNeedsIt() {
        var values = resolve(Map.of(), Map.of("token", new ValueRef.Env("HELPDESK_TOKEN")));

        assertThat(values.lookup("secrets.token")).isNull();
        assertThat(values.unreadable("secrets.token")).isEqualTo(
                "connection 'crm' (connections.yaml:3:1): secrets.token: environment variable HELPDESK_TOKEN is not set");
        assertThatThrownBy(() -> values.render(Template.parse("Bearer {{ secrets.token }}"), "auth.token"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageEndingWith("has no value for 'secrets.token'; it is optional, and its reference could not be read: connection 'crm'"
                        + " (connections.yaml:3:1): secrets.token: environment variable HELPDESK_TOKEN is not set");
    }

    @Test
    void readsAFileSecretWithoutItsTrailingNewline(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("token.txt");
        Files.writeString(file, "tok-from-file\n");

        var values = resolve(Map.of(), Map.of("token", new ValueRef.File(file.toString())));

        assertThat(values.lookup("secrets.token")).isEqualTo("tok-from-file");
    }

    @Test
    void namesTheFileWhenItDoesNotExist(@TempDir Path dir) {
        Path file = dir.resolve("nope.txt");

        assertThatThrownBy(() -> resolve(Map.of("baseUrl", new ValueRef.File(file.toString())), Map.of()))
                .hasMessage("connection 'crm' (connections.yaml:3:1): config.baseUrl: file " + file + " does not exist");
    }

    @Test
    void refusesAValueThatDoesNotFitTheDeclaredType() {
        assertThatThrownBy(() -> resolve(Map.of("pageSize", new ValueRef.Literal("ten")), Map.of()))
                .hasMessage("connection 'crm' (connections.yaml:3:1): config.pageSize must be an integer, but 'ten' is not");
    }

    @Test
    void suggestsADefaultOnlyForAMissingConfigValue() {
        var values = resolve(Map.of(), Map.of());

        assertThatThrownBy(() -> values.render(Template.parse("{{ config.region }}"), "stream 'contacts' request.query.region"))
                .hasMessage("connector 'acme-crm' stream 'contacts' request.query.region: template '{{ config.region }}' has no value for"
                        + " 'config.region'; set config.region on connection 'crm' or give it a default in connector 'acme-crm'");
    }

    @Test
    void saysWhichVariableATemplateMisses() {
        var values = resolve(Map.of(), Map.of());

        assertThatThrownBy(() -> values.render(Template.parse("Bearer {{ secrets.token }}"), "auth.token"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connector 'acme-crm' auth.token: template 'Bearer {{ secrets.token }}' has no value for 'secrets.token';"
                        + " set secrets.token on connection 'crm' (secrets have no defaults)");
    }
}
