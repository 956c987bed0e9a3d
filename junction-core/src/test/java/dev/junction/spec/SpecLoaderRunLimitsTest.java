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
    void batchMaxBytesTakesBytesOrAUnit() {
        assertThat(load("batch: { size: 100, concurrency: 4, maxBytes: 1MB }\n").syncs().get("limited").batch())
                .isEqualTo(new SyncSpec.Batch(100, 4, 1_000_000));
        assertThat(load("batch: { maxBytes: 1MiB }\n").syncs().get("limited").batch()).isEqualTo(new SyncSpec.Batch(50, 2, 1_048_576));
        assertThat(load("batch: { maxBytes: 512 kb }\n").syncs().get("limited").batch().maxBytes()).isEqualTo(512_000);
        assertThat(load("batch: { maxBytes: 1.5MB }\n").syncs().get("limited").batch().maxBytes()).isEqualTo(1_500_000);
        assertThat(load("batch: { maxBytes: 65536 }\n").syncs().get("limited").batch().maxBytes()).isEqualTo(65_536);
        assertThat(load("batch: { size: 10 }\n").syncs().get("limited").batch().maxBytes()).isZero();
    }

    @Test
    void anActionMayLimitTheBytesOfACallNextToItsRecords() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", """
                kind: Connector
                name: limited-api
                baseUrl: http://x
                actions:
                  upsert:
                    request: { method: POST, path: /batch, body: "$records" }
                    batch: { maxRecords: 100, maxBytes: 1MiB }
                  single:
                    request: { method: PUT, path: /one }
                """)));

        assertThat(result.problems()).isEmpty();
        assertThat(result.connectors().get("limited-api").actions().get("upsert").batch())
                .isEqualTo(new ActionSpec.BatchLimits(100, 1_048_576));
        assertThat(result.connectors().get("limited-api").actions().get("single").batch()).isNull();
    }

    @Test
    void aBatchMaxBytesThatIsNotASizeIsAProblem() {
        assertThat(load("batch: { maxBytes: 1GB }\n").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:7:20 batch.maxBytes: expected a size in bytes greater than zero, such as 1048576, 512KB or 1MiB, found '1GB'");
        assertThat(load("batch: { maxBytes: 0 }\n").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:7:20 batch.maxBytes: expected a size in bytes greater than zero, such as 1048576, 512KB or 1MiB, found '0'");
    }


    private LoadResult mirror(String sourceMode, String destination) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: mirrored
                source: { connection: crm, stream: contacts, mode: %s }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, %s }
                mapping:
                  external_id: id
                """.formatted(sourceMode, destination)));
        return loader.loadTexts(texts);
    }

    @Test
    void readsHardAndSoftMirrorDeletesWithTheirDefaults() {
        LoadResult hard = mirror("full", "mode: mirror, deleteAction: deleteUser");
        assertThat(hard.problems()).isEmpty();
        assertThat(hard.syncs().get("mirrored").destination().mirror())
                .isEqualTo(new SyncSpec.Mirror(SyncSpec.DeleteKind.HARD, "deleteUser", null, null, 20));

        LoadResult soft = mirror("full", "mode: mirror, delete: soft, softDelete: { field: status.deleted, value: true }, maxDeletePercent: 0");
        assertThat(soft.problems()).isEmpty();
        assertThat(soft.syncs().get("mirrored").destination().mirror())
                .isEqualTo(new SyncSpec.Mirror(SyncSpec.DeleteKind.SOFT, null, "status.deleted", true, 0));
        assertThat(mirror("full", "mode: upsert").syncs().get("mirrored").destination().mirror()).isNull();
    }

    @Test
    void refusesMirrorWithAnIncrementalRead() {
        assertThat(mirror("incremental", "mode: mirror, deleteAction: deleteUser").problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:4:83 destination.mode: mode mirror needs a full read (source.mode: full): an incremental read does not return the "
                        + "records that did not change, so it cannot tell which records are gone");
    }

    @Test
    void reportsMirrorSettingsThatAreMissingMisplacedOrWrong() {
        assertThat(mirror("full", "mode: mirror").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:4:1 destination: missing required key 'deleteAction' (mode mirror deletes through it; or set delete: soft)");
        assertThat(mirror("full", "mode: mirror, delete: soft").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:4:1 destination: missing required key 'softDelete' (delete: soft writes it, such as softDelete: { field: deleted, value: true })");
        assertThat(mirror("full", "mode: upsert, deleteAction: deleteUser").problems()).extracting(SpecProblem::toString)
                .containsExactly("case.yaml:4:105 destination.deleteAction: only used with mode: mirror (the mode is upsert)");
        assertThat(mirror("full", "mode: mirror, deleteAction: deleteUser, maxDeletePercent: 150, delete: gone").problems())
                .extracting(SpecProblem::toString).containsExactly(
                        "case.yaml:4:135 destination.maxDeletePercent: expected a share of the known records from 0 to 100, found '150'",
                        "case.yaml:4:148 destination.delete: 'gone' is not one of hard, soft");
        assertThat(mirror("full", "mode: mirror, deleteAction: removeUser").problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:4:105 destination.deleteAction: connector 'helpdesk' (of connection 'helpdesk') has no action 'removeUser' (actions: upsertUsers, deleteUser)");
        assertThat(mirror("full", "mode: mirror, deleteAction: deleteUser, softDelete: { field: deleted, value: true }").problems())
                .extracting(SpecProblem::toString).containsExactly(
                        "case.yaml:4:129 destination.softDelete: only used with delete: soft (hard deletes call deleteAction with the key alone)");
        assertThat(mirror("full", "mode: mirror, delete: soft, softDelete: { field: deleted, valu: true }").problems())
                .extracting(SpecProblem::toString).containsExactly(
                        "case.yaml:4:105 destination.softDelete: missing required key 'value'",
                        "case.yaml:4:135 destination.softDelete.valu: unknown key; did you mean 'value'? (allowed: field, value)");
    }
}
