package dev.junction.cli;

/** A SQL source on an embedded PostgreSQL, with a {@code timestamptz} cursor column. */
class PostgresSqlSourceTest extends AbstractSqlSourceTest {
    @Override
    protected SourceDatabase startDatabase() throws Exception {
        return SourceDatabase.postgres("unused-with-trust-auth");
    }

    @Override
    protected String uncountableQuery() {
        return "show search_path";
    }

    @Override
    protected String missingTableMessage() {
        return "ERROR: relation \"no_such_table\" does not exist";
    }
}
