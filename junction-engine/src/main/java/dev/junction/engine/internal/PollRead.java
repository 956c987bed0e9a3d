package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.SecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.json.JsonPath;
import dev.junction.runtime.internal.StreamSource;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.StreamSpec;
import dev.junction.store.InboxEvent;
import dev.junction.store.PollState;
import dev.junction.store.InboxRepository.Appended;
import dev.junction.store.InboxRepository.NewEvent;
import dev.junction.sync.RecordSource;
import dev.junction.sync.internal.CursorOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One tick's read of a polled stream: reads it from the poll's cursor (less the stream's lookback),
 * through the connection's pipeline (its shared client, rate budget, retries and exchange log), and
 * stores one inbox event per record and subscriber, page by page, each page durable before the next
 * is read. An event names its change by the record's key and cursor value ({@link #eventId}), so a
 * change read again (the record at the cursor, the lookback window, a tick repeated after a crash)
 * is a duplicate the inbox does not store twice.
 *
 * <p>The first tick of a poll (no cursor set yet) is its baseline: it reads the stream to find the
 * highest cursor value and stores no event, so a poll delivers the changes made after it began, not
 * the stream's history (run the sync once for that).
 */
public final class PollRead {
    /** The event type of every poll event; with an id starting {@value #ID_PREFIX}, what tells a poll's event from a webhook's. */
    public static final String EVENT_TYPE = "poll";
    /** How a poll event's id begins: {@code poll:STREAM:KEY@CURSOR}. */
    public static final String ID_PREFIX = "poll:";

    /**
     * What a read found.
     *
     * @param highest the highest cursor value read (null: no record had one)
     * @param atHighest the keys of the records read at exactly that value (at most {@link PollState#MAX_AT_CURSOR})
     * @param records how many records were read
     * @param events how many new inbox events were stored (duplicates not counted)
     * @param note what was skipped (records without a key or cursor value), or null
     */
    public record Result(String highest, List<String> atHighest, long records, long events, String note) {}

    /** Where a poll's events go: durably stored when it returns. */
    @FunctionalInterface
    public interface Sink {
        List<Appended> accept(List<NewEvent> events);
    }

    private final SecretResolver secrets;
    private final Supplier<PipelineOptions> pipeline;
    private final Sink inbox;
    private final Runnable stored;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param pipeline the options of a poll's pipeline: the process's shared registries and exchange log
     * @param stored told after a page's events were stored (to wake this process's inbox workers)
     */
    public PollRead(SecretResolver secrets, Supplier<PipelineOptions> pipeline, Sink inbox, Runnable stored, ObjectMapper json, Clock clock) {
        this.secrets = secrets;
        this.pipeline = pipeline;
        this.inbox = inbox;
        this.stored = stored;
        this.json = json;
        this.clock = clock;
    }

    /** Whether an inbox event is a poll's (else a webhook's). */
    public static boolean isPoll(InboxEvent event) {
        return EVENT_TYPE.equals(event.eventType()) && event.eventId() != null && event.eventId().startsWith(ID_PREFIX);
    }

    /** The id of the change of record {@code key} to cursor value {@code cursor} in {@code stream}. */
    public static String eventId(String stream, String key, String cursor) {
        return ID_PREFIX + stream + ":" + key + "@" + cursor;
    }

    /**
     * Reads {@code target}'s stream from {@code cursor}; a {@code baseline} read stores no event. A
     * record read at exactly {@code cursor} whose key is among {@code atCursor} was seen there before
     * and is skipped.
     *
     * @throws JunctionException when the connection cannot be read (a request failed after its retries, a secret is missing, ...)
     */
    public Result read(LoadResult applied, PollTicks.Target target, String cursor, java.util.Set<String> atCursor, boolean baseline) {
        ConnectionSpec connection = applied.connections().get(target.connection());
        ConnectorSpec connector = connection == null ? null : applied.connectors().get(connection.connector());
        StreamSpec stream = connector == null || connector.streams() == null ? null : connector.streams().get(target.stream());
        if (stream == null || stream.incremental() == null) {
            throw new JunctionException("stream '" + target.stream() + "' of connection '" + target.connection()
                    + "' is not applied as an incremental stream any more");
        }
        JsonPath cursorPath = JsonPath.parse(stream.incremental().cursorField());
        JsonPath keyPath = JsonPath.parse(stream.primaryKey());
        String highest = null;
        List<String> atHighest = new ArrayList<>();
        long records = 0;
        long events = 0;
        long skipped = 0;
        try (ConnectionClient client = ConnectionClient.create(connector, connection, secrets, pipeline.get())) {
            client.prepareStream(stream.name());
            RecordSource.Reader reader = new StreamSource(client, stream, connection.tenant(), clock).open(cursor, null);
            for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
                records += page.size();
                Instant now = clock.instant();
                List<NewEvent> changes = new ArrayList<>();
                for (JsonNode record : page) {
                    String key = text(keyPath.find(record));
                    String value = text(cursorPath.find(record));
                    if (key == null || value == null) {
                        skipped++;
                        continue;
                    }
                    Integer order = highest == null ? Integer.valueOf(1) : CursorOrder.compare(value, highest);
                    if (order != null && order > 0) {
                        highest = value;
                        atHighest.clear();
                    }
                    if (order != null && order >= 0 && atHighest.size() < PollState.MAX_AT_CURSOR) {
                        atHighest.add(key);
                    }
                    boolean seen = cursor != null && atCursor.contains(key) && Integer.valueOf(0).equals(CursorOrder.compare(value, cursor));
                    if (!baseline && !seen) {
                        byte[] payload = payload(record);
                        for (String subscriber : target.subscribers()) {
                            changes.add(new NewEvent(connection.name(), connection.tenant(), eventId(stream.name(), key, value), EVENT_TYPE, key,
                                    subscriber, payload, now, true));
                        }
                    }
                }
                if (!changes.isEmpty()) {
                    long fresh = inbox.accept(changes).stream().filter(a -> !a.duplicate()).count();
                    events += fresh;
                    if (fresh > 0) {
                        stored.run();
                    }
                }
            }
        }
        String note = skipped == 0 ? null : skipped + " record(s) without a " + stream.primaryKey() + " or " + stream.incremental().cursorField()
                + " value were skipped";
        return new Result(highest, List.copyOf(new java.util.LinkedHashSet<>(atHighest)), records, events, note);
    }

    /** The higher of two cursor values; {@code current} when {@code candidate} is not higher or not comparable (see {@link CursorOrder}). */
    public static String higher(String current, String candidate) {
        if (candidate == null) {
            return current;
        }
        if (current == null) {
            return candidate;
        }
        Integer order = CursorOrder.compare(candidate, current);
        return order != null && order > 0 ? candidate : current;
    }

    private byte[] payload(JsonNode record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record read could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.isContainerNode() ? null : node.asText();
    }
}
