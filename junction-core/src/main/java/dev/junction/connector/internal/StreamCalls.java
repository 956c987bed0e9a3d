package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectorException;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.json.JsonPath;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.StreamSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A connection's streams: reads one page by page, fetches one record of it by its key (its
 * {@code get:}), or renders a stream's request ahead of its first use. Thread-safe.
 */
public final class StreamCalls {
    static final int DEFAULT_MAX_PAGES = 10_000;

    private final ConnectorSpec connector;
    private final HttpPipeline pipeline;
    private final ObjectMapper json;
    private final OperationContexts contexts;
    private final Map<String, Lazy<HttpRequest>> streamRequests;
    private final Map<String, Function<Map<String, String>, HttpRequest>> partitionRequests;
    private final Map<String, StreamBody> streamBodies;
    /** The SOAP envelope of each operation that has one, by operation ({@code stream:NAME}). */
    private final Map<String, SoapEnvelope> envelopes;
    private final Map<String, RecordFetcher> fetchers;
    /** The asynchronous job of each stream that has one ({@code job:}). */
    private final Map<String, JobRunner> jobs;

    /**
     * {@code streamRequests} holds each stream's first request (for a partitioned stream, rendered with a placeholder
     * partition, to check the connection's values); {@code partitionRequests} renders a partitioned stream's for a partition.
     */
    public StreamCalls(ConnectorSpec connector, HttpPipeline pipeline, ObjectMapper json, OperationContexts contexts,
            Map<String, Lazy<HttpRequest>> streamRequests, Map<String, Function<Map<String, String>, HttpRequest>> partitionRequests,
            Map<String, StreamBody> streamBodies, Map<String, SoapEnvelope> envelopes, Map<String, RecordFetcher> fetchers, Map<String, JobRunner> jobs) {
        this.connector = connector;
        this.pipeline = pipeline;
        this.json = json;
        this.contexts = contexts;
        this.streamRequests = streamRequests;
        this.partitionRequests = partitionRequests;
        this.streamBodies = streamBodies;
        this.envelopes = envelopes;
        this.fetchers = fetchers;
        this.jobs = jobs;
    }

    /** See {@link dev.junction.connector.ConnectionClient#readStream}. */
    public PageReader read(String stream, ReadOptions options) {
        StreamSpec spec = connector.streams() == null ? null : connector.streams().get(stream);
        HttpRequest checked = streamRequest(stream);
        JobRunner job = jobs.get(stream);
        if (job != null) {
            // nothing is sent until the first page is asked for: then the job runs to its end, and its results are read
            return new JobPageReader(stream, () -> {
                String since = since(stream, spec, options);
                JobRunner.Done done = job.run(contexts.of(options.context(), "stream:" + stream), since, options.bindings());
                if (spec.job().resultsUrl() != null) {
                    // the results are files at the URLs the done answer gives, each read as one page
                    return new ResultsPageReader(stream, spec, done, pipeline, contexts.of(options.context(), "stream:" + stream).withIdempotent(true),
                            json, connector.maxDecompressedSize());
                }
                return read(stream, spec, partitionRequests.get(stream).apply(withSince(stream, spec, options,
                        Map.of(dev.junction.spec.internal.Schema.JOB_ID, done.id()))), options);
            });
        }
        HttpRequest first = partitionRequests.containsKey(stream) ? partitionRequests.get(stream).apply(withSince(stream, spec, options,
                options.variables())) : checked;
        return read(stream, spec, first, options);
    }

    /**
     * The request's variables plus {@code since}: the checkpoint as the stream sends it, or {@code incremental.start} before
     * there is one (the loader requires it where the request names {@code {{ since }}}).
     */
    private static Map<String, String> withSince(String stream, StreamSpec spec, ReadOptions options, Map<String, String> variables) {
        if (spec.incremental() == null) {
            return variables;
        }
        String since = since(stream, spec, options);
        if (since == null && spec.incremental().start() != null) {
            since = dev.junction.spec.internal.CheckpointFormats.format(spec.incremental().start(), spec.incremental().format());
        }
        if (since == null) {
            return variables;
        }
        Map<String, String> out = new java.util.HashMap<>(variables);
        out.put(dev.junction.spec.internal.Schema.SINCE, since);
        return Map.copyOf(out);
    }

