package dev.junction.runtime;

import dev.junction.connector.ConnectionClient;
import dev.junction.sync.SyncJob;
import java.util.List;

/** A sync ready to run, holding the connection clients it opened; close it after the run. */
public final class PlannedSync implements AutoCloseable {
    private final SyncJob job;
    private final List<ConnectionClient> clients;
    private final List<AutoCloseable> resources;
    private final Fetcher fetcher;

    /**
     * Fetches one record of the sync's source stream by its key, through the stream's {@code get:}
     * and the run's source client (see {@link ConnectionClient#fetchRecord(String, String)}).
     */
    @FunctionalInterface
    public interface Fetcher {
        /** @return the record, or empty when the API says it is gone */
        java.util.Optional<com.fasterxml.jackson.databind.JsonNode> fetch(String key);
    }

    PlannedSync(SyncJob job, List<ConnectionClient> clients) {
        this(job, clients, List.of());
    }

    /** {@code resources} (such as a SQL source's open reads) are closed after the clients. */
    PlannedSync(SyncJob job, List<ConnectionClient> clients, List<AutoCloseable> resources) {
        this(job, clients, resources, null);
    }

    PlannedSync(SyncJob job, List<ConnectionClient> clients, List<AutoCloseable> resources, Fetcher fetcher) {
        this.job = job;
        this.clients = List.copyOf(clients);
        this.resources = List.copyOf(resources);
        this.fetcher = fetcher;
    }

    /**
     * Fetches records of the sync's source stream by key; for a source that is no connector stream
     * (SQL, a file), one that refuses, saying so.
     */
    public Fetcher fetcher() {
        return fetcher != null ? fetcher : key -> {
            throw new dev.junction.JunctionException("sync '" + job.sync() + "' reads no connector stream, so it cannot fetch a record by key");
        };
    }

    public SyncJob job() {
        return job;
    }

    @Override
    public void close() {
        clients.forEach(ConnectionClient::close);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new dev.junction.JunctionException("could not close the source of sync '" + job.sync() + "': " + e.getMessage(), e);
            }
        }
    }
}
