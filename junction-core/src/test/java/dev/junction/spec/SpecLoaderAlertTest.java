package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kind: Alert} and {@code kind: AlertChannel}: what valid ones read as, and each load error with where it is. */
class SpecLoaderAlertTest {
    private final SpecLoader loader = new SpecLoader();

    private static final String CHANNELS = """
            kind: AlertChannel
            name: ops-slack
            type: slack
            secrets: { url: "${env:SLACK_URL}" }
            ---
            kind: AlertChannel
            name: oncall
            type: pagerduty
            config: { url: "http://127.0.0.1:9/v2/enqueue" }
            secrets: { routingKey: "${env:PD_KEY}" }
            ---
            kind: AlertChannel
            name: ops-mail
            type: email
            config: { host: smtp.example.com, port: 2525, from: junction@example.com, to: "ops@example.com, dev@example.com" }
            secrets: { password: "${file:/run/secrets/smtp}" }
            """;

    private LoadResult load(String yaml) {
        return loader.loadTexts(List.of(new SourceText("alerts.yaml", CHANNELS + "---\n" + yaml)));
    }

    private List<String> problems(String yaml) {
        return load(yaml).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aRuleReadsAsItsConditionScopeAndChannels() {
        LoadResult result = load("""
                kind: Alert
                name: records-failing
                condition: { type: failed-records, count: 10, percent: 2.5 }
                scope: { connection: crm, tenant: acme }
                channels: [ops-slack, oncall]
                severity: critical
                renotify: 4h
                coolDown: 30m
                """);
        assertThat(result.problems()).isEmpty();
        AlertSpec rule = result.alerts().get("records-failing");
        assertThat(rule.condition()).isEqualTo(new AlertSpec.Condition(AlertSpec.Type.FAILED_RECORDS, 10, 2.5, null, null));
        assertThat(rule.scope()).isEqualTo(new AlertSpec.Scope(null, "crm", "acme"));
        assertThat(rule.channels()).containsExactly("ops-slack", "oncall");
        assertThat(rule.severity()).isEqualTo("critical");
        assertThat(rule.renotify()).isEqualTo(Duration.ofHours(4));
        assertThat(rule.resolveAfter()).isEqualTo(AlertSpec.DEFAULT_RESOLVE_AFTER);
        assertThat(rule.coolDown()).isEqualTo(Duration.ofMinutes(30));

        AlertChannelSpec mail = result.alertChannels().get("ops-mail");
        assertThat(mail.type()).isEqualTo("email");
        assertThat(mail.config().get("port")).isEqualTo(new ValueRef.Literal("2525"));
        assertThat(mail.secrets().get("password")).isEqualTo(new ValueRef.File("/run/secrets/smtp"));
        assertThat(result.alertChannels().get("ops-slack").secrets().get("url")).isEqualTo(new ValueRef.Env("SLACK_URL"));
    }

    @Test
    void aConditionWrittenAsOneWordTakesItsDefaults() {
        LoadResult result = load("kind: Alert\nname: failed\ncondition: run-failed\nchannels: [ops-slack]\n");
        assertThat(result.problems()).isEmpty();
        AlertSpec rule = result.alerts().get("failed");
        assertThat(rule.condition().type()).isEqualTo(AlertSpec.Type.RUN_FAILED);
        assertThat(rule.scope()).isEqualTo(AlertSpec.Scope.ANY);
        assertThat(rule.severity()).isEqualTo("error");
        assertThat(rule.renotify()).isNull();
    }

    @Test
    void badRulesAreReportedWhereTheyAre() {
        assertThat(problems("kind: Alert\nname: a\ncondition: run-broke\nchannels: [ops-slack]\n")).singleElement().asString()
                .startsWith("alerts.yaml:20:12 condition: 'run-broke' is not a condition; expected one of run-failed, failed-records,");
        assertThat(problems("kind: Alert\nname: a\ncondition: { type: inbox-lag }\nchannels: [ops-slack]\n")).containsExactly(
                "alerts.yaml:20:20 condition.type: inbox-lag needs above, such as { type: inbox-lag, above: 5m }");
        assertThat(problems("kind: Alert\nname: a\ncondition: { type: run-failed, count: 3 }\nchannels: [ops-slack]\n")).containsExactly(
                "alerts.yaml:20:39 condition.count: 'count' does not apply to run-failed, which takes no settings");
        assertThat(problems("kind: Alert\nname: a\ncondition: { type: failed-records, percent: 120 }\nchannels: [ops-slack]\n")).contains(
                "alerts.yaml:20:45 condition.percent: expected a number greater than 0 and at most 100, found '120'");
        assertThat(problems("kind: Alert\nname: a\ncondition: run-failed\nchannels: [ops-sms]\n")).containsExactly(
                "alerts.yaml:21:11 channels: unknown AlertChannel 'ops-sms'; the channels are ops-slack, oncall, ops-mail");
    }

    @Test
    void aChannelSecretMustBeAReferenceAndRequiredKeysMustBeThere() {
        assertThat(problems("kind: AlertChannel\nname: hook\ntype: webhook\nconfig: { url: \"https://x.example/h\" }\nsecrets: { secret: whsec_abc }\n"))
                .singleElement().asString().contains("secrets.secret: an inline secret value is not allowed; write a reference such as \"${env:HOOK_SECRET}\"");
        assertThat(problems("kind: AlertChannel\nname: pd\ntype: pagerduty\n")).singleElement().asString()
                .contains("secrets.routingKey: missing required key 'routingKey' of a channel of type pagerduty (a reference such as \"${env:PD_ROUTING_KEY}\")");
        assertThat(problems("kind: AlertChannel\nname: s\ntype: slack\nsecrets: { url: \"${env:U}\", token: \"${env:T}\" }\n")).singleElement().asString()
                .contains("secrets.token");
    }

    @Test
    void aChannelSecretMayBeKeptInTheStoreUnderTheChannelsOwnName() {
        LoadResult result = load("kind: AlertChannel\nname: ops-pager\ntype: pagerduty\nsecrets: { routingKey: \"${stored:routingKey}\" }\n");
        assertThat(result.problems()).isEmpty();
        AlertChannelSpec channel = result.alertChannels().get("ops-pager");
        assertThat(channel.secrets()).containsEntry("routingKey", new ValueRef.Stored("default", "alert-channel:ops-pager", "routingKey"));
        assertThat(channel.storedFields()).containsExactly("routingKey");
        assertThat(AlertChannelSpec.channelOfStored("alert-channel:ops-pager")).isEqualTo("ops-pager");
        assertThat(AlertChannelSpec.channelOfStored("crm")).isNull();
    }
}
