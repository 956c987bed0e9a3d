package dev.junction.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Date-range slicing and the lookback window against WireMock, into the sandbox Helpdesk: slices
 * cut the range as declared and are read in parallel; in incremental mode each slice has its own
 * checkpoint, and a run that fails resumes the unfinished slices only (a slice read partway from its
 * own checkpoint when the stream is sorted by its cursor, else from its start).
 */
class SlicedSyncTest {
    @RegisterExtension
    static final WireMockExtension source = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final PartitionSyncs syncs = new PartitionSyncs(source.baseUrl());

    private static final String DAYS = "2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,2024-01-03T00:00:00Z,2024-01-04T00:00:00Z,2024-01-04T12:00:00Z";

    @AfterEach
    void close() {
        syncs.close();
    }

    private static String events(int parallel) {
        return events(parallel, false);
    }

    /** The events stream; {@code sorted}: it says its records come in ascending updatedAt order (each slice's do). */
    private static String events(int parallel, boolean sorted) {
        return PartitionSyncs.connector("""
                events:
                  request: { path: /events, query: { from: "{{ slice.start }}", to: "{{ slice.end }}" } }
                  records: "$.data"
                  primaryKey: id
                  pagination: { type: cursor, nextPath: "$.next", param: after }
                  incremental: { cursorField: updatedAt, param: updatedSince, sorted: %s }
                  slice: { start: 2024-01-01, end: "2024-01-04T12:00:00Z", step: 1d, parallel: %d }
                """.formatted(sorted, parallel));
    }

    private static String event(String id, String updatedAt) {
        return "{\"id\": \"%s\", \"email\": \"%s@example.com\", \"name\": \"Event %s\", \"updatedAt\": \"%s\"}".formatted(id, id, id, updatedAt);
    }

