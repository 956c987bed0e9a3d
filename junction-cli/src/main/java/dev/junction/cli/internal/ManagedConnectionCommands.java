package dev.junction.cli.internal;

import dev.junction.engine.AuditLog;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.ManagedConnections;
import dev.junction.engine.Principal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code junction connections} subcommands that make, change and delete connections whose secrets
 * are kept in the store (as the API's {@code POST /api/v1/connections} makes them); {@link ConnectionsCommand}
 * groups them with the health commands. Secret values are never given on the command line:
 * {@code --secret-env FIELD=VARIABLE} reads one from this command's environment, {@code --secret-file
 * FIELD=PATH} from a file (one trailing newline removed).
 */
final class ManagedConnectionCommands {
    private ManagedConnectionCommands() {}

    /** Where providers send the server's webhooks, {@code BASE/hooks}; null without a public base URL (no register/unregister action runs). */
    private static URI hooks(URI publicBaseUrl) {
        return publicBaseUrl == null ? null : URI.create(publicBaseUrl.toString().replaceAll("/+$", "") + "/hooks");
    }


    /** Secret values read from the environment and from files, by field. */
    static final class SecretOptions {
        @Option(names = "--secret-env", paramLabel = "FIELD=VARIABLE", description = "A secret's value, read from an environment variable.")
        Map<String, String> fromEnv = new LinkedHashMap<>();

        @Option(names = "--secret-file", paramLabel = "FIELD=PATH", description = "A secret's value, read from a file.")
        Map<String, Path> fromFile = new LinkedHashMap<>();

        /** {@link #read}, refusing none given. */
        Map<String, String> readSome(Map<String, String> env) {
            Map<String, String> values = read(env);
            if (values.isEmpty()) {
                throw new EngineException.Invalid("give at least one secret: --secret-env FIELD=VARIABLE or --secret-file FIELD=PATH");
            }
            return values;
        }

        Map<String, String> read(Map<String, String> env) {
            Map<String, String> values = new LinkedHashMap<>();
            fromEnv.forEach((field, variable) -> {
                String value = env.get(variable);
                if (value == null) {
                    throw new EngineException.Invalid("--secret-env " + field + "=" + variable + ": environment variable " + variable + " is not set");
                }
                values.put(field, value);
            });
            fromFile.forEach((field, path) -> {
                try {
                    String text = Files.readString(path, StandardCharsets.UTF_8);
                    values.put(field, text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
                } catch (NoSuchFileException e) {
                    throw new EngineException.Invalid("--secret-file " + field + "=" + path + ": no such file");
                } catch (IOException e) {
                    throw new EngineException.Invalid("--secret-file " + field + "=" + path + ": cannot be read (" + e.getClass().getSimpleName() + ")");
                }
            });
            return values;
        }
    }

    @Command(name = "create", description = {
        "Makes a connection of an applied connector for a tenant, its secrets stored encrypted. The name is shared by every tenant.",
        "Example: junction connections create northwind-crm --connector acme-crm --tenant northwind \\",
        "           --config baseUrl=https://crm.example --secret-env token=NORTHWIND_CRM_TOKEN"})
    public static final class CreateCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "NAME", description = "The connection's name (lower-case letters, digits and '-').")
        String name;

        @Option(names = "--connector", required = true, paramLabel = "CONNECTOR", description = "The applied connector it uses.")
        String connector;

        @Option(names = "--tenant", paramLabel = "T", description = "Its tenant (default: the operator's own, 'default').")
        String tenant;

        @Option(names = "--environment", paramLabel = "ENV", description = "production (default) or sandbox.")
        String environment;

        @Option(names = "--primary", negatable = true, description = {
            "Whether the tenant's per-tenant syncs use this one among its several connections of the connector",
            "(default: only when it is the tenant's first; --primary takes the flag from the old one and starts those syncs over)."})
        Boolean primary;

        @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A config value, taken as written.")
        Map<String, String> config = new LinkedHashMap<>();

        @Mixin
        SecretOptions secrets;

        @Option(names = "--public-base-url", paramLabel = "URL", description = {
            "The server's public address, to register the connector's webhook at the provider (BASE/hooks/NAME);",
            "without it a connector's register action does not run."})
        URI publicBaseUrl;

        CreateCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                Principal actor = TokensCommand.local();
                var made = engine.managedConnections().create(new ManagedConnections.NewConnection(name, connector, tenant, environment, config,
                        secrets.read(env), primary), actor.id(), hooks(publicBaseUrl));
                engine.audit().record(actor, "connections.create", "Connection", name, AuditLog.OK, Map.of("version", made.version()));
                console.out().println("connection " + name + " (connector " + connector + ", tenant " + made.connection().tenant()
                        + (made.connection().primary() ? ", primary" : "") + ") made, version " + made.version() + "; secrets stored: "
                        + String.join(", ", made.connection().secrets().keySet()));
                if (!made.statesCleared().isEmpty()) {
                    console.out().println("per-tenant syncs now using it start over (their state for the tenant was cleared): "
                            + String.join(", ", made.statesCleared()));
                }
                if (made.webhook() != null) {
                    console.out().println(made.webhook().ok() ? "webhook registered at the provider for " + made.webhook().url()
                            : "the webhook could not be registered at the provider: " + made.webhook().error());
                }
                console.out().flush();
                return made.webhook() == null || made.webhook().ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "set-secret", description = {
        "Replaces secret values of a connection made through the API or this command; its state is kept, its OAuth tokens dropped",
        "when a value changed. Example: junction connections set-secret northwind-crm --secret-file token=/run/secrets/crm"})
    public static final class SetSecretCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "NAME", description = "The connection.")
        String name;

        @Mixin
        SecretOptions secrets;

        SetSecretCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            Map<String, String> values = secrets.readSome(env);
            try (Engine engine = common.engine(env)) {
                Principal actor = TokensCommand.local();
                var changed = engine.managedConnections().update(name, null, new ManagedConnections.Change(null, values, null, false), actor.id());
                engine.audit().record(actor, "connections.update", "Connection", name, AuditLog.OK, Map.of("version", changed.version(),
                        "secrets", List.copyOf(values.keySet())));
                console.out().println("connection " + name + ": " + String.join(", ", values.keySet()) + " replaced, version " + changed.version()
                        + (changed.tokensKept() ? "" : "; its OAuth tokens were dropped (they belonged to the old credentials)"));
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "delete", description = {
        "Deletes a connection made through the API or this command, with its stored secrets and tokens (unregistering its webhook first",
        "when its connector declares one and --public-base-url is given)."})
    public static final class DeleteCommand implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "NAME", description = "The connection.")
        String name;

        @Option(names = "--force", description = "Delete even when the webhook cannot be removed at the provider.")
        boolean force;

        @Option(names = "--public-base-url", paramLabel = "URL", description = "The server's public address the webhook was registered with.")
        URI publicBaseUrl;

        DeleteCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                Principal actor = TokensCommand.local();
                var webhook = engine.managedConnections().delete(name, null, force,
                        hooks(publicBaseUrl));
                engine.audit().record(actor, "connections.delete", "Connection", name, AuditLog.OK, Map.of());
                console.out().println("connection " + name + " deleted, with its stored secrets and tokens"
                        + (webhook != null && !webhook.ok() ? "; its webhook was left at the provider: " + webhook.error() : ""));
                console.out().flush();
                return 0;
            }
        }
    }
}
