package dev.junction.spec.internal;

import dev.junction.spec.ActionSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.SoapSpec;
import dev.junction.spec.StreamSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** Reads a connector's {@code streams} and {@code actions}, with their requests ({@link PaginationReader} reads a stream's pagination). */
final class OperationReader {
    private OperationReader() {}

    /** @param soap the connector's SOAP defaults, or null */
    static Map<String, StreamSpec> streams(Fields connector, TemplateCheck templates, SoapSpec soap) {
        Fields all = connector.has("streams") ? connector.fields("streams", false) : null;
        YamlNode.Mapping streams = all == null ? null : all.mapping();
        return each(connector, "streams", "stream", (name, s) -> stream(name, s, templates, streams, soap));
    }

    /** @param soap the connector's SOAP defaults, or null */
    static Map<String, ActionSpec> actions(Fields connector, TemplateCheck templates, SoapSpec soap) {
        return each(connector, "actions", "action", (name, a) -> action(name, a, templates, soap));
    }

    /**
     * Reads every entry of {@code section}. An entry with problems is still in the map (with null
     * parts), so a sync naming it is not told that it does not exist.
     */
    private static <T> Map<String, T> each(Fields connector, String section, String what, BiFunction<String, Fields, T> reader) {
        Map<String, T> out = new LinkedHashMap<>();
        Fields all = connector.has(section) ? connector.fields(section, false) : null;
        if (all == null) {
            return Collections.unmodifiableMap(out);
        }
        for (YamlNode.Entry entry : all.mapping().entries()) {
            String name = entry.key();
            if (!Fields.IDENTIFIER.matcher(name).matches()) {
                all.problems().add(entry.keyLocation(), all.child(name),
                        "'" + name + "' is not a valid " + what + " name; use letters, digits, '_' and '-', starting with a letter or '_'");
                continue;
            }
            Fields fields = Fields.of(entry.value(), all.child(name), entry.keyLocation(), all.problems());
            out.put(name, reader.apply(name, fields)); // fields null: not a mapping, already reported
        }
        return Collections.unmodifiableMap(out);
    }

