package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request log: append, the filters of find, limits, retention and exact round trips. Mixed into {@link AbstractStoreContractTest}. */
interface ExchangeContract extends StoreContract {
    static ExchangeRecord exchange(String runId, Instant at, int status, List<String> recordKeys) {
        return new ExchangeRecord(0, at, runId, "acme", "crm", "POST", "https://api.example.com/contacts", status, 120, 1,
                Map.of("Content-Type", List.of("application/json")), "{\"a\":1}",
                Map.of("X-Request-Id", List.of("abc")), "{\"id\":7}", null, recordKeys);
    }

    @Test
    default void appendedExchangesAreFoundByRunOldestFirstWithStoreAssignedIds() {
        store().exchanges().append(exchange("r1", at(2), 200, List.of("k2")));
        store().exchanges().append(exchange("r1", at(1), 201, List.of("k1")));
        store().exchanges().append(exchange("r2", at(3), 200, List.of()));

        List<ExchangeRecord> found = store().exchanges().find(ExchangeQuery.forRun("r1"));
        assertThat(found).extracting(ExchangeRecord::at).containsExactly(at(1), at(2));
        assertThat(found).extracting(ExchangeRecord::recordKeys).containsExactly(List.of("k1"), List.of("k2"));
        assertThat(found).extracting(ExchangeRecord::id).allMatch(id -> id > 0).doesNotHaveDuplicates();
        assertThat(found.get(0).id()).isGreaterThan(found.get(1).id()); // ids follow append order, not time
        assertThat(store().exchanges().find(ExchangeQuery.forRun("r2"))).hasSize(1);
        assertThat(store().exchanges().find(ExchangeQuery.forRun("none"))).isEmpty();
    }

    @Test
    default void exchangesCanBeFilteredByStatusAloneOrTogetherWithTheRun() {
        store().exchanges().append(exchange("r1", at(1), 200, List.of()));
        store().exchanges().append(exchange("r1", at(2), 429, List.of()));
        store().exchanges().append(exchange("r2", at(3), 429, List.of()));
        store().exchanges().append(exchange("r2", at(4), 0, List.of()));

        assertThat(store().exchanges().find(new ExchangeQuery(null, 429, null, 100)))
                .extracting(ExchangeRecord::runId).containsExactly("r1", "r2");
        assertThat(store().exchanges().find(new ExchangeQuery("r2", 429, null, 100)))
                .extracting(ExchangeRecord::at).containsExactly(at(3));
        assertThat(store().exchanges().find(new ExchangeQuery(null, 0, null, 100)))
                .extracting(ExchangeRecord::at).containsExactly(at(4));
        assertThat(store().exchanges().find(new ExchangeQuery(null, null, null, 100))).hasSize(4);
    }

    @Test
    default void exchangesAreFoundByAnyOfTheirRecordKeys() {
        store().exchanges().append(exchange("r1", at(1), 200, List.of("c-1", "c-2", "c-3")));
        store().exchanges().append(exchange("r1", at(2), 200, List.of("c-3", "c-4")));
        store().exchanges().append(exchange("r2", at(3), 500, List.of("c-3")));

        assertThat(store().exchanges().find(new ExchangeQuery(null, null, "c-3", 100)))
                .extracting(ExchangeRecord::at).containsExactly(at(1), at(2), at(3));
        assertThat(store().exchanges().find(new ExchangeQuery(null, null, "c-1", 100)))
                .singleElement()
                .extracting(ExchangeRecord::recordKeys)
                .isEqualTo(List.of("c-1", "c-2", "c-3"));
        assertThat(store().exchanges().find(new ExchangeQuery("r2", 500, "c-3", 100))).extracting(ExchangeRecord::at).containsExactly(at(3));
        assertThat(store().exchanges().find(new ExchangeQuery("r1", null, "c-9", 100))).isEmpty();
    }

    @Test
    default void findReturnsAtMostTheLimitOldestFirst() {
        for (int i = 0; i < 12; i++) {
            store().exchanges().append(exchange("r1", at(i), 200, List.of("k" + i)));
        }

        assertThat(store().exchanges().find(new ExchangeQuery("r1", null, null, 5)))
                .extracting(ExchangeRecord::at).containsExactly(at(0), at(1), at(2), at(3), at(4));
        assertThat(store().exchanges().find(new ExchangeQuery(null, null, null, 1_000))).hasSize(12);
    }

