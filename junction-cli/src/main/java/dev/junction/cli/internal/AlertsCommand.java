package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.spec.AlertSpec;
import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "alerts", description = {"Alerts fired by the applied kind: Alert rules (see docs/operations.md, \"Alerts\").",
    "'alerts list' shows firing and recent alerts, 'alerts rules' the rules, 'alerts test CHANNEL' sends a test message,",
    "'alerts set-secret CHANNEL' stores a channel's ${stored:FIELD} secrets encrypted."},
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Rules.class, AlertsCommand.Test.class, AlertsCommand.SetSecret.class})
public final class AlertsCommand extends CommandGroup {

    @Command(name = "list", description = "Lists alerts, newest first: status, rule, severity, when it fired (and resolved), what it is about.")
    static final class ListAlerts implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Option(names = "--tenant", paramLabel = "T", description = "Only tenant T's alerts.")
        String tenant;

        @Option(names = "--firing", description = "Only alerts that fire now.")
        boolean firing;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N alerts (default: ${DEFAULT-VALUE}).")
        int limit;

        ListAlerts(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                List<AlertRecord> alerts = engine.alerts().list(tenant, firing ? AlertRecord.Status.FIRING : null, Math.max(1, Math.min(limit, 1000)));
                if (alerts.isEmpty()) {
                    console.out().println(firing ? "no alert fires" : "no alerts");
                }
                for (AlertRecord a : alerts) {
                    console.out().println(a.status().name().toLowerCase(Locale.ROOT) + "  " + a.rule() + "  " + a.severity() + "  fired " + a.firedAt()
                            + (a.resolvedAt() == null ? "" : ", resolved " + a.resolvedAt()) + "  " + a.subject());
                    console.out().println("    " + a.summary());
                }
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "rules", description = "Lists the applied alert rules: condition, scope, channels, severity.")
    static final class Rules implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        Rules(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                Map<String, AlertSpec> rules = engine.alerts().rules();
                if (rules.isEmpty()) {
                    console.out().println("no alert rules applied; write a kind: Alert definition (docs/operations.md) and apply it");
                }
                for (AlertSpec r : rules.values()) {
                    AlertSpec.Scope s = r.scope();
                    String scope = (s.sync() == null ? "" : " sync=" + s.sync()) + (s.connection() == null ? "" : " connection=" + s.connection())
                            + (s.tenant() == null ? "" : " tenant=" + s.tenant());
                    console.out().println(r.name() + "  " + r.condition().type().yamlName() + "  " + r.severity() + "  scope:" + (scope.isEmpty() ? " any" : scope)
                            + "  channels: " + String.join(", ", r.channels()));
                }
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "test", description = {"Sends a test message to an applied alert channel from this process and prints the outcome.",
        "Exit 0 when it was delivered, 1 when not (a failed one is retried by a running server)."})
    static final class Test implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "CHANNEL", description = "An applied kind: AlertChannel.")
        String channel;

        Test(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                AlertNotification sent = engine.alerts().test(channel);
                console.out().println("test message to " + channel + ": " + sent.status().name().toLowerCase(Locale.ROOT)
                        + (sent.lastError() == null ? "" : " (" + sent.lastError() + ")"));
                console.out().flush();
                return sent.status() == AlertNotification.Status.DELIVERED ? 0 : 1;
            }
        }
    }

    @Command(name = "set-secret", description = {"Stores the secrets an applied alert channel writes as ${stored:FIELD}, encrypted with the",
        "default tenant's data key like connection credentials. Values are never given on the command line.",
        "Example: junction alerts set-secret ops-slack --secret-env url=SLACK_WEBHOOK_URL"})
    static final class SetSecret implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "CHANNEL", description = "An applied kind: AlertChannel whose secrets say ${stored:FIELD}.")
        String channel;

        @Mixin
        ManagedConnectionCommands.SecretOptions secrets;

        SetSecret(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            Map<String, String> values = secrets.readSome(env);
            try (Engine engine = common.engine(env)) {
                dev.junction.engine.AlertChannelSecrets.Status status = engine.alertChannelSecrets().set(channel, values);
                dev.junction.engine.Principal actor = TokensCommand.local();
                engine.audit().record(actor, "alerts.setChannelSecrets", "alert-channel", channel, dev.junction.engine.AuditLog.OK,
                        Map.of("secrets", List.copyOf(values.keySet())));
                console.out().println("alert channel " + channel + ": " + String.join(", ", status.set()) + " stored (encrypted)");
                console.out().flush();
                return 0;
            }
        }
    }
}