    private static StreamSpec stream(String name, Fields s, TemplateCheck templates, YamlNode.Mapping streams, SoapSpec soapDefaults) {
        if (s == null) {
            return new StreamSpec(name, null, null, null, null, null, Schema.DEFAULT_MAX_PAGES);
        }
        s.allow(Schema.STREAM);
        StreamSpec.ParentSpec parent = PartitionReader.parent(name, s, streams);
        StreamSpec.SliceSpec slice = PartitionReader.slice(s);
        JsonRpcReader.Call rpc = JsonRpcReader.read(s);
        GraphQlReader.Call graphql = GraphQlReader.read(s);
        boolean resultsAtUrl = JobReader.resultsAtUrl(s);
        List<String> requestVariables = new java.util.ArrayList<>();
        if (s.has("job")) {
            requestVariables.add(Schema.JOB_ID);
        }
        if (s.has("incremental") && !s.has("soap")) {
            requestVariables.add(Schema.SINCE);
        }
        RequestSpec request = resultsAtUrl ? null : GraphQlReader.request(s, JsonRpcReader.request(s, request(s, Schema.DEFAULT_STREAM_METHOD,
                templates.forPartitions(s.has("parent"), s.has("slice")), List.copyOf(requestVariables)), rpc, false), graphql);
        boolean sinceInRequest = request != null && reads(request, Schema.SINCE);
        if (resultsAtUrl) {
            // the results are the files at the URLs the job's done answer gives: no request, and each URL is one page
            for (String other : List.of("request", "pagination", "get", "discovery")) {
                if (s.has(other)) {
                    s.problem(other, "the stream's records are read from the URL(s) at job.resultsUrl, so it takes no " + other + "; remove it"
                            + (other.equals("pagination") ? " (each URL is read as one page)" : ""));
                }
            }
        }
        StreamSpec.JobSpec job = JobReader.read(s, templates);
        PartitionReader.checkRequestUses(s, request, parent, slice);
        String format = s.oneOf("format", Schema.STREAM_FORMATS, "json");
        if ((rpc != null || s.has("graphql")) && format != null && !"json".equals(format)) {
            s.problem("format", "a " + (rpc != null ? "JSON-RPC" : "GraphQL") + " stream reads JSON; remove format '" + format + "'");
            format = "json";
        } else if (s.has("soap") && s.has("format")) {
            s.problem("format", "a SOAP stream reads the XML in the envelope's Body; remove format");
            format = "json";
        }
        boolean rows = "jsonl".equals(format) || "csv".equals(format) || "tsv".equals(format);
        boolean single = s.node("records") instanceof YamlNode.Scalar scalar && dev.junction.spec.StreamSpec.SINGLE.equals(scalar.text());
        String records = single ? dev.junction.spec.StreamSpec.SINGLE : s.jsonPath("records", !rows);
        if (rows && records == null) {
            records = "$";
        }
        if (single && (rows || s.has("pagination"))) {
            s.problem("records", "records: single reads each answer's body as one record, so the stream takes no "
                    + (rows ? "format " + format + " (its lines or rows are records already)" : "pagination"));
        }
        String primaryKey = s.jsonPath("primaryKey", true);
        PaginationSpec pagination = PaginationReader.read(s, records);
        BodyVariables.stream(s, pagination);
        StreamSpec.IncrementalSpec incremental = null;
        if (s.has("incremental")) {
            Fields i = s.fields("incremental", false);
            if (i != null) {
                i.allow(Schema.INCREMENTAL);
                if (s.has("soap") && i.has("param")) {
                    i.problem("param", "a SOAP stream sends the checkpoint in the envelope, as {{ since }} in soap.body; remove param");
                }
                boolean paramNeeded = !s.has("soap") && slice == null && !s.has("graphql") && !BodyVariables.streamBodyReads(s, "since") && !sinceInRequest;
                String in = i.oneOf("in", List.of("query", "header"), "query");
                if ("header".equals(in) && !i.has("param")) {
                    i.problem("in", "in: header sends the checkpoint in the header that param names; add param, such as param: If-Modified-Since");
                } else if (resultsAtUrl && (paramNeeded || i.has("param"))) {
                    // a results URL is the API's (often signed): nothing may be added to it
                    i.problem(i.has("param") ? "param" : "cursorField", "the records come from the URL(s) at job.resultsUrl, so the checkpoint can"
                            + " only reach the job: read $since in job.start's body" + (i.has("param") ? ", and remove param" : ""));
                } else if (paramNeeded && !i.has("param")) {
                    i.missing("param", " (the query parameter the checkpoint is sent in; a stream whose request.body, or job.start's body, reads $since needs none)");
                }
                String written = i.string("format", false);
                String formatProblem = written == null ? null : CheckpointFormats.problem(written);
                if (formatProblem != null) {
                    i.problem("format", formatProblem);
                }
                String start = start(i, sinceInRequest, formatProblem == null ? written : null);
                incremental = new StreamSpec.IncrementalSpec(i.jsonPath("cursorField", true),
                        s.has("soap") ? null : i.string("param", false), i.duration("lookback", false, java.time.Duration.ZERO, false),
                        sorted(i), formatProblem == null ? written : null, "header".equals(in), start);
            } else {
                incremental = new StreamSpec.IncrementalSpec(null, null); // declared, though wrong
            }
        }
        Integer maxPages = s.positiveInt("maxPages", false, Schema.DEFAULT_MAX_PAGES);
        SoapSpec soap = SoapReader.stream(s, soapDefaults, templates, pagination, s.has("incremental"));
        if (soap != null && (parent != null || slice != null)) {
            s.problem(parent != null ? "parent" : "slice", "a SOAP stream cannot be a sub-stream or sliced yet (partition values are not bound in the envelope); remove "
                    + (parent != null ? "parent" : "slice"));
        }
        request = SoapReader.request(s, request, soap);
        var errors = JsonRpcReader.errors(ErrorRulesReader.read(s, "errors"), rpc);
        if (rows && !records.strip().equals("$")) {
            s.problem("records", "a " + format + " page is the list of its " + ("jsonl".equals(format) ? "lines" : "rows")
                    + ", so records must be '$' (or left out), not '" + records + "'");
        }
        return new StreamSpec(name, request, records, primaryKey, pagination, incremental, maxPages == null ? 0 : maxPages, errors,
                discovery(s, templates), rpc != null ? StreamSpec.Format.JSONRPC : soap != null ? StreamSpec.Format.SOAP
                        : graphql != null ? StreamSpec.Format.GRAPHQL
                        : format == null ? null : StreamSpec.Format.valueOf(format.toUpperCase(Locale.ROOT)),
                HooksReader.read(s, "hooks"), parent, slice, soap, GetReader.read(s, templates), operationRateLimit(s), job);
    }

