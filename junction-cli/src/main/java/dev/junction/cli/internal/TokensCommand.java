package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.AuditLog;
import dev.junction.engine.CreatedToken;
import dev.junction.engine.Durations;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.store.StoredToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", description = {
    "API tokens for the server's REST API, made here, on the store, by whoever can open it: this is how the first admin token is made.",
    "A token is shown once; the store keeps only its SHA-256 hash."},
        subcommands = {TokensCommand.CreateCommand.class, TokensCommand.ListCommand.class, TokensCommand.RevokeCommand.class})
public final class TokensCommand extends CommandGroup {

    /** Who runs the command, for the audit log: {@code local:<os user>}. */
    static Principal local() {
        return Principal.local(System.getProperty("user.name", "unknown"));
    }

    @Command(name = "create", description = {
        "Creates a token and prints it once. Roles: admin (everything, tokens and the audit log too), editor (apply definitions,",
        "start and cancel runs, replay dead letters, reset state), viewer (read only). --tenant T limits it to tenant T's objects."})
    public static final class CreateCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, editor or viewer.")
        String role;

        @Option(names = "--tenant", paramLabel = "T", description = "Only tenant T's objects (its connections, runs, state, dead letters, exchanges).")
        String tenant;

        @Option(names = "--name", paramLabel = "NAME", description = "What the token is for, shown in the list (e.g. ci, support-console).")
        String name;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Expire after this long (30d, 12h, ...); default: never.")
        String expiresIn;

        @Option(names = "--json", description = "Print JSON (the secret included, once).")
        boolean json;

        CreateCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            Role parsed = Role.parse(role);
            Instant expiresAt = null;
            try (Engine engine = common.engine(env)) {
                if (expiresIn != null) {
                    Duration d = Durations.parse(expiresIn);
                    if (d == null || d.isZero()) {
                        throw new EngineException.Invalid("--expires-in '" + expiresIn + "' is not a duration; write e.g. 30d or 12h");
                    }
                    expiresAt = engine.clock().instant().plus(d);
                }
                Principal actor = local();
                CreatedToken created = engine.tokens().create(parsed, tenant, name, expiresAt, actor.id());
                engine.audit().record(actor, "tokens.create", "token", created.token().id(), AuditLog.OK,
                        tenant == null ? Map.of("role", parsed.wireName()) : Map.of("role", parsed.wireName(), "tenant", tenant));
                if (json) {
                    ObjectMapper mapper = new ObjectMapper();
                    var node = mapper.createObjectNode().put("id", created.token().id()).put("secret", created.secret())
                            .put("role", created.token().role()).put("tenant", created.token().tenant()).put("name", created.token().name())
                            .put("expiresAt", created.token().expiresAt() == null ? null : created.token().expiresAt().toString());
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                } else {
                    console.out().println(created.secret());
                    console.err().println("token " + created.token().id() + " (" + parsed.wireName() + (tenant == null ? "" : ", tenant " + tenant)
                            + (expiresAt == null ? "" : ", expires " + expiresAt) + ") created; it is shown only this once."
                            + " Send it as: Authorization: Bearer <token>");
                }
                console.out().flush();
                console.err().flush();
                return 0;
            }
        }
    }

    @Command(name = "list", description = "Lists tokens (never their secrets): id, role, tenant, when made, last used, expiry, revoked.")
    public static final class ListCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        ListCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                List<StoredToken> tokens = engine.tokens().list();
                if (json) {
                    ObjectMapper mapper = JsonOutput.mapper();
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tokens));
                } else if (tokens.isEmpty()) {
                    console.out().println("no tokens; create one with: junction tokens create --role admin");
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (StoredToken t : tokens) {
                        rows.add(List.of(t.id(), t.role(), t.tenant() == null ? "-" : t.tenant(), t.name() == null ? "" : t.name(),
                                t.createdAt().toString(), t.lastUsedAt() == null ? "never" : t.lastUsedAt().toString(),
                                t.expiresAt() == null ? "-" : t.expiresAt().toString(), t.revokedAt() == null ? "" : "revoked " + t.revokedAt()));
                    }
                    console.table(List.of("id", "role", "tenant", "name", "created", "last used", "expires", "state"), rows);
                }
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = "Revokes a token: it never authenticates again.")
    public static final class RevokeCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "ID", description = "The token's id (tok_...; see: junction tokens list).")
        String id;

        RevokeCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                if (engine.tokens().find(id).isEmpty()) {
                    throw new EngineException.NotFound("no token with id '" + id + "'; list them with: junction tokens list");
                }
                boolean revoked = engine.tokens().revoke(id);
                engine.audit().record(local(), "tokens.revoke", "token", id, revoked ? AuditLog.OK : "already revoked", Map.of());
                console.out().println(revoked ? "revoked token " + id : "token " + id + " was already revoked");
                console.out().flush();
                return 0;
            }
        }
    }
}
