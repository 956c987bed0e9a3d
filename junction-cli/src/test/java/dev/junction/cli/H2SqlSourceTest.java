package dev.junction.cli;

/** A SQL source on an in-memory H2 database. */
class H2SqlSourceTest extends AbstractSqlSourceTest {
    @Override
    protected SourceDatabase startDatabase() {
        return SourceDatabase.h2("warehouse-password");
    }

    @Override
    protected String uncountableQuery() {
        return "show tables";
    }

    @Override
    protected String missingTableMessage() {
        return "Table \"NO_SUCH_TABLE\" not found";
    }
}
