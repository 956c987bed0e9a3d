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
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A connector stream as a sync's source. An incremental read starts from the checkpoint less the
 * stream's lookback window; it is sorted by the cursor when the stream declares so. A sub-stream or a sliced stream is read as partitions (see
 * {@link ParentPartitions} and {@link SlicePartitions}).
 */
public final class StreamSource implements RecordSource {
    private final ConnectionClient client;
    private final String stream;
    private final String tenant;
    private final Duration lookback;
    private final Partitions partitions;
    private final boolean sorted;
    /** Whether the stream writes its checkpoint in a format of its own ({@code incremental.format}). */
    private final boolean rewritten;

    /** A stream without lookback or partitions, not sorted by a cursor. */
    public StreamSource(ConnectionClient client, String stream, String tenant) {
        this.client = client;
        this.stream = stream;
        this.tenant = tenant;
        this.lookback = Duration.ZERO;
        this.partitions = null;
        this.sorted = false;
        this.rewritten = false;
    }

    /** The stream as declared: its lookback window, its parent or its slices; {@code clock} gives the end of open-ended slicing. */
    public StreamSource(ConnectionClient client, StreamSpec spec, String tenant, Clock clock) {
        this.client = client;
        this.stream = spec.name();
        this.tenant = tenant;
        this.lookback = spec.incremental() == null ? Duration.ZERO : spec.incremental().lookback();
        this.sorted = spec.incremental() != null && spec.incremental().sorted();
        this.rewritten = spec.incremental() != null && spec.incremental().format() != null;
        this.partitions = spec.parent() != null ? new ParentPartitions(this, client, spec.parent(), tenant)
                : spec.slice() != null ? new SlicePartitions(this, spec.slice(), lookback, clock)
                : null;
    }

    @Override
    public Reader open(String checkpoint, String runId) {
        return open(checkpoint, runId, Map.of(), null, UnaryOperator.identity());
    }

    String name() {
        return stream;
    }

    @Override
    public Partitions partitions() {
        return partitions;
    }

    /** As the stream declares ({@code incremental.sorted}); for a sub-stream or sliced stream, each partition's read. */
    @Override
    public boolean sortedByCursor() {
        return sorted;
    }

    /**
     * Reads one partition, or the whole stream: {@code variables} go into the request's templates,
     * {@code bindings} (null: none) into its JSON body, {@code each} is applied to every record.
     */
    Reader open(String checkpoint, String runId, Map<String, String> variables, JsonNode bindings, UnaryOperator<JsonNode> each) {
        CallContext context = new CallContext(runId, tenant, client.name(), List.of(), true);
        PageReader pages = client.readStream(stream, new ReadOptions(Lookback.apply(checkpoint, lookback, rewritten), context, variables, bindings));
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
                return page.records().stream().map(each).toList();
            }

            /** The total the API reports at the stream's pagination {@code totalPath}, when it declares one. */
            @Override
            public ExpectedTotal expected() {
                return expected;
            }

            /** A stream's position is the run's (or partition's) checkpoint, so there is nothing to account: read ahead. */
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
