package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.sync.RecordSource;
import java.util.List;

/** A connector stream as a sync's source. */
public final class StreamSource implements RecordSource {
    private final ConnectionClient client;
    private final String stream;
    private final String tenant;

    public StreamSource(ConnectionClient client, String stream, String tenant) {
        this.client = client;
        this.stream = stream;
        this.tenant = tenant;
    }

    @Override
    public Reader open(String checkpoint, String runId) {
        CallContext context = new CallContext(runId, tenant, client.name(), List.of(), true);
        PageReader pages = client.readStream(stream, new ReadOptions(checkpoint, context));
        return new Reader() {
            @Override
            public List<JsonNode> nextPage() {
                return pages.nextPage().map(Page::records).map(r -> (List<JsonNode>) r).orElse(null);
            }

            /** A stream's position is the run's checkpoint, so there is nothing to account: read ahead. */
            @Override
            public boolean prefetchable() {
                return true;
            }
        };
    }
}
