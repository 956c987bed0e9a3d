package dev.junction.store.jdbc;

import dev.junction.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What the contract tests (interfaces with default {@code @Test} methods, one per repository) need
 * from the class that runs them: the store under test and a raw connection to its database.
 */
interface StoreContract {
    /** Microsecond precision, which both databases keep exactly. */
    Instant T0 = Instant.parse("2026-05-04T10:15:30.123456Z");

    Store store();

    /** A connection to the store's database, for setup and inspection only. */
    Connection rawConnection() throws SQLException;

    default Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
