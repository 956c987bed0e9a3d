package dev.junction.runtime;

import dev.junction.connector.ConnectionClient;
import dev.junction.sync.SyncJob;
import java.util.List;

/** A sync ready to run, holding the connection clients it opened; close it after the run. */
public final class PlannedSync implements AutoCloseable {
    private final SyncJob job;
    private final List<ConnectionClient> clients;
    private final List<AutoCloseable> resources;

    PlannedSync(SyncJob job, List<ConnectionClient> clients) {
        this(job, clients, List.of());
    }

    /** {@code resources} (such as a SQL source's open reads) are closed after the clients. */
    PlannedSync(SyncJob job, List<ConnectionClient> clients, List<AutoCloseable> resources) {
        this.job = job;
        this.clients = List.copyOf(clients);
        this.resources = List.copyOf(resources);
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
