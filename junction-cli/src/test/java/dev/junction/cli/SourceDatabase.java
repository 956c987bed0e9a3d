package dev.junction.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A database that SQL-source tests read: an in-memory H2 ({@code timestamp} columns) or an
 * embedded PostgreSQL ({@code timestamptz}), with the user and password a source connects with.
 */
record SourceDatabase(String url, String user, String password, String timestampType, AutoCloseable stop) implements AutoCloseable {
    static SourceDatabase h2(String password) {
        return new SourceDatabase("jdbc:h2:mem:warehouse-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", password, "timestamp", () -> {});
    }

    /** Trust authentication accepts any {@code password}; a source still sends it. */
    static SourceDatabase postgres(String password) throws java.io.IOException {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        return new SourceDatabase("jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres", "postgres", password, "timestamptz",
                embedded::close);
    }

    /** {@code at} as a value of a {@link #timestampType} column. */
    Object timestamp(LocalDateTime at) {
        return timestampType.equals("timestamp") ? at : OffsetDateTime.of(at, ZoneOffset.UTC);
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
