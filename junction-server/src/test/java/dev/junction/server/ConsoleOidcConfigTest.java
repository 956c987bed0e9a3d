package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.engine.Role;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code console.oidc} in the server config: off by default, read from YAML and from variables, refused when incomplete, its secret never shown. */
class ConsoleOidcConfigTest {
    @TempDir
    Path dir;

    @Test
    void singleSignOnIsOffByDefault() {
        OidcSettings oidc = new ServerConfigLoader(Map.of()).load(null).consoleOidc();

        assertThat(oidc.enabled()).isFalse();
        assertThat(oidc).isEqualTo(OidcSettings.OFF);
    }

    @Test
    void readsEveryKeyFromYamlAndKeepsTheSecretAsAReference() throws Exception {
        Path file = Files.writeString(dir.resolve("server.yaml"), """
                console:
                  oidc:
                    issuer: https://login.acme.test/realms/acme
                    name: Acme SSO
                    clientId: junction
                    clientSecret: ${env:OIDC_SECRET}
                    scopes: [email, profile, groups]
                    roleClaim: roles
                    roles: { junction-admins: admin, "cn=staff,ou=people": viewer }
                    tenantClaim: junction_tenant
                    allowedEmailDomains: [acme.test, "@Partner.test"]
                    groupsClaim: memberOf
                    requiredGroups: [junction-users]
                """);

        OidcSettings oidc = new ServerConfigLoader(Map.of()).load(file).consoleOidc();

        assertThat(oidc.enabled()).isTrue();
        assertThat(oidc.issuer()).isEqualTo(URI.create("https://login.acme.test/realms/acme"));
        assertThat(oidc.displayName()).isEqualTo("Acme SSO");
        assertThat(oidc.clientId()).isEqualTo("junction");
        assertThat(oidc.clientSecret()).isEqualTo("${env:OIDC_SECRET}");
        assertThat(oidc.scopes()).containsExactly("openid", "email", "profile", "groups");
        assertThat(oidc.roleClaim()).isEqualTo("roles");
        assertThat(oidc.roles()).containsExactlyInAnyOrderEntriesOf(Map.of("junction-admins", Role.ADMIN, "cn=staff,ou=people", Role.VIEWER));
        assertThat(oidc.tenantClaim()).isEqualTo("junction_tenant");
        assertThat(oidc.allowedEmailDomains()).containsExactly("acme.test", "partner.test");
        assertThat(oidc.groupsClaim()).isEqualTo("memberOf");
        assertThat(oidc.requiredGroups()).containsExactly("junction-users");
    }

    @Test
    void variablesSetItAndWinOverTheFile() {
        OidcSettings oidc = new ServerConfigLoader(Map.of("JUNCTION_CONSOLE_OIDC_ISSUER", "http://localhost:8081/default",
                "JUNCTION_CONSOLE_OIDC_CLIENT_ID", "junction", "JUNCTION_CONSOLE_OIDC_CLIENT_SECRET", "plain-secret-value",
                "JUNCTION_CONSOLE_OIDC_ROLES", "admins=admin, editors=editor", "JUNCTION_CONSOLE_OIDC_REQUIRED_GROUPS", "a,b")).load(null).consoleOidc();

        assertThat(oidc.displayName()).isEqualTo("localhost");
        assertThat(oidc.roleClaim()).isEqualTo("groups");
        assertThat(oidc.roles()).containsExactlyInAnyOrderEntriesOf(Map.of("admins", Role.ADMIN, "editors", Role.EDITOR));
        assertThat(oidc.requiredGroups()).containsExactly("a", "b");
        assertThat(oidc.scopes()).containsExactly("openid", "email", "profile");
        assertThat(oidc.toString()).doesNotContain("plain-secret-value").contains("clientSecret=***");
        assertThat(new ServerConfigLoader(Map.of()).load(null).withConsoleOidc(oidc).toString()).doesNotContain("plain-secret-value");
    }

    @Test
    void anIncompleteOrUnsafeSettingIsRefusedWithWhereAndWhat() throws Exception {
        assertThatThrownBy(() -> load("console:\n  oidc:\n    clientId: junction\n    roles: { a: admin }\n"))
                .isInstanceOf(ServerConfigException.class).hasMessageContaining("server.yaml:").hasMessageContaining("console.oidc.issuer is missing");
        assertThatThrownBy(() -> load("console:\n  oidc:\n    issuer: https://login.acme.test\n    roles: { a: admin }\n"))
                .hasMessageContaining("console.oidc.clientId is missing");
        assertThatThrownBy(() -> load("console:\n  oidc:\n    issuer: https://login.acme.test\n    clientId: junction\n"))
                .hasMessageContaining("console.oidc.roles is empty");
        assertThatThrownBy(() -> load("console:\n  oidc:\n    issuer: http://login.acme.test\n    clientId: j\n    roles: { a: admin }\n"))
                .hasMessageContaining("must be an https URL");
        assertThatThrownBy(() -> load("console:\n  oidc:\n    issuer: https://login.acme.test\n    clientId: j\n    roles: { a: owner }\n"))
                .hasMessageContaining("console.oidc.roles").hasMessageContaining("unknown role 'owner'");
        assertThatThrownBy(() -> load("console:\n  oidc:\n    issuer: https://login.acme.test\n    clientSecrets: x\n"))
                .hasMessageContaining("unknown key 'console.oidc.clientSecrets'");
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_CONSOLE_OIDC_ISSUER", "https://login.acme.test", "JUNCTION_CONSOLE_OIDC_CLIENT_ID",
                "j", "JUNCTION_CONSOLE_OIDC_ROLES", "admins")).load(null)).hasMessageContaining("JUNCTION_CONSOLE_OIDC_ROLES")
                .hasMessageContaining("claim-value=role");
    }

    private OidcSettings load(String yaml) throws Exception {
        return new ServerConfigLoader(Map.of()).load(Files.writeString(dir.resolve("server.yaml"), yaml)).consoleOidc();
    }

    @Test
    void theSameRoleMappingFromAListOfPairs() {
        assertThat(OidcSettings.parseRoles("a=admin,b=VIEWER,,c=d=editor")).containsExactly(Map.entry("a", Role.ADMIN), Map.entry("b", Role.VIEWER),
                Map.entry("c=d", Role.EDITOR));
        assertThat(List.copyOf(OidcSettings.parseRoles("").keySet())).isEmpty();
    }
}
