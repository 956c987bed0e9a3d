package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fetches one page per call, follows the {@link Paginator}, and stops loops before they start. */
public final class StreamPageReader implements PageReader {
    private final String stream;
    private final HttpPipeline pipeline;
    private final CallContext context;
    private final PageBodyParser parser;
    private final Paginator paginator;
    private final JsonPath recordsPath;
    private boolean single; // set once, before the first page
    private boolean download; // set once, before the first page
    private final int maxPages;
    private final boolean paginated;

    private HttpRequest pending;
    private JsonNode previousBody;
    private Page lookahead;
    private ApiException deferred;
    private int pagesRead;

    public StreamPageReader(String stream, HttpRequest first, HttpPipeline pipeline, CallContext context, ObjectMapper json,
            Paginator paginator, JsonPath recordsPath, int maxPages) {
        this(stream, first, pipeline, context, json, paginator, recordsPath, maxPages, dev.junction.spec.StreamSpec.Format.JSON);
    }

    /** @param format how each page body is parsed (gzip bodies are decompressed first) */
    public StreamPageReader(String stream, HttpRequest first, HttpPipeline pipeline, CallContext context, ObjectMapper json,
            Paginator paginator, JsonPath recordsPath, int maxPages, dev.junction.spec.StreamSpec.Format format) {
        this(stream, first, pipeline, context, json, paginator, recordsPath, maxPages, format, dev.junction.spec.ConnectorSpec.DEFAULT_MAX_DECOMPRESSED_SIZE);
    }

    /** @param maxDecompressedSize the most bytes a gzip page body may decompress to */
    public StreamPageReader(String stream, HttpRequest first, HttpPipeline pipeline, CallContext context, ObjectMapper json,
            Paginator paginator, JsonPath recordsPath, int maxPages, dev.junction.spec.StreamSpec.Format format, long maxDecompressedSize) {
        this.stream = stream;
        this.pipeline = pipeline;
        this.context = context;
        this.parser = new PageBodyParser(format, json, maxDecompressedSize);
        this.paginator = paginator;
        this.recordsPath = recordsPath;
        this.maxPages = maxPages;
        this.paginated = !(paginator instanceof Paginator.NonePaginator);
        this.pending = paginator.first(first);
    }

    @Override
    public Optional<Page> nextPage() {
        if (lookahead != null) {
            Page page = lookahead;
            lookahead = null;
            return Optional.of(page);
        }
        return Optional.ofNullable(fetch());
    }

