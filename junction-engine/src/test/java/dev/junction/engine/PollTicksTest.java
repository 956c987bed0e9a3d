package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.internal.PollTicks;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which polls the definitions ask for, and when they tick: no clock, no store. */
class PollTicksTest {
    private static final Instant NOW = Instant.parse("2026-05-04T10:15:30.250Z");

    private static String sync(String name, String every, String mode) {
        return """
                kind: Sync
                name: %s
                source: { connection: crm, stream: contacts, mode: %s }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                on: { poll: { every: %s } }
                """.formatted(name, mode, every);
    }

    @Test
    void syncsPollingOneStreamShareOnePollTickingAtTheShortestPeriod() throws Exception {
        try (QueueSandbox sandbox = new QueueSandbox(1)) {
            List<SourceText> texts = new ArrayList<>(sandbox.definitions(1)); // contacts-00 reads the stream but does not poll
            texts.add(new SourceText("slow.yaml", sync("slow", "5m", "full")));
            texts.add(new SourceText("fast.yaml", sync("fast", "30s", "incremental")));
            LoadResult definitions = new SpecLoader().loadTexts(texts);
            assertThat(definitions.problems()).isEmpty();

            Map<String, PollTicks.Target> targets = PollTicks.targets(definitions);

            assertThat(targets).containsOnlyKeys("crm/contacts");
            assertThat(targets.get("crm/contacts")).isEqualTo(new PollTicks.Target("crm", "contacts", "default", Duration.ofSeconds(30),
                    List.of("sync:fast", "sync:slow")));
        }
    }

    @Test
    void aPollTicksOncePerPeriodAtAFixedOffsetAndManyPollsSpreadTheirTicksOverThePeriod() {
        Duration minute = Duration.ofMinutes(1);
        Instant next = PollTicks.nextTick("crm/contacts", minute, NOW);
        assertThat(next).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(minute));
        assertThat(PollTicks.nextTick("crm/contacts", minute, next)).isEqualTo(next.plus(minute));
        assertThat(PollTicks.nextTick("crm/contacts", minute, next.minusMillis(1))).isEqualTo(next);

        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            seconds.add(PollTicks.nextTick("crm-" + i + "/contacts", minute, NOW).getEpochSecond() % 60);
        }
        assertThat(seconds).as("the seconds of the minute 120 polls tick at").hasSizeGreaterThan(40);
    }
}
