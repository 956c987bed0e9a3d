package dev.junction.spec.internal;

import dev.junction.spec.PaginationSpec;
import java.util.Locale;

/**
 * Reads a stream's {@code pagination:} ({@code cursor}, {@code relay}, {@code offset}, {@code page},
 * {@code link} or {@code next-url}), and checks it against the rest of the stream: a cursor, offset or
 * page number sent {@code in: body} needs a request body to place it, a SOAP stream places them in
 * its envelope, a GraphQL stream sends them in its variables by default.
 */
final class PaginationReader {
    private PaginationReader() {}

    /** @param records the stream's records path (a relay pageInfo defaults to the one beside its nodes or edges), or null */
    static PaginationSpec read(Fields stream, String records) {
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