    @Override
    public boolean hasNext() {
        if (lookahead == null) {
            lookahead = fetch();
        }
        return lookahead != null;
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public int pagesRead() {
        return pagesRead;
    }

    @Override
    public String nextRequest() {
        if (pending == null) {
            return null;
        }
        byte[] body = pending.body();
        String text = body == null || body.length == 0 ? "" : pipeline.redact(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        return pipeline.describe(pending) + (text.isEmpty() ? "" : " " + (text.length() <= 300 ? text : text.substring(0, 300) + "…"));
    }

    private Page fetch() {
        if (deferred != null) {
            throw deferred;
        }
        if (pending == null) {
            return null;
        }
        HttpRequest request = pending;
        pending = null;
        int number = pagesRead + 1;
        if (number > maxPages) {
            throw ApiProblems.permanent(pipeline, request, null, "max_pages", "stream '" + stream + "': read " + maxPages
                    + " pages (maxPages) and the API still reports more; raise maxPages on the stream if it is really this long", null);
        }
        HttpResponse response = download ? pipeline.download(request, context) : pipeline.execute(request, context);
        // records: single: an empty answer (204, or 200 with nothing) is no record rather than a malformed page
        JsonNode body = single && response.bodyLength() == 0 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : parse(request, response, number);
        List<JsonNode> records = records(request, response, body, number);
        if (parser.format() == dev.junction.spec.StreamSpec.Format.GRAPHQL) {
            records = GraphQlCalls.partialPage("stream '" + stream + "' page " + number, body, records, pipeline);
        }
        ApiException problem = null;
        try {
            pending = paginator.next(request, response, body, records.size());
        } catch (Paginator.Problem p) {
            problem = ApiProblems.paginationLoop(pipeline, request, response, "stream '" + stream + "': " + p.getMessage()
                    + (p.getMessage().endsWith("twice") ? "; stopping to avoid an endless loop" : " (after page " + number + ")"));
        }
        if (paginated && previousBody != null && previousBody.equals(body)) {
            // The page repeats the one before: nothing new in it, so stop now, with the more precise
            // message of the paginator when it has one.
            throw problem != null ? problem : ApiProblems.paginationLoop(pipeline, request, response, "stream '" + stream + "': page "
                    + number + " is identical to page " + (number - 1) + "; stopping to avoid an endless loop");
        }
        // The page itself is fine: hand it out, and fail when the caller asks for the next one.
        deferred = problem;
        previousBody = paginated ? body : null;
        pagesRead = number;
        return new Page(number, records, body);
    }

    private JsonNode parse(HttpRequest request, HttpResponse response, int number) {
        try {
            return parser.parse(request, response);
        } catch (PageBodyParser.Malformed e) {
            throw ApiProblems.permanent(pipeline, request, response, "unexpected_response", "stream '" + stream + "' page " + number
                    + ": " + pipeline.redact(e.getMessage()), e.getCause());
        }
    }

    static String jsonProblem(IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Reads each answer's body as one record ({@code records: single}); call before the first page. */
    public StreamPageReader singleRecord() {
        this.single = true;
        return this;
    }

    /**
     * Fetches the page as a download from a link the API handed out, without the connection's credentials
     * ({@link HttpPipeline#download}), and counts it after {@code pagesBefore} pages (the links before it);
     * call before the first page.
     */
    StreamPageReader downloading(boolean value, int pagesBefore) {
        this.download = value;
        this.pagesRead = pagesBefore;
        return this;
    }

    private List<JsonNode> records(HttpRequest request, HttpResponse response, JsonNode body, int number) {
        if (single) {
            if (body == null || body.isMissingNode() || body.isNull() || body.isTextual() && body.asText().isEmpty()) {
                return List.of(); // an empty answer: no record
            }
            if (!body.isObject()) {
                throw ApiProblems.unexpected(pipeline, request, response, "stream '" + stream + "' page " + number + ": records: single expects"
                        + " one object as the answer's body but found " + (body.isArray() ? "an array (for a list write records: $)"
                                : "a " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
            return List.of(body);
        }
        JsonNode array = recordsPath.find(body);
        var format = parser.format();
        if ((format == dev.junction.spec.StreamSpec.Format.XML || format == dev.junction.spec.StreamSpec.Format.SOAP) && !array.isArray()) {
            List<JsonNode> xmlRecords = xmlRecords(body, array);
            if (xmlRecords != null) {
                return xmlRecords;
            }
        }
        if (!array.isArray()) {
            String found = array.isMissingNode() ? "nothing" : array.isNull() ? "null" : array.isObject() ? "an object" : "a " + array.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            throw ApiProblems.unexpected(pipeline, request, response, "stream '" + stream + "' page " + number
                    + ": expected an array of records at '" + recordsPath + "' but found " + found + "; check the stream's records path");
        }
        List<JsonNode> records = new ArrayList<>(array.size());
        array.forEach(records::add);
        return records;
    }

    /**
     * XML has no arrays of one: a single element is one record, an empty element none, and an
     * element missing under a parent that is there (like {@code <items/>}) none too. Null when the
     * path leads nowhere, so the caller reports it.
     */
    private List<JsonNode> xmlRecords(JsonNode body, JsonNode found) {
        if (found.isObject()) {
            return List.of(found);
        }
        if (found.isTextual() && found.asText().isBlank()) {
            return List.of();
        }
        if (found.isMissingNode()) {
            String path = recordsPath.toString().strip();
            int dot = path.lastIndexOf('.');
            if (path.indexOf('[') < 0 && dot > 0) {
                JsonNode parent = JsonPath.parse(path.substring(0, dot)).find(body);
                if (parent.isObject() || (parent.isTextual() && parent.asText().isBlank())) {
                    return List.of();
                }
            } else if (path.indexOf('[') < 0 && dot < 0 && body.isObject()) {
                return List.of();
            }
        }
        return null;
    }
}
