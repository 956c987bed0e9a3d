package dev.junction.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HelpdeskTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private Sandbox sandbox;
    private Http helpdesk;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withHelpdeskUsers(23).withClock(new MutableClock(NOW)));
        helpdesk = Http.helpdesk(sandbox);
    }

    @AfterEach
    void stop() {
        helpdesk.close();
        sandbox.close();
    }

    @Test
    void offsetPaginationVisitsEveryUserOnceAndReportsTheTotal() {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 10) {
            JsonNode page = helpdesk.get("/api/users?offset=" + offset + "&limit=10").json();
            assertThat(page.get("total").asInt()).isEqualTo(23);
            assertThat(page.get("offset").asInt()).isEqualTo(offset);
            assertThat(page.get("limit").asInt()).isEqualTo(10);
            if (page.get("data").isEmpty()) {
                break;
            }
            page.get("data").forEach(u -> ids.add(u.get("id").asText()));
        }

        assertThat(ids).hasSize(23).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aLimitAboveOneHundredOrANegativeOffsetIsRejected() {
        assertThat(helpdesk.get("/api/users?limit=101").status()).isEqualTo(400);
        assertThat(helpdesk.get("/api/users?offset=-1").json().get("error").asText()).isEqualTo("invalid_offset");
    }

    @Test
    void aUserHasTheDocumentedShapeAndSomeUsersHaveNoExternalId() {
        JsonNode users = helpdesk.get("/api/users?limit=100").json().get("data");
        JsonNode first = users.get(0);

        assertThat(first.get("id").asText()).isEqualTo("u-00001");
        assertThat(first.get("external_id").asText()).isEqualTo("c-00001");
        assertThat(first.get("email").asText())
                .isEqualTo(sandbox.crm().contact("c-00001").orElseThrow().property("email"));
        assertThat(first.get("priority").asInt()).isBetween(1, 3);
        assertThat(first.get("profile").isObject()).isTrue();
        assertThat(first.get("owner_id").asText()).startsWith("a-");
        assertThat(first.get("created_at").asText()).startsWith("2026-01-");
        long unlinked = 0;
        for (JsonNode user : users) {
            if (user.get("external_id").isNull()) {
                unlinked++;
            }
        }
        assertThat(unlinked).isBetween(1L, 22L);
    }

    @Test
    void agentsAndTicketsArePaginatedWithOffsets() {
        JsonNode agents = helpdesk.get("/api/agents?limit=5").json();
        JsonNode tickets = helpdesk.get("/api/tickets").json();

        assertThat(agents.get("total").asInt()).isEqualTo(8);
        assertThat(agents.get("data")).hasSize(5);
        assertThat(agents.at("/data/0/id").asText()).isEqualTo("a-01");
        assertThat(tickets.get("total").asInt()).isGreaterThan(0);
        assertThat(tickets.at("/data/0/priority").asInt()).isBetween(1, 3);
        assertThat(tickets.at("/data/0/requester_id").asText()).startsWith("u-");
    }

    @Test
    void batchWithOneInvalidRecordGivesPerRecordResultsAndOnlyAcceptedRecordsReachTheLedger() {
        String body = helpdesk.toJson(Map.of("users", List.of(
                user("c-00001", "first@example.com", 1),
                user("ext-new", "second@example.com", 7),
                user("ext-other", "third@example.com", 2))));

        Http.Response response = helpdesk.post("/api/users/batch", body);

        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("status").asText()).isEqualTo("updated");
        assertThat(results.get(0).get("id").asText()).isEqualTo("u-00001");
        assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(results.get(1).get("external_id").asText()).isEqualTo("ext-new");
        assertThat(results.get(1).get("status").asText()).isEqualTo("error");
        assertThat(results.get(1).has("id")).isFalse();
        assertThat(results.get(1).at("/error/code").asText()).isEqualTo("invalid_priority");
        assertThat(results.get(1).at("/error/message").asText()).isEqualTo("priority must be 1, 2 or 3, got 7");
        assertThat(results.get(2).get("status").asText()).isEqualTo("created");
        assertThat(results.get(2).get("id").asText()).isEqualTo("u-00024");

        assertThat(sandbox.helpdesk().ledger()).extracting(LedgerEntry::key).containsExactly("c-00001", "ext-other");
        assertThat(sandbox.helpdesk().ledger().getFirst().endpoint()).isEqualTo("users.batch");
        assertThat(sandbox.helpdesk().ledger().getFirst().payload()).containsEntry("email", "first@example.com");
        assertThat(sandbox.helpdesk().userByExternalId("ext-new")).isEmpty();
        assertThat(sandbox.helpdesk().userByExternalId("ext-other").orElseThrow().priority()).isEqualTo(2);
    }

    @Test
    void eachValidationRuleReportsItsOwnErrorCode() {
        Map<String, Object> badOwner = user("e4", "d@example.com", 1);
        badOwner.put("owner_id", "a-99");
        Map<String, Object> noEmail = new HashMap<>(Map.of("external_id", "e2"));
        String body = helpdesk.toJson(Map.of("users", List.of(
                Map.of("email", "a@example.com"), noEmail, user("e3", "not-an-email", 1), badOwner, "oops")));

        JsonNode results = helpdesk.post("/api/users/batch", body).json().get("results");

        assertThat(results).extracting(r -> r.at("/error/code").asText())
                .containsExactly("missing_external_id", "invalid_email", "invalid_email", "unknown_owner",
                        "invalid_record");
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void aBatchOfFiftyOneUsersIsRejected() {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            users.add(user("bulk-" + i, "bulk" + i + "@example.com", 3));
        }

        Http.Response response = helpdesk.post("/api/users/batch", helpdesk.toJson(Map.of("users", users)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("batch_too_large");
        assertThat(response.json().get("message").asText()).isEqualTo("at most 50 users per batch");
        assertThat(response.json().get("max").asInt()).isEqualTo(50);
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void aBatchOfFiftyUsersIsAccepted() {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            users.add(user("bulk-" + i, "bulk" + i + "@example.com", 3));
        }

        Http.Response response = helpdesk.post("/api/users/batch", helpdesk.toJson(Map.of("users", users)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(sandbox.helpdesk().ledger()).hasSize(50);
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(73);
    }

    @Test
    void malformedJsonIsRejectedWithAMessage() {
        Http.Response response = helpdesk.post("/api/users/batch", "{\"users\": [");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_json");
        assertThat(response.json().get("message").asText()).isNotBlank();
    }

    @Test
    void upsertingTheSameExternalIdTwiceUpdatesTheUserAndCountsBothWrites() {
        helpdesk.post("/api/users/batch", helpdesk.toJson(Map.of("users", List.of(user("x-1", "x@example.com", 3)))));
        helpdesk.post("/api/users/batch", helpdesk.toJson(Map.of("users", List.of(user("x-1", "y@example.com", 1)))));

        HelpdeskUser user = sandbox.helpdesk().userByExternalId("x-1").orElseThrow();
        assertThat(user.email()).isEqualTo("y@example.com");
        assertThat(user.priority()).isEqualTo(1);
        assertThat(user.updatedAt()).isEqualTo(NOW);
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsEntry("x-1", 2);
    }

    @Test
    void aBatchDeleteRemovesUsersReportsUnknownOnesAsNotFoundRefusesHeldOnesAndLedgersEachDeletion() {
        sandbox.helpdesk().hold("c-00003", true);

        JsonNode results = helpdesk.post("/api/users/delete",
                helpdesk.toJson(Map.of("external_ids", List.of("c-00001", "nobody", "c-00003")))).json().get("results");

        assertThat(results.get(0).get("status").asText()).isEqualTo("deleted");
        assertThat(results.get(1).get("status").asText()).isEqualTo("not_found");
        assertThat(results.get(1).has("error")).isFalse();
        assertThat(results.get(2).get("error").get("code").asText()).isEqualTo("on_hold");
        assertThat(results.get(2).get("error").get("message").asText()).isEqualTo("user c-00003 is on legal hold and cannot be deleted");
        assertThat(sandbox.helpdesk().userByExternalId("c-00001")).isEmpty();
        assertThat(sandbox.helpdesk().userByExternalId("c-00003")).isPresent();
        assertThat(sandbox.helpdesk().ledger()).extracting(LedgerEntry::endpoint, LedgerEntry::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("users.delete", "c-00001"));
    }

    @Test
    void aSingleDeleteAnswers204ThenNotFound() {
        assertThat(helpdesk.delete("/api/users/by-external-id/c-00002").status()).isEqualTo(204);
        assertThat(helpdesk.delete("/api/users/by-external-id/c-00002").status()).isEqualTo(404);
        sandbox.helpdesk().hold("c-00004", true);
        assertThat(helpdesk.delete("/api/users/by-external-id/c-00004").status()).isEqualTo(409);
        assertThat(sandbox.helpdesk().ledger()).extracting(LedgerEntry::key).containsExactly("c-00002");
    }

    @Test
    void aPatchSoftDeletesAUserAndAnUpsertRestoresIt() {
        JsonNode results = helpdesk.post("/api/users/patch", helpdesk.toJson(Map.of("users",
                List.of(Map.of("external_id", "c-00001", "deleted", true), Map.of("external_id", "nobody", "deleted", true))))).json().get("results");

        assertThat(results.get(0).get("status").asText()).isEqualTo("updated");
        assertThat(results.get(1).get("status").asText()).isEqualTo("not_found");
        assertThat(sandbox.helpdesk().userByExternalId("c-00001").orElseThrow().deleted()).isTrue();
        assertThat(helpdesk.get("/api/users/by-external-id/c-00001").json().get("deleted").asBoolean()).isTrue();
        assertThat(sandbox.helpdesk().ledger()).extracting(LedgerEntry::endpoint).containsExactly("users.patch");

        helpdesk.post("/api/users/batch", helpdesk.toJson(Map.of("users", List.of(user("c-00001", "back@example.com", 2)))));
        assertThat(sandbox.helpdesk().userByExternalId("c-00001").orElseThrow().deleted()).isFalse();
    }

    @Test
    void usersCanBeLookedUpByExternalId() {
        JsonNode user = helpdesk.get("/api/users/by-external-id/c-00002").json();

        assertThat(user.get("id").asText()).isEqualTo("u-00002");
        assertThat(helpdesk.get("/api/users/by-external-id/nobody").status()).isEqualTo(404);
    }

    @Test
    void requestsWithoutAnApiKeyAreRejectedWith401() {
        Http.Response response = Http.anonymous(sandbox.helpdesk().baseUrl()).get("/api/users");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(response.json().get("message").asText()).isEqualTo("missing or invalid X-Api-Key header");
    }

    private static Map<String, Object> user(String externalId, String email, int priority) {
        Map<String, Object> user = new HashMap<>();
        user.put("external_id", externalId);
        user.put("email", email);
        user.put("name", "Test User");
        user.put("priority", priority);
        user.put("profile", Map.of("tier", "gold"));
        return user;
    }
}
