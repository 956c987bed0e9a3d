package dev.junction.cli;

import java.util.UUID;

/** A database connection to an in-memory H2 database, with a password of its own. */
class H2DatabaseConnectionTest extends AbstractDatabaseConnectionTest {
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
        return "h2-warehouse-Pa55word";
    }

    @Override
    protected String timestampType() {
        return "timestamp";
    }
}
