package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync's {@code schedule:} (cron with a zone, or every) and {@code on:} triggers, and what is wrong with bad ones. */
class SpecLoaderScheduleTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String extra) {
        return load(extra, WEBHOOKS);
    }

    /** The CRM connector of the fixtures takes Standard Webhooks (recordKey $.data.id) unless told otherwise. */
    /** The fixture's contacts stream, able to fetch one contact by id. */
    private static String withGet(String connector) {
        String request = "    request: { path: /v1/contacts, query: { limit: 100, region: \"{{ config.region }}\" } }\n";
        assertThat(connector).contains(request);
        return connector.replace(request, request + "    get: { path: \"/v1/contacts/{{ id }}\" }\n");
    }

    private static final String WEBHOOKS = """
            webhooks:
              verify: { scheme: standard-webhooks, secret: "{{ secrets.token }}" }
              recordKey: $.data.id
            """;

    private LoadResult load(String extra, String crmWebhooks) {
        List<SourceText> texts = new ArrayList<>();
        for (SourceText text : SpecLoaderProblemsTest.validFixtures()) {
            texts.add(text.origin().equals("acme-crm.yaml") ? new SourceText(text.origin(), withGet(text.text()) + crmWebhooks) : text);
        }
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: timed
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                """ + extra));
        return loader.loadTexts(texts);
    }

    private SyncSpec sync(String extra) {
        LoadResult result = load(extra);
        assertThat(result.problems()).isEmpty();
        return result.syncs().get("timed");
    }

    private List<String> problems(String extra) {
        return problems(extra, WEBHOOKS);
    }

    private List<String> problems(String extra, String crmWebhooks) {
        return load(extra, crmWebhooks).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aFiveFieldCronStringIsAScheduleInUtcThatSkipsOverlapsAndCatchesUpOnce() {
        ScheduleSpec schedule = sync("schedule: \"*/15 * * * *\"\n").schedule();

        assertThat(schedule).isEqualTo(new ScheduleSpec("*/15 * * * *", null, ZoneId.of("UTC").normalized(), ScheduleSpec.Overlap.SKIP,
                ScheduleSpec.CatchUp.ONE));
        assertThat(schedule.nextFires(Instant.parse("2026-05-04T10:07:30Z"), 3)).containsExactly(
                Instant.parse("2026-05-04T10:15:00Z"), Instant.parse("2026-05-04T10:30:00Z"), Instant.parse("2026-05-04T10:45:00Z"));
        assertThat(schedule.describe()).isEqualTo("cron '*/15 * * * *' in Z");
    }

    @Test
    void aCronMapTakesAZoneAndPoliciesAndSixFieldsWithSeconds() {
        ScheduleSpec berlin = sync("schedule: { cron: \"0 6 * * MON-FRI\", zone: Europe/Berlin, overlap: queue, catchUp: none }\n").schedule();
        assertThat(berlin).isEqualTo(new ScheduleSpec("0 6 * * MON-FRI", null, ZoneId.of("Europe/Berlin"), ScheduleSpec.Overlap.QUEUE,
                ScheduleSpec.CatchUp.NONE));

        ScheduleSpec seconds = sync("schedule: { cron: \"30 0 * * * *\" }\n").schedule();
        assertThat(seconds.nextAfter(Instant.parse("2026-05-04T10:07:30Z"))).isEqualTo(Instant.parse("2026-05-04T11:00:30Z"));
    }

    @Test
    void anEveryScheduleTakesADurationOfAtLeastASecond() {
        assertThat(sync("schedule: { every: 15m, catchUp: none }\n").schedule())
                .isEqualTo(new ScheduleSpec(null, Duration.ofMinutes(15), null, ScheduleSpec.Overlap.SKIP, ScheduleSpec.CatchUp.NONE));
        assertThat(sync("schedule: { every: 1s }\n").schedule().nextFires(Instant.EPOCH, 2))
                .containsExactly(Instant.ofEpochSecond(1), Instant.ofEpochSecond(2));
        assertThat(sync("").schedule()).isNull();
    }

    @Test
    void cronFireTimesFollowTheZonesWallClockThroughTheWeekItsClocksGoForward() {
        // Europe/Berlin goes from UTC+1 to UTC+2 on Sunday 2026-03-29 at 02:00
        ScheduleSpec weekdays = sync("schedule: { cron: \"0 6 * * MON-FRI\", zone: Europe/Berlin }\n").schedule();
        assertThat(weekdays.nextFires(Instant.parse("2026-03-26T00:00:00Z"), 4)).containsExactly(
                Instant.parse("2026-03-26T05:00:00Z"), Instant.parse("2026-03-27T05:00:00Z"),
                Instant.parse("2026-03-30T04:00:00Z"), Instant.parse("2026-03-31T04:00:00Z"));

        // 02:30 does not exist on the 29th: no fire that day
        ScheduleSpec night = sync("schedule: { cron: \"30 2 * * *\", zone: Europe/Berlin }\n").schedule();
        assertThat(night.nextFires(Instant.parse("2026-03-27T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void badSchedulesAreReportedWithTheirPlaceAndWhatIsExpected() {
        assertThat(problems("schedule: \"0 61 * * *\"\n")).containsExactly(
                "case.yaml:7:11 schedule: '0 61 * * *' is not a valid cron expression: Value 61 not in range [0, 23]"
                        + " (fields: minute hour day-of-month month day-of-week)");
        assertThat(problems("schedule: \"every 15m\"\n")).containsExactly(
                "case.yaml:7:11 schedule: 'every 15m' is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week,"
                        + " such as '*/15 * * * *') or 6 (seconds first), found 2");
        assertThat(problems("schedule: { cron: \"0 6 * * MON-FRY\" }\n")).hasSize(1).first().asString()
                .startsWith("case.yaml:7:19 schedule.cron: '0 6 * * MON-FRY' is not a valid cron expression: ");
        assertThat(problems("schedule: { every: 500ms }\n")).containsExactly("case.yaml:7:20 schedule.every: expected at least 1s, found '500ms'");
        assertThat(problems("schedule: { cron: \"* * * * *\", every: 1m }\n")).containsExactly(
                "case.yaml:7:11 schedule: expected either cron or every, found both");
        assertThat(problems("schedule: { overlap: skip }\n")).containsExactly(
                "case.yaml:7:11 schedule: expected cron (such as \"0 6 * * MON-FRI\") or every (such as 15m), found neither");
        assertThat(problems("schedule: { every: 1m, overlap: wait, catchup: all }\n")).containsExactly(
                "case.yaml:7:33 schedule.overlap: 'wait' is not one of skip, queue",
                "case.yaml:7:39 schedule.catchup: unknown key; did you mean 'catchUp'? (allowed: cron, every, zone, overlap, catchUp)");
        assertThat(problems("schedule: { every: 1m, zone: UTC }\n")).containsExactly(
                "case.yaml:7:30 schedule.zone: a zone only applies to a cron expression; 'every' counts from the last fire, whatever the zone;"
                        + " remove zone");
        assertThat(problems("schedule: [1]\n")).containsExactly("case.yaml:7:11 schedule: expected a cron expression such as \"*/15 * * * *\","
                + " or a mapping { cron: ..., zone: ... } or { every: 15m }, found a list");
    }

    @Test
    void anUnknownZoneSuggestsTheClosestOne() {
        assertThat(problems("schedule: { cron: \"0 6 * * *\", zone: europe/berlin }\n")).containsExactly(
                "case.yaml:7:38 schedule.zone: unknown time zone 'europe/berlin'; did you mean 'Europe/Berlin'?;"
                        + " expected a region such as Europe/Berlin or America/New_York, or UTC");
        assertThat(problems("schedule: { cron: \"0 6 * * *\", zone: Berlin }\n")).first().asString()
                .contains("unknown time zone 'Berlin'; did you mean 'Europe/Berlin'?");
        assertThat(problems("schedule: { cron: \"0 6 * * *\", zone: Europe/Berlim }\n")).first().asString()
                .contains("did you mean 'Europe/Berlin'?");
    }

    @Test
    void onReadsAWebhookTriggerOfAConnectionWithEventPatternsAndAPollTrigger() {
        SyncSpec sync = sync("on: { webhook: { connection: crm, events: [contact.*, deal.created] }, poll: { every: 1m } }\n");

        assertThat(sync.triggers()).isEqualTo(new SyncSpec.Triggers(new SyncSpec.Webhook("crm", List.of("contact.*", "deal.created")),
                new SyncSpec.Poll(Duration.ofMinutes(1))));
        assertThat(sync.triggers().webhook().matches("contact.updated")).isTrue();
        assertThat(sync.triggers().webhook().matches("deal.created")).isTrue();
        assertThat(sync.triggers().webhook().matches("deal.deleted")).isFalse();
        assertThat(sync("on: { webhook: { connection: crm } }\n").triggers().webhook().events()).containsExactly("*");
        assertThat(sync("").triggers()).isEqualTo(SyncSpec.Triggers.NONE);
    }

    @Test
    void badTriggersAreReportedWithTheirPlace() {
        assertThat(problems("on: { webhook: { connection: crn, events: [contact.*] } }\n")).containsExactly(
                "case.yaml:7:30 on.webhook.connection: unknown connection 'crn'; did you mean 'crm'? (loaded connections: crm, helpdesk)");
        assertThat(problems("on: { webhook: { connection: helpdesk } }\n")).containsExactly(
                "case.yaml:7:30 on.webhook.connection: connection 'helpdesk' is of connector 'helpdesk', but the sync reads from connector"
                        + " 'acme-crm'; name a connection of 'acme-crm'");
        assertThat(problems("on: { webhook: { events: [\"a b\"] }, pol: {} }\n")).containsExactly(
                "case.yaml:7:27 on.webhook.events[0]: expected an event type pattern such as contact.* or deal.created, found 'a b'",
                "case.yaml:7:37 on.pol: unknown key; did you mean 'poll'? (allowed: webhook, poll)");
        assertThat(problems("on: { poll: { every: soon } }\n")).containsExactly(
                "case.yaml:7:22 on.poll.every: expected a duration such as 500ms, 2s, 1m or 1h, found 'soon'");
        assertThat(problems("on: {}\n")).containsExactly("case.yaml:7:5 on: expected webhook: { connection, events } or poll: { every }, found neither");
    }

    @Test
    void aWebhookTriggerWithoutAConnectionTakesTheSourceConnectionsEventsAndMayFetchRecords() {
        SyncSpec sync = sync("on: { webhook: { events: [contact.*], fetch: true } }\n");

        assertThat(sync.triggers().webhook()).isEqualTo(new SyncSpec.Webhook(null, List.of("contact.*"), true));
        assertThat(sync("on: { webhook: { run: true } }\n").triggers().webhook()).isEqualTo(new SyncSpec.Webhook(null, List.of("*"), false, true));
        assertThat(problems("on: { webhook: { fetch: true, run: true } }\n")).singleElement().asString()
                .contains("on.webhook.run: run: true reads the source for changes when an event comes, fetch: true reads each event's record by its"
                        + " key; give one of them");
    }

    @Test
    void aWebhookTriggerNeedsAConnectorThatTakesWebhooksAndFetchingNeedsAGetAndARecordKey() {
        assertThat(problems("on: { webhook: { events: [contact.*] } }\n", "")).containsExactly(
                "case.yaml:7:16 on.webhook: connector 'acme-crm' declares no webhooks: section, so no event can reach this sync;"
                        + " add webhooks: { verify: ... } to the connector");
        assertThat(problems("on: { webhook: { fetch: true } }\n", WEBHOOKS.replace("  recordKey: $.data.id\n", ""))).containsExactly(
                "case.yaml:7:16 on.webhook.fetch: fetch: true needs the record's key from each event, but connector 'acme-crm' names no"
                        + " webhooks.recordKey");
        assertThat(problems("on: { webhook: { fetch: true } }\n".replace("fetch", "fetch"), WEBHOOKS)).isEmpty();
        assertThat(problems("on: { webhook: { fetch: maybe } }\n")).singleElement().asString().contains("on.webhook.fetch");
    }

    @Test
    void aPollTriggerNeedsAnIncrementalStreamReadAsOne() {
        assertThat(problems("on: { poll: { every: 1m } }\n")).isEmpty();
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: polled
                source: { connection: crm, stream: companies }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                on: { poll: { every: 1m } }
                """));
        assertThat(loader.loadTexts(texts).problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:7:13 on.poll: a poll reads its stream incrementally, but stream 'companies' of connector 'acme-crm' declares no"
                        + " incremental:; add incremental: { cursorField: updatedAt, param: updatedSince } (its names) to the stream, or use a"
                        + " schedule: instead");
    }

    @Test
    void aScheduleIsEitherCronOrEvery() {
        assertThatThrownBy(() -> new ScheduleSpec(null, null, null, null, null)).hasMessage("a schedule has either a cron expression or a period, not neither");
        assertThatThrownBy(() -> ScheduleSpec.cron("-")).hasMessageContaining("is not a cron expression");
        assertThat(ScheduleSpec.cron("0 6 * * *").timing()).isEqualTo("cron:0 0 6 * * *@Z");
        assertThat(ScheduleSpec.every(Duration.ofSeconds(90)).describe()).isEqualTo("every 90s");
    }
}
