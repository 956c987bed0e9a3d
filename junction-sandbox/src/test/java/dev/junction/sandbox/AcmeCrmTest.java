package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcmeCrmTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.250Z");

    private final MutableClock clock = new MutableClock(NOW);
    private Sandbox sandbox;
    private Http crm;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(0).withClock(clock));
        crm = Http.crm(sandbox);
    }

    @AfterEach
    void stop() {
        crm.close();
        sandbox.close();
    }

    @Test
    void cursorPaginationWalksEveryContactExactlyOnceInIdOrder() {
        List<String> ids = walk("/v1/contacts?limit=30");

        assertThat(ids).hasSize(200).doesNotHaveDuplicates().isSorted();
        assertThat(ids.getFirst()).isEqualTo("c-00001");
        assertThat(ids.getLast()).isEqualTo("c-00200");
    }

    @Test
    void theLastPageHasNoPagingObject() {
        Http.Response last = crm.get("/v1/contacts?limit=100&after="
                + crm.get("/v1/contacts?limit=100").json().at("/paging/next/after").asText());

        assertThat(last.json().get("results")).hasSize(100);
        assertThat(last.json().has("paging")).isFalse();
    }

    @Test
    void aContactHasTheDocumentedShape() {
        JsonNode contact = crm.get("/v1/contacts?limit=1").json().at("/results/0");

        assertThat(contact.get("id").asText()).isEqualTo("c-00001");
        assertThat(contact.get("properties").get("email").asText()).matches("[a-z.]+[0-9]*@example\\.com");
        assertThat(contact.get("properties").get("tier").asText()).isIn("gold", "silver", "bronze");
        assertThat(contact.get("properties").get("phone").asText()).startsWith("+1-555-");
        assertThat(contact.get("company").get("id").asText()).startsWith("co-");
        assertThat(contact.get("company").get("name").asText()).isNotBlank();
        assertThat(contact.get("updatedAt").asText()).startsWith("2026-01-");
        assertThat(Instant.parse(contact.get("createdAt").asText()))
                .isBeforeOrEqualTo(Instant.parse(contact.get("updatedAt").asText()));
    }

    @Test
    void contactEmailsAreUnique() {
        Set<String> emails = new HashSet<>();
        for (int i = 1; i <= 200; i++) {
            emails.add(sandbox.crm().contact("c-%05d".formatted(i)).orElseThrow().property("email"));
        }
        assertThat(emails).hasSize(200);
    }

    @Test
    void updatedSinceReturnsOnlyContactsUpdatedAtOrAfterTheInstant() {
        Instant since = Instant.parse("2026-01-20T00:00:00Z");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            Contact c = sandbox.crm().contact("c-%05d".formatted(i)).orElseThrow();
            if (!c.updatedAt().isBefore(since)) {
                expected.add(c.id());
            }
        }

        List<String> ids = walk("/v1/contacts?limit=7&updatedSince=" + since);

        assertThat(expected).isNotEmpty().hasSizeLessThan(200);
        assertThat(ids).containsExactlyElementsOf(expected);
    }

    @Test
    void sortUpdatedAtWalksEveryContactOnceInUpdatedAtOrderWithTheUpdatedSinceFilter() {
        List<String> ids = walk("/v1/contacts?limit=30&sort=updatedAt");

        assertThat(ids).hasSize(200).doesNotHaveDuplicates().isNotEqualTo(walk("/v1/contacts?limit=30"));
        assertThat(ids.stream().map(id -> sandbox.crm().contact(id).orElseThrow().updatedAt()).toList()).isSorted();
        Instant since = Instant.parse("2026-01-20T00:00:00Z");
        assertThat(walk("/v1/contacts?limit=7&sort=updatedAt&updatedSince=" + since))
                .containsExactlyElementsOf(ids.stream().filter(id -> !sandbox.crm().contact(id).orElseThrow().updatedAt().isBefore(since)).toList());
        // changed contacts (all at NOW here) come last, ties by id
        List<String> changed = sandbox.crm().changeContacts(3);
        assertThat(walk("/v1/contacts?limit=30&sort=updatedAt")).hasSize(200).endsWith(changed.toArray(String[]::new));
    }

    @Test
    void anUnknownSortAndACursorOfAnotherOrderAreRejected() {
        Http.Response unknown = crm.get("/v1/contacts?sort=name");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).isEqualTo("invalid_sort");
        assertThat(unknown.json().get("message").asText()).isEqualTo("sort must be 'id' (the default) or 'updatedAt', got 'name'");

        String byId = crm.get("/v1/contacts?limit=1").json().at("/paging/next/after").asText();
        Http.Response mixed = crm.get("/v1/contacts?sort=updatedAt&after=" + byId);
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().get("error").asText()).isEqualTo("invalid_cursor");
    }

    @Test
    void changedContactsAreFoundWithUpdatedSinceTheChangeTime() {
        List<String> changed = sandbox.crm().changeContacts(25);

        assertThat(walk("/v1/contacts?updatedSince=" + NOW)).containsExactlyElementsOf(changed);
    }

    @Test
    void changeContactsChangesExactlyTheReturnedDistinctContactsAndBumpsUpdatedAt() {
        Map<String, Contact> before = new java.util.HashMap<>();
        for (int i = 1; i <= 200; i++) {
            String id = "c-%05d".formatted(i);
            before.put(id, sandbox.crm().contact(id).orElseThrow());
        }

        List<String> changed = sandbox.crm().changeContacts(25);

        assertThat(changed).hasSize(25).doesNotHaveDuplicates();
        int differing = 0;
        for (Contact old : before.values()) {
            Contact now = sandbox.crm().contact(old.id()).orElseThrow();
            if (!now.equals(old)) {
                differing++;
                assertThat(changed).contains(old.id());
                assertThat(now.updatedAt()).isEqualTo(NOW);
                assertThat(now.properties()).isNotEqualTo(old.properties());
                assertThat(now.property("email")).isEqualTo(old.property("email"));
            }
        }
        assertThat(differing).isEqualTo(25);
    }

    @Test
    void changeContactsRejectsMoreThanThereAreContacts() {
        assertThatThrownBy(() -> sandbox.crm().changeContacts(201)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAdminChangeEndpointChangesContactsWithoutAToken() {
        Http.Response response = Http.anonymous(sandbox.crm().baseUrl()).post("/_admin/change?count=5", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("changed")).hasSize(5);
        assertThat(walk("/v1/contacts?updatedSince=" + NOW)).hasSize(5);
    }

    @Test
    void requestsWithoutABearerTokenAreRejectedWith401() {
        Http.Response response = Http.anonymous(sandbox.crm().baseUrl()).get("/v1/contacts");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(response.json().get("message").asText()).isEqualTo("missing or invalid bearer token");
        assertThat(sandbox.crm().stats().unauthorized()).isEqualTo(1);
    }

    @Test
    void requestsWithAWrongBearerTokenAreRejectedWith401() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(sandbox.crm().baseUrl().resolve("/v1/contacts"))
                .header("Authorization", "Bearer wrong").build();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            assertThat(client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aLimitAboveOneHundredIsRejectedWithAClearError() {
        Http.Response response = crm.get("/v1/contacts?limit=101");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_limit");
        assertThat(response.json().get("message").asText()).contains("100");
    }

    @Test
    void aCursorThatWasNotIssuedByTheEndpointIsRejected() {
        assertThat(crm.get("/v1/contacts?after=not-a-cursor").status()).isEqualTo(400);
        String companiesCursor = crm.get("/v1/companies?limit=1").json().at("/paging/next/after").asText();
        Http.Response response = crm.get("/v1/contacts?after=" + companiesCursor);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_cursor");
    }

    @Test
    void ownersShareTheirEmailsWithHelpdeskAgents() {
        List<String> ownerEmails = new ArrayList<>();
        crm.get("/v1/owners?limit=100").json().get("results").forEach(o -> ownerEmails.add(o.get("email").asText()));
        List<String> agentEmails = new ArrayList<>();
        Http.helpdesk(sandbox).get("/api/agents").json().get("data")
                .forEach(a -> agentEmails.add(a.get("email").asText()));

        assertThat(ownerEmails).hasSize(8).containsExactlyElementsOf(agentEmails);
        Set<String> contactOwners = new HashSet<>();
        crm.get("/v1/contacts?limit=100").json().get("results")
                .forEach(c -> contactOwners.add(c.at("/properties/owner_email").asText()));
        assertThat(ownerEmails).containsAll(contactOwners);
    }

    @Test
    void companiesArePaginatedLikeContacts() {
        List<String> ids = walk("/v1/companies?limit=3");

        assertThat(ids).hasSize(20).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void batchUpsertCreatesAndUpdatesContactsAndRecordsThemInTheLedger() {
        String body = crm.toJson(Map.of("inputs", List.of(
                Map.of("id", "c-00001", "properties", Map.of("lastname", "Byron", "tier", "gold")),
                Map.of("properties", Map.of("email", "new.person@example.org", "firstname", "New")))));

        Http.Response response = crm.post("/v1/contacts/batch/upsert", body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/results/0/id").asText()).isEqualTo("c-00001");
        assertThat(response.json().at("/results/0/status").asText()).isEqualTo("updated");
        assertThat(response.json().at("/results/1/id").asText()).isEqualTo("c-00201");
        assertThat(response.json().at("/results/1/status").asText()).isEqualTo("created");
        assertThat(sandbox.crm().contact("c-00001").orElseThrow().property("lastname")).isEqualTo("Byron");
        assertThat(sandbox.crm().contactCount()).isEqualTo(201);
        assertThat(sandbox.crm().ledger()).extracting(LedgerEntry::key).containsExactly("c-00001", "c-00201");
        assertThat(sandbox.crm().ledger()).allSatisfy(e -> {
            assertThat(e.endpoint()).isEqualTo("contacts.batch.upsert");
            assertThat(e.at()).isEqualTo(NOW);
        });
        assertThat(sandbox.crm().writeCountsByKey()).containsExactlyInAnyOrderEntriesOf(
                Map.of("c-00001", 1, "c-00201", 1));
    }

    @Test
    void anInvalidUpsertBatchIsRejectedAsAWholeAndChangesNothing() {
        String body = crm.toJson(Map.of("inputs", List.of(
                Map.of("id", "c-00001", "properties", Map.of("lastname", "Byron")),
                Map.of("id", "c-00002", "properties", Map.of("tier", "platinum")))));

        Http.Response response = crm.post("/v1/contacts/batch/upsert", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("index").asInt()).isEqualTo(1);
        assertThat(sandbox.crm().contact("c-00001").orElseThrow().property("lastname")).isNotEqualTo("Byron");
        assertThat(sandbox.crm().ledger()).isEmpty();
    }

    @Test
    void exceedingTheRateLimitAnswers429WithRetryAfter() {
        try (Sandbox limited = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(3).withClock(clock));
             Http http = Http.crm(limited)) {
            List<Http.Response> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(http.get("/v1/owners"));
            }

            assertThat(responses.subList(0, 3)).extracting(Http.Response::status).containsOnly(200);
            assertThat(responses.get(2).header("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(responses.get(2).header("X-RateLimit-Remaining")).isEqualTo("0");
            Http.Response limitedResponse = responses.get(3);
            assertThat(limitedResponse.status()).isEqualTo(429);
            assertThat(limitedResponse.header("Retry-After")).isEqualTo("1");
            assertThat(limitedResponse.header("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(limitedResponse.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(limitedResponse.header("X-RateLimit-Reset")).isEqualTo("1");
            assertThat(limitedResponse.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(limited.crm().stats().tooManyRequests()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(http.get("/v1/owners").status()).isEqualTo(200);
        }
    }

    @Test
    void resetClearsTheLedgerAndTheStats() {
        crm.post("/v1/contacts/batch/upsert", crm.toJson(Map.of("inputs",
                List.of(Map.of("id", "c-00003", "properties", Map.of("tier", "gold"))))));
        assertThat(sandbox.crm().ledger()).hasSize(1);

        sandbox.crm().reset();

        assertThat(sandbox.crm().ledger()).isEmpty();
        assertThat(sandbox.crm().writeCountsByKey()).isEmpty();
        assertThat(sandbox.crm().stats()).isEqualTo(new ServiceStats(0, 0, 0, 0, 0));
    }

    @Test
    void theAdminLedgerAndStatsEndpointsReportWrites() {
        crm.post("/v1/contacts/batch/upsert", crm.toJson(Map.of("inputs",
                List.of(Map.of("id", "c-00003", "properties", Map.of("tier", "gold"))))));
        Http admin = Http.anonymous(sandbox.crm().baseUrl());

        JsonNode ledger = admin.get("/_admin/ledger").json();
        JsonNode stats = admin.get("/_admin/stats").json();

        assertThat(ledger.get("size").asInt()).isEqualTo(1);
        assertThat(ledger.at("/entries/0/key").asText()).isEqualTo("c-00003");
        assertThat(ledger.at("/entries/0/payload/properties/tier").asText()).isEqualTo("gold");
        assertThat(ledger.at("/writeCountsByKey/c-00003").asInt()).isEqualTo(1);
        assertThat(stats.get("requests").asLong()).isEqualTo(1);
        assertThat(stats.get("ledgerSize").asInt()).isEqualTo(1);
    }

    @Test
    void unknownPathsAnswerAJson404() {
        Http.Response response = crm.get("/v1/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asText()).isEqualTo("not_found");
    }

    private List<String> walk(String firstPath) {
        List<String> ids = new ArrayList<>();
        String path = firstPath;
        while (path != null) {
            Http.Response page = crm.get(path);
            assertThat(page.status()).isEqualTo(200);
            page.json().get("results").forEach(r -> ids.add(r.get("id").asText()));
            JsonNode after = page.json().at("/paging/next/after");
            path = after.isMissingNode() ? null
                    : firstPath + (firstPath.contains("?") ? "&" : "?") + "after=" + after.asText();
        }
        return ids;
    }
}
