package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Role;
import dev.junction.server.api.ApiFixture;
import dev.junction.server.api.OperationsData;
import dev.junction.store.DeadLetter;
import dev.junction.store.DriftEvent;
import dev.junction.store.ErrorClass;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxRepository;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import dev.junction.store.StoredSchema;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's run page (timeline, row errors by reason, requests by record key, dead letters in pages
 * with Replay and Discard), its inbox pages and the overview's records chart, deprecations, drift and
 * inbox lag, over HTTP: real runs against the sandboxes (every contact but gold ones fails mapping), plus
 * hostile text in a dead letter, an exchange, an inbox payload and a drift event, shown as text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleRunsTest {
    static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
    static final String HOSTILE_ESCAPED = "&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=\"window.pwned=2\"&gt;";

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static OperationsData data;
    /** A run of northwind's with 60 dead letters of two classes, made through the store. */
    static String bigRun;
    static long deadEvent;
    static long globexEvent;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
        Seeded seeded = seed(api);
        data = seeded.data();
        bigRun = seeded.bigRun();
        deadEvent = seeded.deadEvent();
        globexEvent = seeded.globexEvent();
    }

    /** What {@link #seed} stored: the real runs, a run with 60 dead letters, and a dead inbox event of northwind's and of globex's. */
    record Seeded(OperationsData data, String bigRun, long deadEvent, long globexEvent) {}

    /**
     * Real runs ({@link OperationsData}), hostile text in a dead letter and a 429 exchange (record key
     * {@code hostile-key-1}) of northwind's run, a run of northwind's with 60 dead letters of two reasons,
     * a dead inbox event each of northwind (hostile payload, a password) and globex, deprecation signals and
     * a drift event of northwind's CRM with hostile text.
     */
    static Seeded seed(ApiFixture api) {
        OperationsData data = OperationsData.make(api);
        Instant now = Instant.now();
        var store = api.engine.store();
        String northwindRun = data.northwindRun.id();
        store.deadLetters().add(new DeadLetter(0, now, northwindRun, data.northwindRun.sync(), "c-" + HOSTILE, "HTTP 422: " + HOSTILE, "{}", null,
                DeadLetter.State.OPEN, null, null, DeadLetter.Kind.WRITE, "northwind"));
        store.exchanges().append(new ExchangeRecord(0, now, northwindRun, "northwind", "northwind-helpdesk", "POST",
                "http://127.0.0.1:9/contacts?q=" + HOSTILE, 429, 5, 2, Map.of("Authorization", List.of("[redacted]")), "{\"name\":\"" + HOSTILE + "\"}",
                Map.of("Retry-After", List.of("1")), "{\"error\":\"" + HOSTILE + "\"}", null, List.of("hostile-key-1")));
        String big = "run-many-dead-letters";
        store.runs().start(big, data.northwindRun.sync(), "northwind", "api", now.minusSeconds(60));
        store.runs().finish(big, RunStatus.PARTIAL, new RunCounters(100, 40, 0, 0, 60, 0, 0, 0), null, now.minusSeconds(30));
        ErrorClass validation = new ErrorClass(ErrorClass.PERMANENT, "https://helpdesk.example/problems/validation");
        for (int i = 1; i <= 60; i++) {
            store.deadLetters().add(new DeadLetter(0, now.minusSeconds(60 - i), big, data.northwindRun.sync(), String.format("big-%02d", i),
                    i <= 45 ? "HTTP 422: email of big-" + i + " invalid" : "no value for priority", null, "{\"id\":\"big-" + i + "\"}", DeadLetter.State.OPEN,
                    null, null, DeadLetter.Kind.WRITE, "northwind", i <= 45 ? validation : null));
        }
        long dead = deadInboxEvent(api, "northwind-crm", "northwind", "{\"name\":\"" + HOSTILE.replace("\"", "\\\"") + "\",\"password\":\"hunter2-secret\"}");
        long globex = deadInboxEvent(api, "globex-crm", "globex", "{\"name\":\"globex-only\"}");
        store.endpointSignals().record("northwind-crm", "GET", "/contacts", "Sunset", "Sat, 01 Jan 2028 00:00:00 GMT " + HOSTILE, now);
        store.endpointSignals().record("globex-crm", "GET", "/contacts", "Deprecation", "globex-deprecation", now);
        store.schemas().save(new StoredSchema("northwind-crm", "contacts", "{\"type\":\"object\"}", 1, now));
        store.schemas().addDrift(List.of(new DriftEvent(northwindRun, "northwind-crm", "contacts", "field" + HOSTILE, "added", null, "string", now)));
        return new Seeded(data, big, dead, globex);
    }

    /** An inbox event of {@code tenant}, made dead as a worker would after its last attempt. */
    static long deadInboxEvent(ApiFixture api, String source, String tenant, String payload) {
        long id = api.engine.inbox().accept(new InboxRepository.NewEvent(source, tenant, "evt-" + tenant + "-" + System.nanoTime(), "contact.updated",
                "c-00001", "sync:none-" + tenant, payload.getBytes(StandardCharsets.UTF_8), Instant.now(), false, null)).id();
        List<InboxEvent> claimed = api.engine.inbox().claim("console-test", 100, Duration.ofMinutes(5));
        assertThat(claimed).extracting(InboxEvent::id).contains(id);
        assertThat(api.engine.inbox().deadLetter(id, "console-test", "the subscriber said " + HOSTILE)).isTrue();
        return id;
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theRunPageShowsTheTimelineCountersAndRowErrorsByReason() throws Exception {
        ConsoleSession viewer = ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER));

        String page = ok(viewer.get("/console/runs/" + data.northwindRun.id()));

        assertThat(page).contains("Timeline", "Run started (trigger test)", "pages read", "Run ended partial", "1 call throttled (429)");
        assertThat(page).contains("class=\"tick-read\"", "class=\"tick-throttled\"");
        String reasons = section(page, "reasons", "requests");
        assertThat(reasons).contains("HTTP 422: " + HOSTILE_ESCAPED).doesNotContain(HOSTILE);
        int failedByMapping = data.northwindDeadLetters.size();
        assertThat(reasons).contains("<td>" + failedByMapping + "</td>");
        assertThat(page).doesNotContain("Replay selected").as("a viewer sees no form");

        String big = ok(viewer.get("/console/runs/" + bigRun));
        assertThat(section(big, "reasons", "requests")).contains("<td>45</td>", "<td>15</td>", "https://helpdesk.example/problems/validation",
                "no value for priority", "big-01", "big-46").containsSubsequence("<td>45</td>", "<td>15</td>");
    }

    @Test
    void theRunsRequestsAreFilteredByRecordKeyWithBodiesShownAsText() throws Exception {
        ConsoleSession viewer = ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER));
        String runId = data.northwindRun.id();
        ExchangeRecord write = api.engine.exchanges().find(new ExchangeQuery(runId, null, null, 1000)).stream()
                .filter(e -> e.recordKeys() != null && !e.recordKeys().isEmpty() && !e.recordKeys().contains("hostile-key-1")).findFirst().orElseThrow();
        String key = write.recordKeys().getFirst();
        int carrying = api.engine.exchanges().find(new ExchangeQuery(runId, null, key, 1000)).size();

        String filtered = section(ok(viewer.get("/console/runs/" + runId + "?key=" + ConsoleSession.enc(key))), "requests", "dead-letters");

        assertThat(filtered).contains("value=\"" + key + "\"");
        assertThat(rows(filtered, "<details>")).isEqualTo(carrying);
        assertThat(filtered).doesNotContain("hostile-key-1");

        String hostile = section(ok(viewer.get("/console/runs/" + runId + "?key=hostile-key-1")), "requests", "dead-letters");
        assertThat(rows(hostile, "<details>")).isEqualTo(1);
        assertThat(hostile).contains("{\"name\":\"" + HOSTILE_ESCAPED + "\"}", "429", "[redacted]").doesNotContain("<script>");
        assertThat(ok(viewer.get("/console/runs/" + runId + "?key=no-such-key"))).contains("No request of this run carried that record key.");
    }

    @Test
    void deadLettersArePagedFiftyAtATime() throws Exception {
        ConsoleSession viewer = ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER));

        String first = section(ok(viewer.get("/console/runs/" + bigRun)), "dead-letters", "</main>");
        assertThat(rows(first, "<tr id=\"dead-letter-")).isEqualTo(50);
        assertThat(first).contains("big-60").doesNotContain("big-10<");
        Matcher next = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">Next dead letters</a>").matcher(first);
        assertThat(next.find()).isTrue();

        String second = section(ok(viewer.get(next.group(1).replace("&amp;", "&").replaceAll("#.*", ""))), "dead-letters", "</main>");
        assertThat(rows(second, "<tr id=\"dead-letter-")).isEqualTo(10);
        assertThat(second).contains("big-01", "big-10").doesNotContain("Next dead letters");
        assertThat(viewer.get("/console/runs/" + bigRun + "?letters=not-a-cursor").statusCode()).isEqualTo(400);
        assertThat(viewer.get("/console/runs/" + bigRun + "?state=closed").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(Order.DEFAULT + 1) // changes dead letters the other tests read
    void anEditorReplaysATickedDeadLetterAndItLeavesTheOpenList() throws Exception {
        ConsoleSession editor = ConsoleSession.signIn(api, api.tenant("globex", Role.EDITOR));
        String path = "/console/runs/" + data.globexRun.id();
        assertThat(ok(editor.get(path))).contains("Replay selected", "Discard selected", "Replay all open of this run");
        DeadLetter letter = data.globexDeadLetters.getFirst();

        HttpResponse<String> replayed = editor.post(path + "/deadletters/replay", "id", Long.toString(letter.id()));

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(303);
        String location = replayed.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(path + "?replayedBy=");
        assertThat(api.engine.deadLetters().get(letter.id()).state()).isEqualTo(DeadLetter.State.REPLAYED);
        String after = ok(editor.get(location.replaceAll("#.*", "")));
        assertThat(after).contains("Replay started:").doesNotContain("id=\"dead-letter-" + letter.id() + "\"");
        assertThat(ok(editor.get(path + "?state=replayed"))).contains("id=\"dead-letter-" + letter.id() + "\"");
        assertThat(editor.post(path + "/deadletters/replay", "id", Long.toString(letter.id())).statusCode()).as("no longer open").isEqualTo(409);
    }

    @Test
    @Order(Order.DEFAULT + 2) // changes dead letters the other tests read
    void anEditorDiscardsAllOpenDeadLettersOfARun() throws Exception {
        ConsoleSession editor = ConsoleSession.signIn(api, api.tenant("northwind", Role.EDITOR));

        HttpResponse<String> discarded = editor.post("/console/runs/" + bigRun + "/deadletters/discard", "all", "true");

        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(303);
        assertThat(discarded.headers().firstValue("Location")).hasValue("/console/runs/" + bigRun + "?discarded=60#dead-letters");
        assertThat(ok(editor.get("/console/runs/" + bigRun + "?discarded=60"))).contains("60 dead letter(s) discarded.", "No open dead letters.");
        assertThat(api.engine.deadLetters().list(null, null, bigRun, 100)).extracting(DeadLetter::state).containsOnly(DeadLetter.State.DISCARDED);
    }

    @Test
    void formsAreRefusedWithoutCsrfForViewersAndForDeadLettersOfAnotherRunOrTenant() throws Exception {
        ConsoleSession editor = ConsoleSession.signIn(api, api.tenant("northwind", Role.EDITOR));
        String northwind = "/console/runs/" + data.northwindRun.id();
        long northwindLetter = data.northwindDeadLetters.getLast().id();

        assertThat(editor.postWithout(northwind + "/deadletters/replay", "id", Long.toString(northwindLetter)).statusCode()).isEqualTo(403);
        assertThat(ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER)).post(northwind + "/deadletters/discard", "all", "true").statusCode())
                .isEqualTo(403);
        assertThat(editor.post("/console/runs/" + bigRun + "/deadletters/discard", "id", Long.toString(northwindLetter)).statusCode())
                .as("a dead letter of another run").isEqualTo(404);
        assertThat(editor.post("/console/runs/" + data.globexRun.id() + "/deadletters/discard", "all", "true").statusCode())
                .as("another tenant's run").isEqualTo(404);
        assertThat(editor.get("/console/runs/" + data.globexRun.id()).statusCode()).isEqualTo(404);
        assertThat(editor.post(northwind + "/deadletters/discard").statusCode()).as("nothing ticked").isEqualTo(400);
        assertThat(editor.post(northwind + "/deadletters/discard", "id", "<script>").statusCode()).isEqualTo(400);
        assertThat(api.engine.deadLetters().get(northwindLetter).state()).isEqualTo(DeadLetter.State.OPEN);
    }

    @Test
    void theInboxListsEventsByStatusAndATenantSeesItsOwnOnly() throws Exception {
        ConsoleSession northwind = ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER));

        String dead = ok(northwind.get("/console/inbox?status=dead"));

        assertThat(dead).contains("/console/inbox/" + deadEvent, "northwind-crm", "contact.updated", "the subscriber said " + HOSTILE_ESCAPED)
                .doesNotContain("globex", HOSTILE);
        assertThat(ok(northwind.get("/console/inbox?status=done"))).contains("No events in status done.");
        assertThat(northwind.get("/console/inbox?status=closed").statusCode()).isEqualTo(400);
        assertThat(northwind.get("/console/inbox/" + globexEvent).statusCode()).isEqualTo(404);
        ConsoleSession admin = ConsoleSession.signIn(api, api.admin());
        assertThat(ok(admin.get("/console/inbox"))).contains("/console/inbox/" + deadEvent, "/console/inbox/" + globexEvent);
    }

    @Test
    @Order(Order.DEFAULT + 3) // replays the dead inbox event the other tests read
    void anInboxEventShowsItsPayloadRedactedAndAnEditorReplaysItWhenDead() throws Exception {
        ConsoleSession viewer = ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER));
        String page = ok(viewer.get("/console/inbox/" + deadEvent));
        assertThat(page).contains("id=\"event-status\">dead<", "[redacted]", "&lt;script&gt;window.pwned=1").doesNotContain("hunter2-secret", HOSTILE, ">Replay<");

        ConsoleSession editor = ConsoleSession.signIn(api, api.tenant("northwind", Role.EDITOR));
        assertThat(ok(editor.get("/console/inbox/" + deadEvent))).contains(">Replay</button>");
        HttpResponse<String> replayed = editor.post("/console/inbox/" + deadEvent + "/replay");

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(303);
        assertThat(replayed.headers().firstValue("Location")).hasValue("/console/inbox/" + deadEvent);
        assertThat(api.engine.inbox().get(deadEvent).status()).isNotEqualTo(InboxEvent.Status.DEAD);
        assertThat(editor.post("/console/inbox/" + deadEvent + "/replay").statusCode()).as("not dead any more").isEqualTo(409);
    }

    @Test
    void theOverviewShowsRecordsPerHourDeprecationsDriftAndForOperatorsTheInboxLag() throws Exception {
        ConsoleSession northwind = ConsoleSession.signIn(api, api.tenant("northwind", Role.VIEWER));

        String page = ok(northwind.get("/console"));

        long written = data.northwindRun.counters().written() + data.northwindRun.counters().deleted() + 40;
        long failed = data.northwindRun.counters().failed() + 60;
        assertThat(page).contains("id=\"records-chart\"", "id=\"records-written\">" + written + " written<", "id=\"records-failed\">" + failed + " failed<");
        assertThat(section(page, "Deprecations", "Schema drift")).contains("northwind-crm", "Sunset", HOSTILE_ESCAPED).doesNotContain("globex");
        assertThat(section(page, "Schema drift", "</main>")).contains("field" + HOSTILE_ESCAPED, "/console/runs/" + data.northwindRun.id());
        assertThat(page).doesNotContain("Inbox lag").doesNotContain(HOSTILE);

        String operators = ok(ConsoleSession.signIn(api, api.viewer()).get("/console"));
        assertThat(operators).contains("Inbox lag", "id=\"inbox-lag\"", "globex-deprecation");
    }

    static String ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain(" style=");
        return response.body();
    }

    /** The part of a page from the first {@code from} to the next {@code to}. */
    static String section(String page, String from, String to) {
        int start = page.indexOf(from);
        assertThat(start).as("'" + from + "' in the page").isNotNegative();
        int end = page.indexOf(to, start + from.length());
        return end < 0 ? page.substring(start) : page.substring(start, end);
    }

    static int rows(String html, String marker) {
        int n = 0;
        for (int i = html.indexOf(marker); i >= 0; i = html.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }
}
