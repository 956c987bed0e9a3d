package dev.junction.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A SQL source on an embedded PostgreSQL, with a {@code timestamptz} cursor column. */
class PostgresSqlSourceTest extends AbstractSqlSourceTest {
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
        return "unused-with-trust-auth";
    }

    @Override
    protected String timestampType() {
        return "timestamptz";
    }

    @Override
    protected String uncountableQuery() {
        return "show search_path";
    }

    @Override
    protected String missingTableMessage() {
        return "ERROR: relation \"no_such_table\" does not exist";
    }

    @Override
    protected void stopDatabase() throws Exception {
        embedded.close();
    }
}
