package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.spec.StreamSpec;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A connector stream as a sync's source. An incremental read starts from the checkpoint less the
 * stream's lookback window. A sub-stream or a sliced stream is read as partitions (see
 * {@link ParentPartitions} and {@link SlicePartitions}).
 */
public final class StreamSource implements RecordSource {
    private final ConnectionClient client;
    private final String stream;
    private final String tenant;
    private final Duration lookback;
    private final Partitions partitions;

    /** A stream without lookback or partitions. */
    public StreamSource(ConnectionClient client, String stream, String tenant) {
        this.client = client;
        this.stream = stream;
        this.tenant = tenant;
        this.lookback = Duration.ZERO;
        this.partitions = null;
    }

    /** The stream as declared: its lookback window, its parent or its slices; {@code clock} gives the end of open-ended slicing. */
    public StreamSource(ConnectionClient client, StreamSpec spec, String tenant, Clock clock) {
        this.client = client;
        this.stream = spec.name();
        this.tenant = tenant;
        this.lookback = spec.incremental() == null ? Duration.ZERO : spec.incremental().lookback();
        this.partitions = spec.parent() != null ? new ParentPartitions(this, client, spec.parent(), tenant)
                : spec.slice() != null ? new SlicePartitions(this, spec.slice(), lookback, clock)
                : null;
    }

    @Override
    public Reader open(String checkpoint, String runId) {
        return open(checkpoint, runId, Map.of(), UnaryOperator.identity());
    }

    String name() {
        return stream;
    }

    @Override
    public Partitions partitions() {
        return partitions;
    }

    /** Reads one partition, or the whole stream: {@code variables} go into the request, {@code each} is applied to every record. */
    Reader open(String checkpoint, String runId, Map<String, String> variables, UnaryOperator<JsonNode> each) {
        CallContext context = new CallContext(runId, tenant, client.name(), List.of(), true);
        PageReader pages = client.readStream(stream, new ReadOptions(Lookback.apply(checkpoint, lookback), context, variables));
        return new Reader() {
            @Override
            public List<JsonNode> nextPage() {
                return pages.nextPage().map(Page::records).map(r -> r.stream().map(each).toList()).orElse(null);
            }

            /** A stream's position is the run's (or partition's) checkpoint, so there is nothing to account: read ahead. */
            @Override
            public boolean prefetchable() {
                return true;
            }
        };
    }
}
