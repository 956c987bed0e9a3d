package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JSONata expression that recurses forever for some records fails those records only, at the
 * sync's {@code expressionLimits}: they become dead letters naming the field, the expression and
 * the limit, and every other record is written. Against the sandbox APIs and H2.
 */
class HostileExpressionRunTest {
    private static final String RUNAWAY = "properties.tier = 'gold' ? ($f := function($n) { 1 + $f($n + 1) }; $f(0)) : 3";

    private final SandboxSyncs syncs = new SandboxSyncs(300);

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void aRunawayExpressionFailsOnlyTheRecordsThatTriggerItAndTheRunGoesOn() {
        RunRecord run = syncs.engine().run(
                syncs.plan(syncYaml("", "\"= " + RUNAWAY + "\"", "expressionLimits: { maxDepth: 50 }"), "test"), RunListener.NONE);

        List<DeadLetter> dead = syncs.store.deadLetters().list(SYNC, 1000);
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().read()).isEqualTo(300);
        assertThat(dead).isNotEmpty().hasSize((int) run.counters().failed());
        assertThat(run.counters().inserted() + run.counters().failed()).isEqualTo(300);
        assertThat(dead).allSatisfy(letter -> {
            assertThat(letter.reason()).isEqualTo("mapping failed: field 'priority': expression '= " + RUNAWAY
                    + "' failed: it nested deeper than the limit of 50 steps (expressionLimits.maxDepth)");
            assertThat(letter.source()).contains("\"tier\":\"gold\"");
        });
        assertThat(syncs.writesPerKey()).hasSize(300 - dead.size());
    }
}
