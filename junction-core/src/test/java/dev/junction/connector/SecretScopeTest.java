package dev.junction.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.ValueRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret references: the operator's within his allow-list and size cap, a tenant's never; values that would break a header refused unseen. */
class SecretScopeTest {
    private static final Map<String, String> ENV = Map.of("ACME_TOKEN", "tok-acme", "OTHER_TOKEN", "tok-other",
            "JUNCTION_MASTER_KEY", "bWFzdGVyLWtleS1iYXNlNjQtdmFsdWUtMzItYnl0ZXM=");

    private static ConnectionValues resolve(DefinitionTrust trust, Map<String, ValueRef> secrets, SecretScope scope) {
        var connector = Specs.connector("https://api.acme.example", new AuthSpec.None(), Map.of(), Map.of());
        return ConnectionValues.resolve(connector, Specs.connection(Map.of(), secrets).withTrust(trust), new EnvSecretResolver(ENV::get, scope));
    }

    @Test
    void aTenantsConnectionNeverReadsTheServersEnvironmentOrFilesNotEvenAnOptionalValue() {
        assertThatThrownBy(() -> resolve(DefinitionTrust.TENANT, Map.of("token", new ValueRef.Env("JUNCTION_MASTER_KEY")), SecretScope.DEFAULT))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'crm' (connections.yaml:3:1): secrets.token: ${env:JUNCTION_MASTER_KEY} is refused: a tenant's connection cannot"
                        + " read the server's environment or files; use a stored value (given through the connect page or the API) instead");
        assertThatThrownBy(() -> resolve(DefinitionTrust.TENANT, Map.of("token", new ValueRef.File("/etc/passwd")), SecretScope.DEFAULT))
                .hasMessageContaining("secrets.token: ${file:/etc/passwd} is refused: a tenant's connection cannot read the server's environment or files");
        assertThatThrownBy(() -> resolve(DefinitionTrust.TENANT, Map.of("token", new ValueRef.Env("ACME_TOKEN")), SecretScope.DEFAULT))
                .hasMessageContaining("${env:ACME_TOKEN} is refused");
    }

    @Test
    void theMasterKeyIsRefusedToTheOperatorUnlessAllowedByItsExactName() {
        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.Env("JUNCTION_MASTER_KEY")),
                SecretScope.DEFAULT.withAllowEnv(List.of("JUNCTION_*"))))
                .hasMessage("connection 'crm' (connections.yaml:3:1): secrets.token: environment variable JUNCTION_MASTER_KEY holds the server's master"
                        + " key, which definitions may not read (only an exact secrets.allowEnv entry allows it)")
                .hasMessageNotContaining(ENV.get("JUNCTION_MASTER_KEY"));
        assertThat(resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.Env("JUNCTION_MASTER_KEY")),
                SecretScope.DEFAULT.withAllowEnv(List.of("JUNCTION_MASTER_KEY"))).lookup("secrets.token")).isEqualTo(ENV.get("JUNCTION_MASTER_KEY"));
    }

    @Test
    void theOperatorsVariablesAreLimitedToTheAllowList() {
        SecretScope scope = SecretScope.DEFAULT.withAllowEnv(List.of("ACME_*"));

        assertThat(resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.Env("ACME_TOKEN")), scope).lookup("secrets.token")).isEqualTo("tok-acme");
        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.Env("OTHER_TOKEN")), scope))
                .hasMessageEndingWith("secrets.token: environment variable OTHER_TOKEN is not in the server's secrets.allowEnv (ACME_*)");
    }

    @Test
    void aFileReadIsCappedAndOnlyRegularFilesAreRead(@TempDir Path dir) throws IOException {
        Path big = Files.writeString(dir.resolve("big.pem"), "k".repeat(2048));
        SecretScope scope = SecretScope.DEFAULT.withMaxFileBytes(1024);

        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.File(big.toString())), scope))
                .hasMessageEndingWith("secrets.token: file " + big + " is larger than the 1024 bytes a ${file:} value may have (secrets.maxFileSize in the"
                        + " server config)");
        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.File("/dev/zero")), SecretScope.DEFAULT))
                .hasMessageEndingWith("secrets.token: file /dev/zero is not a regular file (a directory, device or pipe); ${file:} reads regular files only");
        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.File(dir.toString())), SecretScope.DEFAULT))
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void aFileMustLieUnderAnAllowedDirectoryAfterLinksAreFollowed(@TempDir Path dir) throws IOException {
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Path inside = Files.writeString(secrets.resolve("token"), "tok-file\n");
        Path outside = Files.writeString(dir.resolve("elsewhere"), "not-for-you");
        Path link = Files.createSymbolicLink(secrets.resolve("link"), outside);
        SecretScope scope = SecretScope.DEFAULT.withAllowFiles(List.of(secrets.toString()));

        assertThat(resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.File(inside.toString())), scope).lookup("secrets.token"))
                .isEqualTo("tok-file");
        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.File(link.toString())), scope))
                .hasMessageEndingWith("file " + link + " (" + outside.toRealPath() + ") is not under the server's secrets.allowFiles (" + secrets + ")");
        assertThatThrownBy(() -> resolve(DefinitionTrust.OPERATOR, Map.of("token", new ValueRef.File(secrets + "/../elsewhere")), scope))
                .hasMessageContaining("is not under the server's secrets.allowFiles");
    }

    @Test
    void aSecretWithALineBreakIsRefusedInAHeaderWithoutShowingIt() {
        String hostile = "tok-123\r\nX-Injected: yes";
        var stream = new StreamSpec("contacts", new RequestSpec("GET", "/contacts", Map.of(), Map.of("X-Api-Key", "{{ secrets.token }}"), null),
                "$", "id", null, null, 5);
        var connector = Specs.connector("https://api.acme.example", new AuthSpec.None(), Map.of("contacts", stream), Map.of());
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Env("HOSTILE")));

        try (var client = ConnectionClient.create(connector, connection, new EnvSecretResolver(Map.of("HOSTILE", hostile)::get), PipelineOptions.defaults())) {
            assertThatThrownBy(() -> client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessage("connection 'crm' stream 'contacts' request.headers.X-Api-Key: header 'X-Api-Key': the value contains a line break (CR or LF)"
                            + " at position 8 of 24, which a header cannot carry; the value is not shown: check the secret or config value it is made from"
                            + " (a trailing newline in a file or variable?)")
                    .hasMessageNotContaining("tok-123").hasMessageNotContaining("X-Injected");
        }
    }

    @Test
    void everyValueInAPathIsEncodedAsOneSegment() {
        var request = new RequestSpec("GET", "/accounts/{{ config.account }}/contacts", Map.of("q", "{{ config.account }}"), Map.of(), null);
        var connector = Specs.connector("https://api.acme.example", new AuthSpec.None(), Map.of(), Map.of());
        var connection = Specs.connection(Map.of("account", new ValueRef.Literal("../../admin?x=1&y")), Map.of());
        var values = ConnectionValues.resolve(connector, connection, new EnvSecretResolver(k -> null));

        var rendered = dev.junction.connector.internal.RequestTemplate.compile("stream 'contacts'", request, Map.of(), "GET")
                .render("https://api.acme.example", values);

        assertThat(rendered.uri().toString()).isEqualTo("https://api.acme.example/accounts/..%2F..%2Fadmin%3Fx%3D1%26y/contacts?q=..%2F..%2Fadmin%3Fx%3D1%26y");
    }
}
