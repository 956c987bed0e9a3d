package dev.junction.spec.internal;

import dev.junction.spec.ActionSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.SoapSpec;
import dev.junction.spec.StreamSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** Reads a connector's {@code streams} and {@code actions}, with their requests and pagination. */
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
        RequestSpec request = GraphQlReader.request(s, JsonRpcReader.request(s, request(s, Schema.DEFAULT_STREAM_METHOD,
                templates.forPartitions(s.has("parent"), s.has("slice"))), rpc, false), graphql);
        PartitionReader.checkRequestUses(s, request, parent, slice);
        String format = s.oneOf("format", Schema.STREAM_FORMATS, "json");
        if ((rpc != null || s.has("graphql")) && format != null && !"json".equals(format)) {
            s.problem("format", "a " + (rpc != null ? "JSON-RPC" : "GraphQL") + " stream reads JSON; remove format '" + format + "'");
            format = "json";
        } else if (s.has("soap") && s.has("format")) {
            s.problem("format", "a SOAP stream reads the XML in the envelope's Body; remove format");
            format = "json";
        }
        boolean rows = "jsonl".equals(format) || "csv".equals(format);
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
        PaginationSpec pagination = pagination(s, records);
        BodyVariables.stream(s, pagination);
        StreamSpec.IncrementalSpec incremental = null;
        if (s.has("incremental")) {
            Fields i = s.fields("incremental", false);
            if (i != null) {
                i.allow(Schema.INCREMENTAL);
                if (s.has("soap") && i.has("param")) {
                    i.problem("param", "a SOAP stream sends the checkpoint in the envelope, as {{ since }} in soap.body; remove param");
                }
                boolean paramNeeded = !s.has("soap") && slice == null && !s.has("graphql") && !BodyVariables.streamBodyReads(s, "since");
                if (paramNeeded && !i.has("param")) {
                    i.missing("param", " (the query parameter the checkpoint is sent in; a stream whose request.body reads $since needs none)");
                }
                incremental = new StreamSpec.IncrementalSpec(i.jsonPath("cursorField", true),
                        s.has("soap") ? null : i.string("param", false), i.duration("lookback", false, java.time.Duration.ZERO, false),
                        sorted(i));
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
            s.problem("records", "a " + format + " page is the list of its " + ("csv".equals(format) ? "rows" : "lines")
                    + ", so records must be '$' (or left out), not '" + records + "'");
        }
        return new StreamSpec(name, request, records, primaryKey, pagination, incremental, maxPages == null ? 0 : maxPages, errors,
                discovery(s, templates), rpc != null ? StreamSpec.Format.JSONRPC : soap != null ? StreamSpec.Format.SOAP
                        : graphql != null ? StreamSpec.Format.GRAPHQL
                        : format == null ? null : StreamSpec.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT)),
                HooksReader.read(s, "hooks"), parent, slice, soap, GetReader.read(s, templates), operationRateLimit(s));
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
        return spec;
    }

    /** {@code discovery: { request, fields, name, type, under }}; null when absent or not a mapping (reported). */
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
                        : format == null ? null : StreamSpec.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT)), soap, operationRateLimit(a));
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

    /** @param records the stream's records path (a relay pageInfo defaults to the one beside its nodes or edges), or null */
    private static PaginationSpec pagination(Fields stream, String records) {
        if (!stream.has("pagination")) {
            return new PaginationSpec.None();
        }
        Fields p = stream.fields("pagination", false);
        String type = p == null ? null : p.oneOf("type", Schema.PAGINATION_TYPES, null);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "cursor" -> cursor(p, stream, stream.has("soap"));
            case "relay" -> {
                p.allow(Schema.PAGINATION_RELAY);
                requireBodyCursor(p, stream, "relay pagination");
                String beside = records == null ? null : records.strip().replaceFirst("\\.(nodes|edges)$", ".pageInfo");
                boolean derived = beside != null && !beside.equals(records.strip());
                String pageInfo = p.jsonPath("pageInfo", !derived);
                yield new PaginationSpec.Relay(pageInfo != null ? pageInfo : derived ? beside : null);
            }
            case "offset" -> {
                p.allow(Schema.PAGINATION_OFFSET);
                String offsetParam = p.string("offsetParam", false, Schema.DEFAULT_OFFSET_PARAM);
                String limitParam = p.string("limitParam", false, Schema.DEFAULT_LIMIT_PARAM);
                Integer limit = p.positiveInt("limit", true, null);
                PaginationSpec.StopOn stopOn = stopOn(p, PaginationSpec.StopOn.SHORT);
                yield new PaginationSpec.Offset(offsetParam, limitParam, limit == null ? 0 : limit, stopOn,
                        p.jsonPath("hasMorePath", false), p.jsonPath("totalPath", false), numbersIn(p, stream));
            }
            case "page" -> page(p, stream);
            case "link" -> {
                p.allow(Schema.PAGINATION_LINK);
                yield new PaginationSpec.Link();
            }
            default -> {
                p.allow(Schema.PAGINATION_NEXT_URL);
                yield new PaginationSpec.NextUrl(p.jsonPath("nextPath", true));
            }
        };
    }

    /** Page numbers; {@code sizeParam} and {@code size} go together (size 0 in the spec: none sent). */
    private static PaginationSpec page(Fields p, Fields stream) {
        boolean soap = stream.has("soap");
        p.allow(Schema.PAGINATION_PAGE);
        PaginationSpec.CursorIn in = numbersIn(p, stream);
        boolean body = in == PaginationSpec.CursorIn.BODY;
        String param = p.string("param", false, Schema.DEFAULT_PAGE_PARAM);
        Integer start = Schema.DEFAULT_PAGE_START;
        YamlNode startNode = p.node("start");
        if (startNode != null) {
            start = startNode instanceof YamlNode.Scalar s ? Fields.asInt(s) : null;
            if (start == null || start != 0 && start != 1) {
                p.problem("start", "expected 0 or 1, found " + startNode.describe());
            }
        }
        // A SOAP stream sends the size as {{ size }} in its envelope: no parameter name needed.
        String sizeParam = p.string("sizeParam", false, soap && p.has("size") ? "size" : null);
        Integer size = p.positiveInt("size", false, null);
        if (p.has("sizeParam") && !p.has("size")) {
            p.missing("size", " (sizeParam is set)");
        } else if (p.has("size") && !p.has("sizeParam") && !soap && !body) {
            p.missing("sizeParam", " (size is set)");
        }
        PaginationSpec.StopOn stopOn = stopOn(p, PaginationSpec.StopOn.EMPTY);
        if (stopOn == PaginationSpec.StopOn.SHORT && !p.has("size")) {
            p.problem("stopOn", "'short' needs size: a page is short when it has fewer than size records");
        }
        return new PaginationSpec.Page(param, start == null ? 0 : start, sizeParam, size == null ? 0 : size, stopOn,
                p.jsonPath("hasMorePath", false), p.jsonPath("totalPath", false), in);
    }

    /**
     * Where an offset or page number travels: {@code in: query} (the default; the body, when there
     * is one, sees the values too) or {@code in: body} (only the body's variables: a GraphQL
     * stream's default). A SOAP stream places them in its envelope and takes no {@code in}.
     */
    private static PaginationSpec.CursorIn numbersIn(Fields p, Fields stream) {
        if (stream.has("soap")) {
            if (p.has("in")) {
                p.problem("in", "a SOAP stream sends the values in its envelope (soap.body); remove in");
            }
            return PaginationSpec.CursorIn.QUERY;
        }
        String in = p.oneOf("in", Schema.CURSOR_PLACEMENTS, stream.has("graphql") ? "body" : "query");
        if ("body".equals(in)) {
            requireBodyCursor(p, stream, "in: body", p.node("type") instanceof YamlNode.Scalar t && "page".equals(t.text()) ? "page" : "offset");
            return PaginationSpec.CursorIn.BODY;
        }
        return PaginationSpec.CursorIn.QUERY;
    }

    /** A cursor from the body ({@code nextPath}) or a header ({@code nextHeader}), sent as a query parameter or in the body. */
    private static PaginationSpec cursor(Fields p, Fields stream, boolean soap) {
        p.allow(Schema.PAGINATION_CURSOR);
        String in = p.oneOf("in", Schema.CURSOR_PLACEMENTS, stream.has("graphql") ? "body" : "query");
        boolean body = "body".equals(in);
        if (p.has("nextPath") && p.has("nextHeader")) {
            p.problem("nextHeader", "give either nextPath (a cursor in the body) or nextHeader (a cursor in a response header), not both");
        } else if (!p.has("nextPath") && !p.has("nextHeader")) {
            p.missing("nextPath", " (or nextHeader)");
        }
        String nextPath = p.jsonPath("nextPath", false);
        String nextHeader = p.string("nextHeader", false);
        String param = soap ? p.string("param", false, "cursor") : p.string("param", !body);
        if (body && !soap) {
            requireBodyCursor(p, stream, "in: body");
            if (p.has("param")) {
                p.problem("param", "not used with in: body; the body expression places the cursor with $cursor");
            }
        }
        return new PaginationSpec.Cursor(nextPath, param, nextHeader, body ? PaginationSpec.CursorIn.BODY : PaginationSpec.CursorIn.QUERY,
                p.jsonPath("hasMorePath", false), p.jsonPath("totalPath", false));
    }

    /** A cursor that travels in the body needs a body expression to put it there. */
    private static void requireBodyCursor(Fields p, Fields stream, String what) {
        requireBodyCursor(p, stream, what, "cursor");
    }

    /** @param variable what travels in the body: {@code cursor}, {@code offset} or {@code page} */
    private static void requireBodyCursor(Fields p, Fields stream, String what, String variable) {
        Fields request = stream.has("request") ? Fields.of(stream.node("request"), stream.child("request"), stream.keyLocation("request"), new Problems()) : null;
        if ((request == null || !request.has("body")) && !stream.has("jsonrpc") && !stream.has("soap") && !stream.has("graphql")) { // JSON-RPC: the params place it, GraphQL: the variables
            p.problem("type", what + " sends the " + variable + " in the request body; add request.body, a JSONata expression using $" + variable
                    + ", such as \"" + (variable.equals("cursor") ? "{ 'query': '...', 'variables': { 'after': $cursor } }" : "{ '" + variable + "': $" + variable + " }")
                    + "\"");
        }
    }

    private static PaginationSpec.StopOn stopOn(Fields p, PaginationSpec.StopOn fallback) {
        String text = p.oneOf("stopOn", Schema.STOP_ON, fallback.name().toLowerCase(Locale.ROOT));
        return text == null ? fallback : PaginationSpec.StopOn.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
