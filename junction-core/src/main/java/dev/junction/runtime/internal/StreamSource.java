package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.json.JsonPath;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.sync.ExpectedTotal;
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
        JsonPath totalPath = totalPath();
        return new Reader() {
            private volatile ExpectedTotal expected;

            @Override
            public List<JsonNode> nextPage() {
                Page page = pages.nextPage().orElse(null);
                if (page == null) {
                    return null;
                }
                if (totalPath != null) {
                    JsonNode total = totalPath.find(page.raw());
                    if (total.canConvertToLong() && total.asLong() > 0) {
                        expected = new ExpectedTotal(total.asLong(), ExpectedTotal.Basis.SOURCE);
                    }
                }
                return page.records();
            }

            /** The total the API reports at the stream's pagination {@code totalPath}, when it declares one. */
            @Override
            public ExpectedTotal expected() {
                return expected;
            }

            /** A stream's position is the run's checkpoint, so there is nothing to account: read ahead. */
            @Override
            public boolean prefetchable() {
                return true;
            }
        };
    }

    private JsonPath totalPath() {
        StreamSpec spec = client.connector().streams() == null ? null : client.connector().streams().get(stream);
        String path = spec == null ? null : switch (spec.pagination()) {
            case PaginationSpec.Cursor c -> c.totalPath();
            case PaginationSpec.Offset o -> o.totalPath();
            case PaginationSpec.Page p -> p.totalPath();
            case null, default -> null;
        };
        return path == null ? null : JsonPath.parse(path);
    }
}
