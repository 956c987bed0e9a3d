package dev.junction.runtime;

import dev.junction.connector.ConnectionClient;
import dev.junction.sync.SyncJob;
import java.util.List;

/** A sync ready to run, holding the connection clients it opened; close it after the run. */
public final class PlannedSync implements AutoCloseable {
    private final SyncJob job;
    private final List<ConnectionClient> clients;

    PlannedSync(SyncJob job, List<ConnectionClient> clients) {
        this.job = job;
        this.clients = List.copyOf(clients);
    }

    public SyncJob job() {
        return job;
    }

    @Override
    public void close() {
        clients.forEach(ConnectionClient::close);
    }
}
