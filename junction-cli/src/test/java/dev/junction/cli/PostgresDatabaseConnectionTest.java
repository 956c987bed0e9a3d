package dev.junction.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A database connection to an embedded PostgreSQL, with a {@code timestamptz} cursor column. */
class PostgresDatabaseConnectionTest extends AbstractDatabaseConnectionTest {
    private EmbeddedPostgres embedded;

    @Override
    protected String startDatabase() throws Exception {
        embedded = EmbeddedPostgres.builder().start();
        return "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres";
    }

    @Override
    protected String user() {
        return "postgres";
    }

    @Override
    protected String password() {
        return "pg-warehouse-Pa55word"; // trust authentication accepts any; it must still never be stored
    }

    @Override
    protected String timestampType() {
        return "timestamptz";
    }

    @Override
    protected void stopDatabase() throws Exception {
        embedded.close();
    }
}
