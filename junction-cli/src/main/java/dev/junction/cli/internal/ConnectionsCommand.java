package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.ConnectionHealth;
import dev.junction.engine.Engine;
import dev.junction.store.ConnectionCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "connections", description = {
    "Connections: their health (status, a check now, their newest checks, a reset of needs_reauth), and connections whose secrets",
    "are kept in the store, encrypted with the tenant's data key (as the API's POST /api/v1/connections makes them). Secret values are",
    "never given on the command line: --secret-env FIELD=VARIABLE reads one from this command's environment, --secret-file FIELD=PATH",
    "from a file (one trailing newline removed)."},
        subcommands = {ConnectionsCommand.HealthCommand.class, ConnectionsCommand.CheckCommand.class, ConnectionsCommand.ChecksCommand.class,
            ConnectionsCommand.ResetCommand.class, ManagedConnectionCommands.CreateCommand.class, ManagedConnectionCommands.SetSecretCommand.class,
            ManagedConnectionCommands.DeleteCommand.class, ConnectionWebhookCommands.RegisterCommand.class,
            ConnectionWebhookCommands.UnregisterCommand.class, ConnectionRequestCommand.class})
public final class ConnectionsCommand extends CommandGroup {

    /** What every subcommand shares: the console, the environment, the common options. */
    abstract static class Sub implements Callable<Integer> {
        final Console console;
        final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Sub(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                int exit = run(engine);
                console.out().flush();
                return exit;
            }
        }

        abstract int run(Engine engine) throws Exception;

        void printJson(Object value) throws Exception {
            ObjectMapper mapper = JsonOutput.mapper();
            console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.valueToTree(value)));
        }

        String status(String status) {
            return switch (status) {
                case ConnectionHealth.OK -> console.green(status);
                case ConnectionHealth.UNKNOWN -> console.dim(status);
                case ConnectionHealth.NEEDS_REAUTH -> console.red(status);
                default -> console.yellow(status);
            };
        }

        /** One check, on one line; its error on the next when it has one. */
        void print(ConnectionCheck c) {
            console.out().println(c.connection() + ": " + status(c.status()) + (c.httpStatus() == null ? "" : " (HTTP " + c.httpStatus() + ")")
                    + ", " + c.durationMillis() + " ms, " + c.checkedAt() + (c.trigger() == null ? "" : " by " + c.trigger()));
            if (c.error() != null) {
                console.out().println("  " + c.error());
            }
        }
    }

    @Command(name = "health", description = {
        "Lists applied connections with their status (ok, failing, needs_reauth, unknown), why, how they are checked",
        "(check: the connector's check:, token: its OAuth or session token call, none) and when they were last checked."})
    public static final class HealthCommand extends Sub {
        @Option(names = "--tenant", paramLabel = "T", description = "Only tenant T's connections.")
        String tenant;

        HealthCommand(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) throws Exception {
            List<ConnectionHealth.Status> statuses = engine.health().statuses(tenant);
            if (json) {
                printJson(statuses);
                return 0;
            }
            if (statuses.isEmpty()) {
                console.out().println("no connections applied" + (tenant == null ? "" : " for tenant '" + tenant + "'") + "; apply some with: junction apply PATH");
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (ConnectionHealth.Status s : statuses) {
                rows.add(List.of(s.connection(), s.connector() == null ? "(database)" : s.connector(), String.valueOf(s.tenant()), status(s.status()),
                        s.method().wireName(), s.lastCheck() == null ? "never" : s.lastCheck().checkedAt().toString()));
            }
            console.table(List.of("connection", "connector", "tenant", "status", "checked by", "last check"), rows);
            for (ConnectionHealth.Status s : statuses) {
                if (s.detail() != null && !ConnectionHealth.OK.equals(s.status())) {
                    console.out().println(s.connection() + ": " + s.detail());
                }
            }
            return 0;
        }
    }

    @Command(name = "check", description = {
        "Checks connections now: the connector's check: request through the connection's pipeline, or without one its OAuth or",
        "session token call (nothing sent to the API). Without NAME, every connection that can be checked. The outcome becomes the",
        "connection's status and joins its history. Exit code 1 when a check is not ok."})
    public static final class CheckCommand extends Sub {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "The connection to check (default: every one that can be).")
        String name;

        CheckCommand(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) throws Exception {
            List<ConnectionCheck> checks = new ArrayList<>();
            if (name != null) {
                checks.add(engine.health().check(name, null, "cli"));
            } else {
                for (ConnectionHealth.Status s : engine.health().statuses(null)) {
                    if (s.method() != ConnectionHealth.Method.NONE) {
                        checks.add(engine.health().check(s.connection(), null, "cli"));
                    }
                }
            }
            if (json) {
                printJson(checks);
            } else if (checks.isEmpty()) {
                console.out().println("no connection can be checked: add check: { request: { path: ... } } to their connectors and apply them");
            } else {
                checks.forEach(this::print);
            }
            return checks.stream().allMatch(c -> ConnectionHealth.OK.equals(c.status())) ? 0 : 1;
        }
    }

    @Command(name = "checks", description = "Lists a connection's newest checks, newest first (the newest 50 are kept).")
    public static final class ChecksCommand extends Sub {
        @Parameters(paramLabel = "NAME", description = "The connection.")
        String name;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N checks (default: ${DEFAULT-VALUE}).")
        int limit;

        ChecksCommand(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) throws Exception {
            List<ConnectionCheck> checks = engine.health().history(name, null, Math.max(1, limit));
            if (json) {
                printJson(checks);
            } else if (checks.isEmpty()) {
                console.out().println(name + " has not been checked yet; check it with: junction connections check " + name);
            } else {
                checks.forEach(this::print);
            }
            return 0;
        }
    }

    @Command(name = "reset", description = {
        "Forgets the credentials Junction obtained for a connection (its OAuth tokens, or its needs_reauth mark): its next call",
        "uses the configured credentials again, and its status is unknown until it is checked. For a connection whose",
        "provider-side problem was fixed without new credentials; storing new tokens or applying changed credentials clears",
        "needs_reauth by itself."})
    public static final class ResetCommand extends Sub {
        @Parameters(paramLabel = "NAME", description = "The connection.")
        String name;

        ResetCommand(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) throws Exception {
            ConnectionHealth.Status status = engine.health().reset(name, null);
            if (json) {
                printJson(status);
            } else {
                console.out().println(name + ": " + status(status.status()) + "; check it with: junction connections check " + name);
            }
            return 0;
        }
    }
}
