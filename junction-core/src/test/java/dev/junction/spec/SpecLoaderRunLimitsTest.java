package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync's run limits: {@code timeout} and {@code abortAfter}, and the write modes it may name. */
class SpecLoaderRunLimitsTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String extra) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: limited
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: insert }
                mapping:
                  external_id: id
                """ + extra));
        return loader.loadTexts(texts);
    }

    @Test
    void readsATimeoutAndBothAbortThresholds() {
        LoadResult result = load("timeout: 30m\nabortAfter: { failures: 100, percent: 10, minRecords: 500 }\n");

        assertThat(result.problems()).isEmpty();
        SyncSpec sync = result.syncs().get("limited");
        assertThat(sync.limits()).isEqualTo(new SyncSpec.RunLimits(Duration.ofMinutes(30), new SyncSpec.AbortAfter(100, 10, 500)));
        assertThat(sync.destination().mode()).isEqualTo(SyncSpec.WriteMode.INSERT);
    }

    @Test
    void aSyncWithoutLimitsRunsUntilDoneAndAPercentAloneCountsAfterAHundredRecords() {
        assertThat(load("").syncs().get("limited").limits()).isEqualTo(SyncSpec.RunLimits.NONE);
        assertThat(load("abortAfter: { percent: 5 }\n").syncs().get("limited").limits().abortAfter())
                .isEqualTo(new SyncSpec.AbortAfter(null, 5, 100));
    }

    @Test
    void reportsBadLimitsWithTheirPlace() {
        LoadResult result = load("timeout: soon\nabortAfter: { percent: 150, failure: 3 }\n");

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:7:10 timeout: expected a duration such as 500ms, 2s, 1m or 1h, found 'soon'",
                "case.yaml:8:24 abortAfter.percent: expected a share of records from 1 to 100, found 150",
                "case.yaml:8:29 abortAfter.failure: unknown key; did you mean 'failures'? (allowed: failures, percent, minRecords)");
    }

    @Test
    void anEmptyAbortAfterIsAProblem() {
        assertThat(load("abortAfter: {}\n").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:7:13 abortAfter: expected failures, percent or both, found neither");
    }

    @Test
    void mirrorIsNotAWriteModeYet() {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: mirrored
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: mirror }
                mapping:
                  external_id: id
                """));
        assertThat(loader.loadTexts(texts).problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:4:83 destination.mode: 'mirror' is not one of upsert, insert, update");
    }
}