    @Test
    default void deleteOlderThanRemovesOnlyOlderExchangesAndTheirRecordKeys() throws SQLException {
        store().exchanges().append(exchange("r1", at(1), 200, List.of("old")));
        store().exchanges().append(exchange("r1", at(2), 200, List.of("old", "older")));
        store().exchanges().append(exchange("r1", at(3), 200, List.of("new")));

        assertThat(store().exchanges().deleteOlderThan(at(3))).isEqualTo(2);
        assertThat(store().exchanges().find(ExchangeQuery.forRun("r1"))).extracting(ExchangeRecord::at).containsExactly(at(3));
        assertThat(store().exchanges().find(new ExchangeQuery(null, null, "old", 10))).isEmpty();
        assertThat(store().exchanges().deleteOlderThan(at(3))).isZero();
        try (Connection c = rawConnection(); var rows = c.createStatement().executeQuery("select count(*) from exchange_keys")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    default void longKeyListsOfInterleavedExchangesReadBackInOrderAndAreFoundByEachKey() {
        List<String> page = java.util.stream.IntStream.range(0, 250).mapToObj(i -> "p-" + (249 - i)).toList(); // more than one insert's rows
        store().exchanges().append(exchange("r1", at(1), 200, page));
        store().exchanges().append(exchange("r2", at(2), 200, List.of("other")));
        store().exchanges().append(exchange("r1", at(3), 200, List.of("p-7", "p-7", "p-200")));

        List<ExchangeRecord> run = store().exchanges().find(ExchangeQuery.forRun("r1"));
        assertThat(run).extracting(ExchangeRecord::recordKeys).containsExactly(page, List.of("p-7", "p-7", "p-200"));
        assertThat(store().exchanges().find(new ExchangeQuery(null, null, "p-200", 10))).extracting(ExchangeRecord::at).containsExactly(at(1), at(3));
        assertThat(store().exchanges().find(new ExchangeQuery(null, null, "p-0", 10))).extracting(ExchangeRecord::at).containsExactly(at(1));
        assertThat(store().exchanges().page(new ExchangeQuery(null, null, null, 10)).items())
                .extracting(ExchangeRecord::recordKeys).containsExactly(List.of("p-7", "p-7", "p-200"), List.of("other"), page);
    }

    @Test
    default void headersBodiesAndErrorsRoundTripExactly() {
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        requestHeaders.put("Accept", List.of("application/json", "text/plain"));
        requestHeaders.put("Authorization", List.of("***"));
        requestHeaders.put("X-Empty", List.of());
        Map<String, List<String>> responseHeaders = Map.of("Set-Cookie", List.of("a=1", "b=2"), "Retry-After", List.of("30"));
        String body = "{\"name\":\"Zoë 😀\",\"quote\":\"\\\"\",\"nl\":\"a\\nb\"}" + "x".repeat(100_000);
        ExchangeRecord sent = new ExchangeRecord(0, T0, "r1", "acme", "crm", "PATCH", "https://api.example.com/c/1?x=1&y=2",
                429, 1_234, 3, requestHeaders, body, responseHeaders, "Too Many Requests", null, List.of("c-1", "c-1", "c-2"));
        ExchangeRecord noResponse = new ExchangeRecord(0, at(1), "r1", "acme", "crm", "GET", "https://api.example.com/c", 0, 30_000,
                1, Map.of(), null, Map.of(), null, "connect timed out", List.of());
        store().exchanges().append(sent);
        store().exchanges().append(noResponse);

        List<ExchangeRecord> found = store().exchanges().find(ExchangeQuery.forRun("r1"));
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).usingRecursiveComparison().ignoringFields("id").isEqualTo(sent);
        assertThat(found.get(0).requestHeaders().keySet()).containsExactly("Accept", "Authorization", "X-Empty");
        assertThat(found.get(1)).usingRecursiveComparison().ignoringFields("id").isEqualTo(noResponse);
    }

    @Test
    default void exchangesWithoutRunOrHeadersAreStoredToo() {
        store().exchanges().append(new ExchangeRecord(0, T0, null, null, "crm", "GET", "https://x", 200, 5, 1,
                null, null, null, null, null, null));

        ExchangeRecord found = store().exchanges().find(new ExchangeQuery(null, 200, null, 10)).getFirst();
        assertThat(found.runId()).isNull();
        assertThat(found.requestHeaders()).isEmpty();
        assertThat(found.responseHeaders()).isEmpty();
        assertThat(found.recordKeys()).isEmpty();
    }
}
