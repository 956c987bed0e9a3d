package dev.junction.cli;

/** A database connection to an embedded PostgreSQL, with a {@code timestamptz} cursor column. */
class PostgresDatabaseConnectionTest extends AbstractDatabaseConnectionTest {
    @Override
    protected SourceDatabase startDatabase() throws Exception {
        return SourceDatabase.postgres("pg-warehouse-Pa55word"); // trust authentication accepts any; it must still never be stored
    }
}
