package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flow's {@code schedule}, {@code webhook} and {@code poll} triggers: what they read as, and each
 * mistake with its file:line:column (next to the valid fixture set: connection {@code crm} of acme-crm).
 */
class SpecLoaderFlowTriggersTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String trigger) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("flow.yaml", """
                kind: Flow
                name: watch
                """ + trigger + """
                steps:
                  - name: answer
                    respond: { body: "= input" }
                """));
        return loader.loadTexts(texts);
    }

    private List<String> problems(String trigger) {
        return load(trigger).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void scheduleWebhookAndPollTriggersReadAsTheirSettings() {
        LoadResult result = load("""
                trigger:
                  manual: {}
                  schedule: "*/5 * * * *"
                  webhook: { connection: crm, events: [deal.*] }
                  poll: { connection: crm, stream: contacts, every: 30s }
                """);

        assertThat(result.problems()).isEmpty();
        FlowSpec.Trigger trigger = result.flows().get("watch").trigger();
        assertThat(trigger.manual()).isTrue();
        assertThat(trigger.api()).isFalse();
        assertThat(trigger.schedule().cron()).isEqualTo("*/5 * * * *");
        assertThat(trigger.webhook()).isEqualTo(new SyncSpec.Webhook("crm", List.of("deal.*")));
        assertThat(trigger.poll()).isEqualTo(new FlowSpec.Poll("crm", "contacts", Duration.ofSeconds(30)));
    }

    @Test
    void aTriggersMistakesSayWhereAndWhatWasExpected() {
        assertThat(problems("trigger: { cron: {} }\n")).containsExactlyInAnyOrder(
                "flow.yaml:3:12 trigger.cron: unknown key (allowed: api, manual, schedule, webhook, poll)",
                "flow.yaml:3:10 trigger: expected api: {}, manual: {}, schedule:, webhook: or poll: (one or more), found none");
        assertThat(problems("trigger: { webhook: { events: [deal.*] } }\n")).containsExactly(
                "flow.yaml:3:12 trigger.webhook: missing required key 'connection'");
        assertThat(problems("trigger: { poll: { connection: crm, stream: contcts, every: 30s } }\n")).singleElement().asString()
                .startsWith("flow.yaml:3:45 trigger.poll.stream: connector 'acme-crm' (of connection 'crm') has no stream 'contcts'; did you mean 'contacts'?");
        assertThat(problems("trigger: { poll: { connection: erp, stream: contacts, every: 500ms } }\n")).singleElement().asString()
                .startsWith("flow.yaml:3:62 trigger.poll.every: expected at least 1s");
    }
}