    /** Whether the request's path, a query value or a header names {@code variable} (a template that does not parse is reported elsewhere). */
    private static boolean reads(RequestSpec request, String variable) {
        List<String> texts = new java.util.ArrayList<>();
        texts.add(request.path());
        if (request.query() != null) {
            texts.addAll(request.query().values());
        }
        if (request.headers() != null) {
            texts.addAll(request.headers().values());
        }
        for (String text : texts) {
            try {
                if (text != null && dev.junction.template.Template.parse(text).variables().contains(variable)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // reported by the template check
            }
        }
        return false;
    }

    /**
     * {@code incremental.start}: what {@code {{ since }}} in the request is when there is no checkpoint yet; required when the
     * request names it (a search filter cannot be left half-written), and a time when the checkpoint has a {@code format}.
     */
    private static String start(Fields i, boolean sinceInRequest, String format) {
        String start = i.string("start", false);
        if (start == null) {
            if (sinceInRequest) {
                i.missing("start", " (the request names {{ since }}, which a first run and a full read have no checkpoint for: the time to read"
                        + " from then, such as start: 2020-01-01T00:00:00Z)");
            }
            return null;
        }
        if (!sinceInRequest) {
            i.problem("start", "start is what {{ since }} in the request is before there is a checkpoint, and the request names no {{ since }};"
                    + " remove start, or name {{ since }} in the request's path, query or headers");
            return null;
        }
        if (format != null) {
            try {
                CheckpointFormats.format(start, format);
            } catch (IllegalArgumentException e) {
                i.problem("start", "expected a time that format " + format + " can write, such as 2020-01-01T00:00:00Z, found '" + start + "'");
                return null;
            }
        }
        return start;
    }

    /**
     * A stream's or action's own {@code rateLimit:} (an endpoint with a stricter limit than the API's,
     * such as a search endpoint), taken on top of the connection's budget. Declared only: the API's
     * rate-limit headers describe the account's budget, which the connection's {@code learnFromHeaders} follows.
     */
    private static RateLimitSpec operationRateLimit(Fields operation) {
        RateLimitSpec spec = ConnectorReader.rateLimit(operation);
        if (spec != null && spec.learnFromHeaders()) {
            operation.fields("rateLimit", false).problem("learnFromHeaders", "a stream's or action's own limit is declared only: the API's"
                    + " rate-limit headers describe the connection's budget; set learnFromHeaders on the connector's (or connection's) rateLimit");
            return null;
        }
        if (spec != null && spec.cost() != null) {
            operation.fields("rateLimit", false).problem("cost", "a stream's or action's own limit is declared only: the points an API"
                    + " reports in its answers are the account's budget; set cost on the connector's (or connection's) rateLimit");
            return null;
        }
        return spec;
    }

    /** {@code incremental.sorted}: true or false (the default); anything else is a problem that says what each means. */
    private static boolean sorted(Fields incremental) {
        YamlNode node = incremental.node("sorted");
        if (node == null) {
            return false;
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean sorted) {
            return sorted;
        }
        incremental.problem("sorted", "expected true (the API returns the records of each read in ascending cursorField order) or false (in any"
                + " order, the default), found " + node.describe());
        return false;
    }

    /** {@code discovery: { request, fields, name, type, under }}; null when absent or not a mapping (reported). */
    private static StreamSpec.DiscoverySpec discovery(Fields stream, TemplateCheck templates) {
        Fields d = stream.has("discovery") ? stream.fields("discovery", false) : null;
        if (d == null) {
            return null;
        }
        d.allow(Schema.DISCOVERY);
        String under = d.string("under", false);
        if (under != null && !under.matches("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*")) {
            d.problem("under", "'" + under + "' is not a dotted field path; use names separated by '.', e.g. properties");
            under = null;
        }
        return new StreamSpec.DiscoverySpec(request(d, Schema.DEFAULT_STREAM_METHOD, templates), d.jsonPath("fields", true),
                d.jsonPath("name", true), d.jsonPath("type", false), under);
    }

    private static ActionSpec action(String name, Fields a, TemplateCheck templates, SoapSpec soapDefaults) {
        if (a == null) {
            return new ActionSpec(name, null, null, null);
        }
        a.allow(Schema.ACTION);
        // one record per call: its values may fill the path and query ({{ record.id }})
        RequestSpec request = request(a, Schema.DEFAULT_ACTION_METHOD, templates, a.has("batch") ? List.of() : List.of("record."), !a.has("batch"));
        ActionSpec.BatchLimits batch = null;
        Fields b = a.has("batch") ? a.fields("batch", false) : null;
        if (b != null) {
            b.allow(Schema.ACTION_BATCH);
            Integer maxRecords = b.positiveInt("maxRecords", true, null);
            Long maxBytes = ByteSizes.read(b, "maxBytes");
            batch = maxRecords == null || maxBytes == null ? null : new ActionSpec.BatchLimits(maxRecords, maxBytes);
        }
        JsonRpcReader.Call rpc = JsonRpcReader.read(a);
        request = JsonRpcReader.request(a, request, rpc, a.has("batch"));
        BodyVariables.action(a);
        GraphQlReader.Call graphql = GraphQlReader.read(a);
        request = GraphQlReader.request(a, request, graphql);
        SoapSpec soap = SoapReader.action(a, soapDefaults, templates);
        request = SoapReader.request(a, request, soap);
        ActionSpec.ResultsSpec results = ResultsReader.read(a);
        if (!a.has("results") && rpc != null && a.has("batch")) {
            // A JSON-RPC batch answers with one envelope per record (matched back by id).
            results = new ActionSpec.ResultsSpec("$", "error.message", null, List.of());
        }
        ActionSpec.IdempotencyKeySpec idempotencyKey = null;
        Fields k = a.has("idempotencyKey") ? a.fields("idempotencyKey", false) : null;
        if (k != null) {
            k.allow(Schema.IDEMPOTENCY_KEY);
            String header = k.string("header", true);
            if (header != null && !header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                k.problem("header", "'" + header + "' is not an HTTP header name; use letters, digits and '-', e.g. Idempotency-Key");
                header = null;
            }
            idempotencyKey = header == null ? null : new ActionSpec.IdempotencyKeySpec(header);
        }
        String format = a.oneOf("format", Schema.STREAM_FORMATS, "json");
        if ((rpc != null || a.has("graphql")) && format != null && !"json".equals(format)) {
            a.problem("format", "a " + (rpc != null ? "JSON-RPC" : "GraphQL") + " action reads JSON; remove format '" + format + "'");
            format = "json";
        } else if (soap != null && format != null && !"json".equals(format)) {
            a.problem("format", "a SOAP action reads the XML in the envelope's Body; remove format '" + format + "'");
            format = "json";
        }
        return new ActionSpec(name, request, batch, results, JsonRpcReader.errors(ErrorRulesReader.read(a, "errors"), rpc), idempotencyKey,
                HooksReader.read(a, "hooks"), graphql != null ? StreamSpec.Format.GRAPHQL
                        : format == null ? null : StreamSpec.Format.valueOf(format.toUpperCase(Locale.ROOT)), soap, operationRateLimit(a));
    }

    private static RequestSpec request(Fields owner, String defaultMethod, TemplateCheck templates) {
        return request(owner, defaultMethod, templates, List.of());
    }

    /** @param extra variables known in the path and query besides the connector's ({@code record.} in a single-record action) */
    private static RequestSpec request(Fields owner, String defaultMethod, TemplateCheck templates, List<String> extra) {
        return request(owner, defaultMethod, templates, extra, false);
    }

    /** @param extraInHeaders whether the headers may use the {@code extra} variables too (a single-record action's {@code If-Match}) */
    private static RequestSpec request(Fields owner, String defaultMethod, TemplateCheck templates, List<String> extra, boolean extraInHeaders) {
        Fields r = owner.fields("request", true);
        if (r == null) {
            return null;
        }
        r.allow(Schema.REQUEST);
        return requestFields(r, defaultMethod, templates, extra, extraInHeaders);
    }

    /**
     * The request whose method, path, query, headers and body are the keys of {@code r} (under
     * {@code request:}, or a stream's {@code get:}); the caller checks which keys {@code r} allows.
     */
    static RequestSpec requestFields(Fields r, String defaultMethod, TemplateCheck templates, List<String> extra) {
        return requestFields(r, defaultMethod, templates, extra, false);
    }

    /** @param extraInHeaders whether the headers may use the {@code extra} variables too (a get's {@code {{ id }}}) */
    static RequestSpec requestFields(Fields r, String defaultMethod, TemplateCheck templates, List<String> extra, boolean extraInHeaders) {
        String method = r.string("method", false, defaultMethod);
        if (method != null && !Schema.METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            r.problem("method", "'" + method + "' is not one of " + String.join(", ", Schema.METHODS));
            method = null;
        }
        String path = r.string("path", true);
        YamlNode pathNode = r.node("path");
        if (pathNode != null) {
            templates.check(path, pathNode.location(), r.child("path"), false, extra);
        }
        Map<String, String> query = templates.map(r, "query", false, extra);
        Map<String, String> headers = templates.map(r, "headers", true, extraInHeaders ? extra : List.of());
        String body = r.string("body", false);
        if (body != null) {
            String error = Expressions.jsonataError(body);
            if (error != null) {
                r.problem("body", error);
            }
        }
        return new RequestSpec(method == null ? null : method.toUpperCase(Locale.ROOT), path, query, headers, body);
    }
}