    /** Each slice: two pages of one event each, updated 1 h and 2 h after the slice's start; the first page answers after {@code delayMs}. */
    private void stubSlices(int delayMs, String failingSecondPageOf) {
        String[] bounds = DAYS.split(",");
        for (int i = 0; i + 1 < bounds.length; i++) {
            String from = bounds[i];
            String day = from.substring(0, 13);
            source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo(from)).withQueryParam("to", equalTo(bounds[i + 1]))
                    .withQueryParam("after", absent())
                    .willReturn(okJson("{\"data\": [" + event("e" + i + "a", day.replace("T00", "T01") + ":00:00Z") + "], \"next\": \"p2\"}")
                            .withFixedDelay(delayMs)));
            source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo(from)).withQueryParam("after", equalTo("p2"))
                    .willReturn(from.equals(failingSecondPageOf) ? aResponse().withStatus(400).withBody("bad page")
                            : okJson("{\"data\": [" + event("e" + i + "b", day.replace("T00", "T02") + ":00:00Z") + "]}")));
        }
    }

    @Test
    void cutsTheRangeIntoStepsWithAShortLastSliceAndReadsThemInParallel() {
        stubSlices(300, null);

        RunRecord run = syncs.run(events(4), PartitionSyncs.sync("events", "full", ""));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().inserted()).isEqualTo(8);
        String[] bounds = DAYS.split(",");
        for (int i = 0; i + 1 < bounds.length; i++) {
            source.verify(1, getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo(bounds[i]))
                    .withQueryParam("to", equalTo(bounds[i + 1])).withQueryParam("after", absent()));
        }
        source.verify(8, getRequestedFor(urlPathEqualTo("/events")));
        // the first pages overlapped in time: one was received before another had been answered
        List<ServeEvent> firstPages = source.getAllServeEvents().stream()
                .filter(e -> !e.getRequest().getUrl().contains("after="))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
        assertThat(firstPages).hasSize(4);
        ServeEvent first = firstPages.get(0);
        long firstAnswered = first.getRequest().getLoggedDate().getTime() + first.getTiming().getTotalTime();
        assertThat(firstPages.get(1).getRequest().getLoggedDate().getTime()).isLessThan(firstAnswered);
        // a full run keeps no checkpoints
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "events", "")).isEmpty();
    }

    @Test
    void aFailedRunResumesFromTheFirstUnfinishedSliceAndASortedSliceFromItsOwnCheckpoint() {
        stubSlices(0, null);
        // slice 2 has a third page, which fails
        source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-02T00:00:00Z")).withQueryParam("after", equalTo("p2"))
                .willReturn(okJson("{\"data\": [" + event("e1b", "2024-01-02T02:00:00Z") + "], \"next\": \"p3\"}")));
        source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-02T00:00:00Z")).withQueryParam("after", equalTo("p3"))
                .willReturn(aResponse().withStatus(400).withBody("bad page")));
        String sync = PartitionSyncs.sync("events", "incremental", "");

        RunRecord failed = syncs.run(events(1, true), sync);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        // slice 1 is done: the stream's checkpoint is its end. Slice 2 got two pages in: its checkpoint moved past the first,
        // since the second began with a later updatedAt; not past the second, as the page that failed may hold more of 02:00
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "events", "")).contains("2024-01-02T00:00:00Z");
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "events")).extracting(p -> p.partition() + "=" + p.value())
                .containsExactly("slice:2024-01-02T00:00:00Z..2024-01-03T00:00:00Z=2024-01-02T01:00:00Z");

        source.resetAll();
        stubSlices(0, null);
        RunRecord resumed = syncs.run(events(1, true), sync);

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        source.verify(0, getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-01T00:00:00Z")));
        source.verify(getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-02T00:00:00Z"))
                .withQueryParam("updatedSince", equalTo("2024-01-02T01:00:00Z")));
        source.verify(getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-03T00:00:00Z"))
                .withQueryParam("updatedSince", absent()));
        // e1a and e1b, read again from slice 2's checkpoint (this stub ignores updatedSince), were written by the failed run
        assertThat(resumed.counters().unchanged()).isEqualTo(2);
        assertThat(resumed.counters().inserted()).isEqualTo(4);
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(8);
        // every slice done: the checkpoint is the range's end and no slice is kept
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "events", "")).contains("2024-01-04T12:00:00Z");
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "events")).isEmpty();

        // nothing after the range's end: the next run has no slice to read
        source.resetAll();
        RunRecord nothing = syncs.run(events(1, true), sync);
        assertThat(nothing.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(nothing.counters().read()).isZero();
        source.verify(0, getRequestedFor(urlPathEqualTo("/events")));
    }

    @Test
    void aSliceReadPartwayOfAStreamNotSortedByItsCursorKeepsNoCheckpointAndIsReadAgainFromItsStart() {
        stubSlices(0, "2024-01-02T00:00:00Z");
        String sync = PartitionSyncs.sync("events", "incremental", "");

        RunRecord failed = syncs.run(events(1), sync);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        // slice 1 was read to its end: complete, its end the stream's checkpoint; slice 2's first page moves nothing
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "events", "")).contains("2024-01-02T00:00:00Z");
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "events")).isEmpty();

        source.resetAll();
        stubSlices(0, null);
        RunRecord resumed = syncs.run(events(1), sync);

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        source.verify(0, getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-01T00:00:00Z")));
        source.verify(getRequestedFor(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-02T00:00:00Z"))
                .withQueryParam("updatedSince", absent()));
        assertThat(resumed.counters().unchanged()).isEqualTo(1); // e1a, written by the failed run
        assertThat(resumed.counters().inserted()).isEqualTo(5);
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(8);
    }

    @Test
    void theLookbackWindowReadsAgainFromTheCheckpointLessTheWindowAndSkipsUnchangedRecords() {
        String connector = PartitionSyncs.connector("""
                contacts:
                  request: { path: /contacts }
                  records: "$.data"
                  primaryKey: id
                  incremental: { cursorField: updatedAt, param: updatedSince, lookback: 10m }
                """);
        String sync = PartitionSyncs.sync("contacts", "incremental", "");
        source.stubFor(get(urlPathEqualTo("/contacts")).withQueryParam("updatedSince", absent()).willReturn(okJson("{\"data\": ["
                + event("c1", "2026-01-01T11:00:00Z") + ", " + event("c2", "2026-01-01T11:55:00Z") + ", " + event("c3", "2026-01-01T12:00:00Z") + "]}")));
        source.stubFor(get(urlPathEqualTo("/contacts")).withQueryParam("updatedSince", equalTo("2026-01-01T11:50:00Z")).willReturn(okJson("{\"data\": ["
                + event("c2", "2026-01-01T11:55:00Z") + ", " + event("c3", "2026-01-01T12:00:00Z") + "]}")));

        RunRecord first = syncs.run(connector, sync);
        RunRecord second = syncs.run(connector, sync);

        assertThat(first.counters().inserted()).isEqualTo(3);
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "contacts", "")).contains("2026-01-01T12:00:00Z");
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters().read()).isEqualTo(2);
        assertThat(second.counters().unchanged()).isEqualTo(2);
        assertThat(second.counters().written()).isZero();
        source.verify(1, getRequestedFor(urlPathEqualTo("/contacts")).withQueryParam("updatedSince", equalTo("2026-01-01T11:50:00Z")));
    }

    @Test
    void aJsonBodyBuiltWithJsonataSeesTheSliceAsSlice() {
        String connector = PartitionSyncs.connector("""
                events:
                  request: { method: POST, path: /events/search, body: "{ 'range': { 'gte': $slice.start, 'lt': $slice.end } }" }
                  records: "$.data"
                  primaryKey: id
                  slice: { start: 2024-01-01, end: "2024-01-03T00:00:00Z", step: 1d }
                """);
        source.stubFor(post(urlPathEqualTo("/events/search"))
                .withRequestBody(equalToJson("{\"range\": {\"gte\": \"2024-01-01T00:00:00Z\", \"lt\": \"2024-01-02T00:00:00Z\"}}"))
                .willReturn(okJson("{\"data\": [" + event("e1", "2024-01-01T01:00:00Z") + "]}")));
        source.stubFor(post(urlPathEqualTo("/events/search"))
                .withRequestBody(equalToJson("{\"range\": {\"gte\": \"2024-01-02T00:00:00Z\", \"lt\": \"2024-01-03T00:00:00Z\"}}"))
                .willReturn(okJson("{\"data\": [" + event("e2", "2024-01-02T01:00:00Z") + "]}")));

        RunRecord run = syncs.run(connector, PartitionSyncs.sync("events", "full", ""));

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().inserted()).isEqualTo(2);
        source.verify(2, postRequestedFor(urlPathEqualTo("/events/search")));
    }

    @Test
    void aMirrorRunOverSlicesDeletesExactlyTheRecordsGoneAndAFailedOneDeletesNothing() {
        String mirror = PartitionSyncs.sync("events", "full", "")
                .replace("key: external_id }", "key: external_id, mode: mirror, deleteAction: deleteUsers, maxDeletePercent: 50 }");
        stubSlices(0, null);
        assertThat(syncs.run(events(4), mirror).counters().inserted()).isEqualTo(8);

        // slice 2's second page is empty now: e1b is gone; a failed read of slice 3 deletes nothing
        stubSlices(0, "2024-01-03T00:00:00Z");
        source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-02T00:00:00Z")).withQueryParam("after", equalTo("p2"))
                .willReturn(okJson("{\"data\": []}")));
        RunRecord failed = syncs.run(events(4), mirror);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.counters().deleted()).isZero();
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(8);

        source.stubFor(get(urlPathEqualTo("/events")).withQueryParam("from", equalTo("2024-01-03T00:00:00Z")).withQueryParam("after", equalTo("p2"))
                .willReturn(okJson("{\"data\": [" + event("e2b", "2024-01-03T02:00:00Z") + "]}")));
        RunRecord complete = syncs.run(events(4), mirror);

        assertThat(complete.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(complete.counters().deleted()).isEqualTo(1);
        assertThat(syncs.sandbox.helpdesk().ledger().stream().filter(e -> e.endpoint().equals("users.delete")).map(e -> e.key()).toList())
                .containsExactly("e1b");
        assertThat(syncs.sandbox.helpdesk().userByExternalId("e1b")).isEmpty();
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(7);
    }
}