    /** The read's checkpoint (null on a full read) as the stream sends it: in its {@code incremental.format} when it declares one. */
    private static String since(String stream, StreamSpec spec, ReadOptions options) {
        if (spec.incremental() == null || options.incrementalFrom() == null) {
            return null;
        }
        try {
            return dev.junction.spec.internal.CheckpointFormats.format(options.incrementalFrom(), spec.incremental().format());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("stream '" + stream + "': " + e.getMessage() + "; the records' cursorField must hold times for"
                    + " that format, or remove it to send the checkpoint as it is");
        }
    }

    private PageReader read(String stream, StreamSpec spec, HttpRequest first, ReadOptions options) {
        String since = since(stream, spec, options);
        if (since != null && spec.incremental().param() != null) {
            first = spec.incremental().inHeader() ? first.withHeader(spec.incremental().param(), since)
                    : first.withQueryParam(spec.incremental().param(), since);
        }
        StreamBody body = streamBodies.get(stream);
        Paginator.Body pageBody = null;
        if (body != null) {
            pageBody = variables -> body.render(variables, since, options.bindings());
            first = body.onto(first, Map.of(), since, options.bindings());
        }
        int maxPages = spec.maxPages() > 0 ? spec.maxPages() : DEFAULT_MAX_PAGES;
        JsonPath records = JsonPath.parse(spec.recordsPath());
        // a stream's request reads, whatever its method (a GraphQL query, a search POST): sending it again changes nothing,
        // so a page that failed in a way worth retrying is asked again, in a run or outside one
        CallContext context = contexts.of(options.context(), "stream:" + stream).withIdempotent(true);
        SoapEnvelope envelope = envelopes.get("stream:" + stream);
        Paginator paginator = envelope == null ? Paginator.of(spec.pagination(), pageBody) : SoapPaginator.of(spec.pagination(), envelope, since);
        StreamPageReader reader = new StreamPageReader(stream, first, pipeline, context, json, paginator, records, maxPages, spec.format(),
                connector.maxDecompressedSize());
        return spec.singleRecord() ? reader.singleRecord() : reader;
    }

    /** See {@link dev.junction.connector.ConnectionClient#fetchRecord(String, String, CallContext)}. */
    public Optional<JsonNode> fetchRecord(String stream, String key, CallContext context) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("fetchRecord of stream '" + stream + "': the key is " + (key == null ? "null" : "blank")
                    + "; pass the record's primary key value");
        }
        requireStream(stream);
        RecordFetcher fetcher = fetchers.get(stream);
        if (fetcher == null) {
            throw new ConnectorException("connector '" + connector.name() + "' stream '" + stream + "' cannot fetch a record by its key: it"
                    + " declares no get: request; add one to the stream, such as get: { path: \"/" + stream + "/{{ id }}\" }");
        }
        CallContext call = contexts.of(context, "stream:" + stream).withIdempotent(true);
        return fetcher.fetch(key, call.recordKeys().isEmpty() ? call.withRecordKeys(List.of(key)) : call);
    }

    /** Renders the stream's request now (it is cached), so a missing value fails here rather than at the first page. */
    public void prepare(String stream) {
        streamRequest(stream);
    }

    private HttpRequest streamRequest(String stream) {
        requireStream(stream);
        return streamRequests.get(stream).get();
    }

    private void requireStream(String stream) {
        StreamSpec spec = connector.streams() == null ? null : connector.streams().get(stream);
        if (spec == null || !streamRequests.containsKey(stream)) {
            throw new IllegalArgumentException("connector '" + connector.name() + "' has no stream '" + stream + "'; it has "
                    + (streamRequests.isEmpty() ? "none" : String.join(", ", streamRequests.keySet())));
        }
    }
}
