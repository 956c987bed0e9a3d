package dev.junction.cli.internal;

import dev.junction.engine.AuditLog;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code junction connections register-webhook NAME} and {@code unregister-webhook NAME}: a connection's
 * webhook created or removed at its provider on request, through its connector's {@code register} and
 * {@code unregister} actions (as {@code POST /api/v1/connections/{connection}/webhook/register} does).
 * For a connection applied from YAML, which nothing registers by itself, or one whose registration failed.
 */
final class ConnectionWebhookCommands {
    private ConnectionWebhookCommands() {}

    /** What both share: the connection, the public address, the store. */
    abstract static class WebhookCommand implements Callable<Integer> {
        final Console console;
        final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "NAME", description = "The connection (applied from YAML, or made through the API).")
        String name;

        @Option(names = "--public-base-url", paramLabel = "URL", description = {
            "The server's public address: the provider sends to URL/hooks/NAME (default: $JUNCTION_PUBLIC_BASE_URL, the server's publicBaseUrl)."})
        URI publicBaseUrl;

        WebhookCommand(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        /** {@code BASE/hooks}, from the option or the server's environment variable; null when neither gives one. */
        URI hooks() {
            URI base = publicBaseUrl;
            String fromEnv = env.get("JUNCTION_PUBLIC_BASE_URL");
            if (base == null && fromEnv != null && !fromEnv.isBlank()) {
                try {
                    base = URI.create(fromEnv.strip());
                } catch (IllegalArgumentException e) {
                    throw new EngineException.Invalid("JUNCTION_PUBLIC_BASE_URL is not a URL: " + e.getMessage());
                }
            }
            return base == null ? null : URI.create(base.toString().replaceAll("/+$", "") + "/hooks");
        }

        /**
         * Records and prints what the provider said about {@code called} (the connector's action, with the
         * webhook's {@code url}); exit 0 when it took the call, 1 when it refused it ({@code error}).
         */
        int report(Engine engine, String auditAction, String done, String called, String url, String error) {
            engine.audit().record(TokensCommand.local(), auditAction, "Connection", name, error == null ? AuditLog.OK : "provider_refused",
                    Map.of("ok", error == null));
            if (error == null) {
                console.out().println("connection " + name + ": " + done + " (" + called + ", " + url + ")");
                console.out().flush();
                return 0;
            }
            console.err().println("junction: the provider refused " + called + " for connection " + name + ": " + error);
            console.err().flush();
            return 1;
        }
    }

    @Command(name = "register-webhook", description = {
        "Creates the connection's webhook at the provider with its connector's register action, at URL/hooks/NAME, and keeps the answer",
        "(encrypted) for unregister-webhook and for a signing key its webhooks.verify takes from it. Refused when a registration is kept",
        "already, unless --again."})
    public static final class RegisterCommand extends WebhookCommand {
        @Option(names = "--again", description = "Register even though a registration is kept (it is replaced; the provider may then hold two).")
        boolean again;

        RegisterCommand(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                var result = engine.managedConnections().webhooks().register(name, null, hooks(), again);
                return report(engine, "connections.webhook.register", "webhook registered at the provider", result.action(), result.url(),
                        result.ok() ? null : result.error());
            }
        }
    }

    @Command(name = "unregister-webhook", description = {
        "Removes the connection's webhook at the provider with its connector's unregister action and the kept registration, then forgets it."})
    public static final class UnregisterCommand extends WebhookCommand {
        UnregisterCommand(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                var result = engine.managedConnections().webhooks().unregister(name, null, hooks());
                return report(engine, "connections.webhook.unregister", "webhook removed at the provider", result.action(), result.url(),
                        result.ok() ? null : result.error());
            }
        }
    }
}
