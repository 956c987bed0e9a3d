package dev.junction.cli;

/** A database connection to an in-memory H2 database, with a password of its own. */
class H2DatabaseConnectionTest extends AbstractDatabaseConnectionTest {
    @Override
    protected SourceDatabase startDatabase() {
        return SourceDatabase.h2("h2-warehouse-Pa55word");
    }
}
