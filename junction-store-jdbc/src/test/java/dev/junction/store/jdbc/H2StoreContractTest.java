package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Store;
import dev.junction.store.jdbc.internal.H2Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The store contract on an in-memory H2 database in PostgreSQL mode. */
class H2StoreContractTest extends AbstractStoreContractTest {
    private JdbcStore jdbcStore;

    @Override
    protected Store openStore() {
        jdbcStore = JdbcStore.h2InMemory("contract-" + UUID.randomUUID());
        return jdbcStore;
    }

    @Override
    public Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(jdbcStore.jdbcUrl(), "sa", "");
    }

    /** A plain IN list on record_key made H2 scan every fingerprint of the sync (100x slower). */
    @Test
    void findingFingerprintsLooksKeysUpInThePrimaryKey() throws SQLException {
        String sql = "explain select record_key, fingerprint from fingerprints where "
                + new H2Dialect().scopedKeyCondition("sync", "record_key", 2);
        try (Connection c = rawConnection(); PreparedStatement explain = c.prepareStatement(sql)) {
            for (int i = 1; i <= 4; i++) {
                explain.setString(i, "x");
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                assertThat(plan.getString(1)).containsPattern("PRIMARY_KEY_\\w*:\\s+IN\\(ROW");
            }
        }
    }

    /** Each page of the API's lists reads its filter's index in order ("index sorted"), never sorting the rows it matches. */
    @Test
    void eachPageOfTheApiListsReadsItsIndexInOrder() throws SQLException {
        java.util.List<String> wrong = new java.util.ArrayList<>();
        try (Connection c = rawConnection()) {
            for (ListPlans.Case page : ListPlans.cases(new dev.junction.store.jdbc.internal.H2Dialect())) {
                try (PreparedStatement explain = c.prepareStatement("explain " + page.statement().sql())) {
                    dev.junction.store.jdbc.internal.Jdbc.bind(explain, page.statement().params().toArray());
                    try (ResultSet plan = explain.executeQuery()) {
                        plan.next();
                        String text = plan.getString(1);
                        if (!text.matches("(?s).*/\\* public\\." + page.index() + "[: ].*") || !text.contains("/* index sorted */")) {
                            wrong.add(page.name() + " (expected " + page.index() + ", index sorted):\n" + text);
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A run's dead letters grouped by reason read only its newest from the run's index in order, never sorting all of the run's. */
    @Test
    void groupingARunsDeadLettersByReasonReadsTheRunsIndexInOrder() throws SQLException {
        var grouped = dev.junction.store.jdbc.internal.JdbcDeadLetterRepository.reasonsStatement("r1", 5000, 20);
        try (Connection c = rawConnection(); PreparedStatement explain = c.prepareStatement("explain " + grouped.sql())) {
            dev.junction.store.jdbc.internal.Jdbc.bind(explain, grouped.params().toArray());
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                assertThat(plan.getString(1)).contains("public.dead_letters_run_id_created_at_id", "/* index sorted */");
            }
        }
    }
}
