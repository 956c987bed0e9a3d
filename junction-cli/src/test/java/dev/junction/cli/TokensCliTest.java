package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.store.AuditQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction tokens}: the first admin token is made locally, shown once, stored as a hash, listed, revoked. */
class TokensCliTest {
    @TempDir
    Path dataDir;

    private CliRunner.Result tokens(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "tokens";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return new CliRunner(dataDir).runRaw(all);
    }

    @Test
    void createPrintsTheSecretOnceAndItAuthenticatesWithItsRoleAndTenant() throws Exception {
        CliRunner.Result created = tokens("create", "--role", "viewer", "--tenant", "acme", "--name", "support");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        String secret = created.out().strip();
        assertThat(secret).startsWith("jct_");
        assertThat(created.err()).contains("shown only this once");
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get))) {
            Optional<Principal> principal = engine.tokens().authenticate(secret);
            assertThat(principal).isPresent();
            assertThat(principal.get().role()).isEqualTo(Role.VIEWER);
            assertThat(principal.get().tenant()).isEqualTo("acme");
            assertThat(engine.audit().query(AuditQuery.newest(10)).entries()).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("tokens.create");
                assertThat(e.actor()).startsWith("local:");
                assertThat(e.detail()).doesNotContain(secret);
            });
        }
        assertThat(Files.readString(dataDir.resolve("junction.mv.db"), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    }

    @Test
    void listShowsTokensWithoutSecretsAndRevokedTokensNoLongerAuthenticate() {
        String secret = tokens("create", "--role", "admin").out().strip();
        String id;
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get))) {
            id = engine.tokens().authenticate(secret).orElseThrow().id();
        }

        CliRunner.Result listed = tokens("list", "--no-color");
        CliRunner.Result revoked = tokens("revoke", id);

        assertThat(listed.out()).contains(id).contains("admin").doesNotContain(secret);
        assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("revoked token " + id);
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get))) {
            assertThat(engine.tokens().authenticate(secret)).isEmpty();
        }
        assertThat(tokens("list", "--no-color").out()).contains("revoked");
    }

    @Test
    void anUnknownRoleIsBadInput() {
        CliRunner.Result result = tokens("create", "--role", "owner");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown role 'owner': expected admin, editor or viewer");
    }

    @Test
    void revokingAnUnknownTokenSaysHowToListThem() {
        CliRunner.Result result = tokens("revoke", "tok_nosuchtoken");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no token with id 'tok_nosuchtoken'; list them with: junction tokens list");
    }
}
