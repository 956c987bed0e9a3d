package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.http.ErrorRules;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import dev.junction.spec.StreamSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the GraphQL parts of a connection together: error classification and the report of partial data. */
public final class GraphQlCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GraphQlCalls.class);

    private GraphQlCalls() {}

    /**
     * The operation's own rules, then (after the connector's too) GraphQL errors; {@code own}
     * unchanged when it is not a GraphQL call.
     *
     * @param records a stream's records path, or null for an action
     */
    public static ErrorRules rules(ErrorRules own, StreamSpec.Format format, String records) {
        return format != StreamSpec.Format.GRAPHQL ? own
                : ErrorRules.fallback(new GraphQlErrors(records == null ? null : JsonPath.parse(records))).after(own);
    }

    /**
     * Reports the errors of an answer that also held usable data (the records were read, or the
     * mutation's result used): one warning in the log, tagged with the run, naming where and the
     * errors' messages, redacted. Nothing when the answer has no errors.
     *
     * @param where {@code stream 'contacts' page 2}, {@code action 'upsert'}
     */
    public static void warnPartial(String where, JsonNode body, HttpPipeline pipeline) {
        JsonNode errors = body == null ? null : body.path("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return;
        }
        LOG.warn("{}: the GraphQL answer holds data and {} error(s); the data is used and the errors are left out: {}", where, errors.size(),
                pipeline.redact(GraphQlErrors.messages(errors)));
    }

    /**
     * A GraphQL stream's page: the records without the null items a server leaves in a list where
     * an item failed (reported with the errors), else the records as they are.
     */
    public static java.util.List<JsonNode> partialPage(String where, JsonNode body, java.util.List<JsonNode> records, HttpPipeline pipeline) {
        java.util.List<JsonNode> kept = records.stream().filter(r -> r != null && !r.isNull()).toList();
        JsonNode errors = body == null ? null : body.path("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            int dropped = records.size() - kept.size();
            LOG.warn("{}: the GraphQL answer holds data and {} error(s); the data is used{} and the errors are left out: {}", where, errors.size(),
                    dropped == 0 ? "" : " (" + dropped + " null item(s) at the records path skipped)", pipeline.redact(GraphQlErrors.messages(errors)));
        }
        return kept.size() == records.size() ? records : kept;
    }

    /** Like {@link #warnPartial(String, JsonNode, HttpPipeline)} for a response not parsed yet. */
    public static void warnPartial(String where, HttpResponse response, HttpPipeline pipeline) {
        warnPartial(where, GraphQlErrors.parse(response), pipeline);
    }
}
