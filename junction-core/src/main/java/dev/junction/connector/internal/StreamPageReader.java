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
import java.util.NoSuchElementException;
import java.util.Optional;

/** Fetches one page per call, follows the {@link Paginator}, and stops loops before they start. */
public final class StreamPageReader implements PageReader {
    private final String stream;
    private final HttpPipeline pipeline;
    private final CallContext context;
    private final ObjectMapper json;
    private final Paginator paginator;
    private final JsonPath recordsPath;
    private final int maxPages;
    private final boolean paginated;

    private HttpRequest pending;
    private JsonNode previousBody;
    private Page lookahead;
    private ApiException deferred;
    private int pagesRead;

    public StreamPageReader(String stream, HttpRequest first, HttpPipeline pipeline, CallContext context, ObjectMapper json,
            Paginator paginator, JsonPath recordsPath, int maxPages) {
        this.stream = stream;
        this.pipeline = pipeline;
        this.context = context;
        this.json = json;
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
    public Page next() {
        return nextPage().orElseThrow(() -> new NoSuchElementException("stream '" + stream + "' has no more pages"));
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public int pagesRead() {
        return pagesRead;
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
        HttpResponse response = pipeline.execute(request, context);
        JsonNode body = parse(request, response, number);
        List<JsonNode> records = records(request, response, body, number);
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
            JsonNode body = json.readTree(response.body());
            if (body == null || body.isMissingNode()) {
                throw ApiProblems.unexpected(pipeline, request, response, "stream '" + stream + "' page " + number + ": the response body is empty");
            }
            return body;
        } catch (IOException e) {
            throw ApiProblems.permanent(pipeline, request, response, "unexpected_response", "stream '" + stream + "' page " + number
                    + ": the response is not JSON (" + pipeline.redact(jsonProblem(e)) + ")", e);
        }
    }

    static String jsonProblem(IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private List<JsonNode> records(HttpRequest request, HttpResponse response, JsonNode body, int number) {
        JsonNode array = recordsPath.find(body);
        if (!array.isArray()) {
            String found = array.isMissingNode() ? "nothing" : array.isNull() ? "null" : array.isObject() ? "an object" : "a " + array.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            throw ApiProblems.unexpected(pipeline, request, response, "stream '" + stream + "' page " + number
                    + ": expected an array of records at '" + recordsPath + "' but found " + found + "; check the stream's records path");
        }
        List<JsonNode> records = new ArrayList<>(array.size());
        array.forEach(records::add);
        return records;
    }
}
