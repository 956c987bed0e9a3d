package dev.junction.spec.internal;

import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import java.time.Duration;
import java.util.List;

/**
 * A stream's {@code job:}: an asynchronous job that prepares the stream's records before they are read
 * (Salesforce's Bulk API 2.0 query, an ads platform's report, an export).
 *
 * <pre>
 * job:
 *   start: { method: POST, path: /jobs/query, body: "{ 'query': 'SELECT Id FROM Account' }" }   # POST unless given
 *   id: $.id                                               # the job's id in start's answer: {{ job.id }}
 *   status: { path: "/jobs/query/{{ job.id }}" }           # GET unless given
 *   done: { path: $.state, equals: JobComplete }           # one value or a list
 *   failed: { path: $.state, equals: [Failed, Aborted], message: $.errorMessage }   # optional
 *   every: 5s                                              # between two status requests (default 5s)
 *   timeout: 1h                                            # the longest the job may take (default 1h)
 *   resultsUrl: $.url                                      # optional: the results' URL (or URLs) in the done answer;
 *                                                          # the stream then has no request of its own
 *   document: { id: $.reportDocumentId, request: { path: "/documents/{{ job.document }}" } }   # optional, with resultsUrl:
 *                                                          # asked once done; resultsUrl is read from its answer
 * </pre>
 */
final class JobReader {
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private JobReader() {}

    /** The job of stream {@code s}, or null when it declares none or it is wrong (reported). */
    static StreamSpec.JobSpec read(Fields s, TemplateCheck templates) {
        if (!s.has("job")) {
            return null;
        }
        for (String other : List.of("parent", "slice", "soap", "graphql", "jsonrpc")) {
            if (s.has(other)) {
                s.problem("job", "a stream read through an asynchronous job cannot also have " + other + " yet; remove one of them");
                return null;
            }
        }
        Fields j = s.fields("job", false);
        if (j == null) {
            return null;
        }
        j.allow(Schema.JOB);
        int before = j.problems().size();
        RequestSpec start = request(j, "start", "POST", templates, List.of());
        String id = j.jsonPath("id", true);
        RequestSpec status = request(j, "status", "GET", templates, List.of(Schema.JOB_ID));
        State done = state(j, "done", true);
        State failed = state(j, "failed", false);
        Duration every = j.duration("every", false, DEFAULT_EVERY, true);
        Duration timeout = j.duration("timeout", false, DEFAULT_TIMEOUT, true);
        String resultsUrl = j.jsonPath("resultsUrl", false);
        StreamSpec.JobSpec.Document document = document(j, templates, resultsUrl != null);
        if (every != null && timeout != null && timeout.compareTo(every) < 0) {
            j.problem("timeout", "expected at least every (" + dev.junction.spec.internal.Durations.format(every) + "), found "
                    + j.node("timeout").describe());
        }
        if (status != null && status.path() != null && !status.path().contains(Schema.JOB_ID)
                && (status.query() == null || status.query().values().stream().noneMatch(v -> v.contains(Schema.JOB_ID)))
                && (status.body() == null || !status.body().contains("$job"))) {
            j.fields("status", false).problem("path", "expected the job named in the status request, as {{ job.id }} in its path or query,"
                    + " such as path: \"/jobs/{{ job.id }}\", or as $job.id in its body");
        }
        if (j.problems().size() > before || done == null) {
            return null;
        }
        return new StreamSpec.JobSpec(start, id, status, done.path, done.values, failed == null ? null : failed.path,
                failed == null ? List.of() : failed.values, failed == null ? null : failed.message, every, timeout, resultsUrl, document);
    }

    /** Whether stream {@code s} declares a job whose done answer gives the results' URLs (the stream then has no request). */
    static boolean resultsAtUrl(Fields s) {
        return s.node("job") instanceof dev.junction.spec.internal.YamlNode.Mapping job && job.entries().stream().anyMatch(e -> e.key().equals("resultsUrl"));
    }

    /** {@code document: { id, request }}, or null when the job declares none or it is wrong (reported). */
    private static StreamSpec.JobSpec.Document document(Fields j, TemplateCheck templates, boolean resultsUrl) {
        if (!j.has("document")) {
            return null;
        }
        Fields d = j.fields("document", false);
        if (d == null) {
            return null;
        }
        d.allow(Schema.JOB_DOCUMENT_KEYS);
        if (!resultsUrl) {
            j.problem("document", "a document request is asked once the job is done for the answer that holds job.resultsUrl; add resultsUrl,"
                    + " such as resultsUrl: $.url");
        }
        String id = d.jsonPath("id", true);
        Fields r = d.fields("request", true);
        if (r == null || id == null) {
            return null;
        }
        r.allow(Schema.REQUEST);
        RequestSpec request = OperationReader.requestFields(r, "GET", templates, List.of(Schema.JOB_ID, Schema.JOB_DOCUMENT));
        if (request != null && request.path() != null && !request.path().contains(Schema.JOB_DOCUMENT)
                && (request.query() == null || request.query().values().stream().noneMatch(v -> v.contains(Schema.JOB_DOCUMENT)))) {
            r.problem("path", "expected the document named in its request, as {{ job.document }} in its path or query, such as"
                    + " path: \"/documents/{{ job.document }}\"");
        }
        if (request != null && request.body() != null) {
            r.problem("body", "a document request takes no body: it reads the document the job made");
            return null;
        }
        return request == null ? null : new StreamSpec.JobSpec.Document(id, request);
    }

    private static RequestSpec request(Fields j, String key, String method, TemplateCheck templates, List<String> extra) {
        Fields r = j.fields(key, true);
        if (r == null) {
            return null;
        }
        r.allow(Schema.REQUEST);
        return OperationReader.requestFields(r, method, templates, extra);
    }

    private record State(String path, List<String> values, String message) {}

    private static State state(Fields j, String key, boolean required) {
        Fields w = j.fields(key, required);
        if (w == null) {
            return null;
        }
        w.allow(Schema.JOB_STATE);
        String path = w.jsonPath("path", true);
        String message = null;
        if (key.equals("failed")) {
            message = w.jsonPath("message", false);
        } else if (w.has("message")) {
            w.problem("message", "a message goes with failed: (where the answer says why the job failed)");
        }
        if (w.required("equals", true) == null) {
            return null;
        }
        List<String> values = w.texts("equals", "the state's value when the job is " + key, "");
        if (values == null) {
            return null;
        }
        return path == null ? null : new State(path, values, message);
    }
}
