package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectionValues;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Sleeper;
import dev.junction.json.JsonPath;
import dev.junction.spec.StreamSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stream's asynchronous job ({@link StreamSpec.JobSpec}): sends its start request, reads the job's id,
 * asks its status every so often until the answer says it is done (or failed, or the timeout passed), and
 * gives the id, which the stream's own request then names as {@code {{ job.id }}} (or, with a {@code document}, asks for the
 * document the done job names and gives its answer, which holds the results' URL). Every request goes through
 * the connection's pipeline (auth, rate budget, retries, the exchange log). Thread-safe: each run is its own.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final String stream;
    private final StreamSpec.JobSpec spec;
    private final RequestTemplate start;
    private final StreamBody startBody;
    private final RequestTemplate status;
    private final StreamBody statusBody;
    private final String baseUrl;
    private final ConnectionValues values;
    private final HttpPipeline pipeline;
    private final ObjectMapper json;
    private final Sleeper sleeper;
    private final Clock clock;
    private final JsonPath id;
    private final JsonPath done;
    private final JsonPath failed;
    private final JsonPath failedMessage;
    /** The request for the document the done job names (null: none), and where its id is in the done answer. */
    private final RequestTemplate document;
    private final JsonPath documentId;

    private JobRunner(String stream, StreamSpec.JobSpec spec, RequestTemplate start, StreamBody startBody, RequestTemplate status, StreamBody statusBody,
            RequestTemplate document, String baseUrl, ConnectionValues values, HttpPipeline pipeline, ObjectMapper json, Sleeper sleeper, Clock clock) {
        this.document = document;
        this.documentId = spec.document() == null ? null : JsonPath.parse(spec.document().id());
        this.stream = stream;
        this.spec = spec;
        this.start = start;
        this.startBody = startBody;
        this.status = status;
        this.statusBody = statusBody;
        this.baseUrl = baseUrl;
        this.values = values;
        this.pipeline = pipeline;
        this.json = json;
        this.sleeper = sleeper;
        this.clock = clock;
        this.id = JsonPath.parse(spec.id());
        this.done = JsonPath.parse(spec.donePath());
        this.failed = spec.failedPath() == null ? null : JsonPath.parse(spec.failedPath());
        this.failedMessage = spec.failedMessage() == null ? null : JsonPath.parse(spec.failedMessage());
    }

    /** Compiles the job of stream {@code stream}: its requests' templates and the start body's expression. */
    static JobRunner compile(String connector, String stream, StreamSpec.JobSpec spec, Map<String, String> connectorHeaders, String baseUrl,
            ConnectionValues values, HttpPipeline pipeline, ObjectMapper json, Sleeper sleeper, Clock clock) {
        String where = "connector '" + connector + "' stream '" + stream + "' job";
        RequestTemplate start = RequestTemplate.compile("stream '" + stream + "' job.start", spec.start(), connectorHeaders, "POST");
        StreamBody body = withConfig(StreamBody.compile(where + ".start", spec.start().body(), json, FormBody.declared(connectorHeaders,
                spec.start().headers())), values);
        RequestTemplate status = RequestTemplate.compile("stream '" + stream + "' job.status", spec.status(), connectorHeaders, "GET");
        // a status asked with a body (a GraphQL node query) names the job as $job.id
        StreamBody statusBody = withConfig(StreamBody.compile(where + ".status", spec.status().body(), json, FormBody.declared(connectorHeaders,
                spec.status().headers())), values);
        // rendered now with a placeholder id, so a missing config value is found before any run
        start.render(baseUrl, values);
        status.render(baseUrl, values.withPartition(Map.of(dev.junction.spec.internal.Schema.JOB_ID, "0")));
        RequestTemplate document = spec.document() == null ? null
                : RequestTemplate.compile("stream '" + stream + "' job.document", spec.document().request(), connectorHeaders, "GET");
        if (document != null) {
            document.render(baseUrl, values.withPartition(Map.of(dev.junction.spec.internal.Schema.JOB_ID, "0",
                    dev.junction.spec.internal.Schema.JOB_DOCUMENT, "0")));
        }
        return new JobRunner(stream, spec, start, body, status, statusBody, document, baseUrl, values, pipeline, json, sleeper, clock);
    }

    /**
     * A job that is done.
     *
     * @param id the job's id, as text
     * @param answer the status answer that said it is done, or with a {@code document} the document's answer
     * @param asked the request that got {@code answer} (relative result URLs resolve against its URL)
     */
    record Done(String id, JsonNode answer, HttpRequest asked) {}

    /**
     * Starts the job and waits until it is done.
     *
     * @param since the incremental checkpoint the start body sees as {@code $since} (null on a full read)
     * @return the job's id and the answer that said it is done
     * @throws ApiException when a request fails, an answer lacks the id or state, the job failed (PERMANENT), or it
     *     did not finish within the timeout (RETRYABLE: a later run starts it again)
     */
    Done run(CallContext context, String since, JsonNode bindings) {
        HttpRequest request = withBody(start.render(baseUrl, values), startBody, Map.of(), since, bindings);
        HttpResponse started = pipeline.execute(request, context);
        JsonNode answer = parse(request, started, "job.start");
        JsonNode found = id.find(answer);
        if (found.isMissingNode() || found.isNull() || found.isContainerNode() || found.asText().isEmpty()) {
            throw ApiProblems.unexpected(pipeline, request, started, "stream '" + stream + "' job.start: expected the job's id at '" + spec.id()
                    + "' in the answer but found " + (found.isMissingNode() ? "nothing" : found.toString()) + "; check job.id");
        }
        String job = found.asText();
        Instant began = clock.instant();
        Instant deadline = began.plus(spec.timeout());
        LOG.info("stream '{}': job {} started; asking its status every {} (for at most {})", stream, pipeline.redact(job),
                dev.junction.spec.internal.Durations.format(spec.every()), dev.junction.spec.internal.Durations.format(spec.timeout()));
        CallContext asking = context.withIdempotent(true);
        String last = null;
        for (int asked = 1; ; asked++) {
            HttpRequest ask = withBody(status.render(baseUrl, values.withPartition(Map.of(dev.junction.spec.internal.Schema.JOB_ID, job))), statusBody,
                    Map.of("job", Map.of("id", job)), since, bindings);
            HttpResponse response = pipeline.execute(ask, asking);
            JsonNode state = parse(ask, response, "job.status");
            String failedState = failed == null ? null : matching(failed.find(state), spec.failedValues());
            if (failedState != null) {
                JsonNode why = failedMessage == null ? null : failedMessage.find(state);
                String reason = why == null || why.isMissingNode() || why.isNull() ? "" : ": " + (why.isTextual() ? why.asText() : why.toString());
                throw ApiProblems.permanent(pipeline, ask, response, "job_failed", "stream '" + stream + "': job " + job + " ended "
                        + failedState + " (" + spec.failedPath() + ")" + reason, null);
            }
            JsonNode now = done.find(state);
            if (matching(now, spec.doneValues()) != null) {
                LOG.info("stream '{}': job {} is done after {} ({} status request(s)); reading its results", stream, pipeline.redact(job),
                        dev.junction.spec.internal.Durations.format(Duration.between(began, clock.instant()).withNanos(0)), asked);
                return document == null ? new Done(job, state, ask) : document(job, state, ask, asking);
            }
            last = now.isMissingNode() ? "nothing at " + spec.donePath() : now.isTextual() ? now.asText() : now.toString();
            Instant time = clock.instant();
            if (!time.plus(spec.every()).isBefore(deadline.plusMillis(1))) {
                throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, response.status(), "job_timeout", "stream '" + stream + "': job "
                        + job + " did not finish within " + dev.junction.spec.internal.Durations.format(spec.timeout()) + " (job.timeout); its last"
                        + " state was " + last + " after " + asked + " status request(s). A later run starts a new one; raise job.timeout if the"
                        + " API needs longer", pipeline.redact(response.bodyText()), true, pipeline.describe(ask)));
            }
            try {
                sleeper.sleep(spec.every());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, "interrupted", "stream '" + stream + "': interrupted while"
                        + " waiting for job " + job + " (last state " + last + ")", null, true, pipeline.describe(ask)), e);
            }
        }
    }

    private static StreamBody withConfig(StreamBody body, ConnectionValues values) {
        return body == null ? null : body.withConfig(values.config());
    }

    /** Asks for the document the done job names ({@code job.document}); its answer holds the results' URL. */
    private Done document(String job, JsonNode state, HttpRequest ask, CallContext asking) {
        JsonNode found = documentId.find(state);
        if (found.isMissingNode() || found.isNull() || found.isContainerNode() || found.asText().isEmpty()) {
            throw ApiProblems.unexpected(pipeline, ask, null, "stream '" + stream + "': job " + job + " is done, but its answer has no document"
                    + " id at '" + spec.document().id() + "' (found " + (found.isMissingNode() ? "nothing" : found.toString()) + "); check"
                    + " job.document.id");
        }
        HttpRequest request = document.render(baseUrl, values.withPartition(Map.of(dev.junction.spec.internal.Schema.JOB_ID, job,
                dev.junction.spec.internal.Schema.JOB_DOCUMENT, found.asText())));
        HttpResponse response = pipeline.execute(request, asking);
        return new Done(job, parse(request, response, "job.document"), request);
    }

    /** The request with {@code body} rendered onto it ({@link StreamBody#onto}); as it is without one. */
    private static HttpRequest withBody(HttpRequest request, StreamBody body, Map<String, Object> variables, String since, JsonNode bindings) {
        return body == null ? request : body.onto(request, variables, since, bindings);
    }

    /** The value's text when it is one of {@code values} (a number or true/false by its text), else null. */
    private static String matching(JsonNode value, java.util.List<String> values) {
        if (value == null || value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return values.contains(text) ? text : null;
    }

    private JsonNode parse(HttpRequest request, HttpResponse response, String what) {
        try {
            return json.readTree(response.bodyStream());
        } catch (IOException e) {
            throw ApiProblems.permanent(pipeline, request, response, "unexpected_response", "stream '" + stream + "' " + what
                    + ": the answer is not JSON (" + StreamPageReader.jsonProblem(e) + ")", e);
        }
    }
}
