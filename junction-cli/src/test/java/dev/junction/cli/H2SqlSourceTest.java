package dev.junction.cli;

import java.util.UUID;

/** A SQL source on an in-memory H2 database. */
class H2SqlSourceTest extends AbstractSqlSourceTest {
    @Override
    protected String startDatabase() {
        return "jdbc:h2:mem:warehouse-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    protected String user() {
        return "sa";
    }

    @Override
    protected String password() {
        return "warehouse-password";
    }

    @Override
    protected String timestampType() {
        return "timestamp";
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
