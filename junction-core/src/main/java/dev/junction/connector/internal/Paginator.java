package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import dev.junction.spec.PaginationSpec;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks the pages of one read. Stateful (it remembers cursors and URLs it has seen), so each read
 * gets a fresh one from {@link #of}.
 */
public interface Paginator {
    /** The first page's request: adds offset/limit or page/size parameters where the type needs them. */
    default HttpRequest first(HttpRequest request) {
        return request;
    }

    /**
     * The request for the page after {@code current}, or null when there is none.
     *
     * @param records how many records {@code current} returned
     * @throws Problem when going on would loop forever or leave the API's origin
     */
    HttpRequest next(HttpRequest current, HttpResponse response, JsonNode body, int records);

    /** Why pagination must stop; the reader adds the stream and page to the message. */
    final class Problem extends RuntimeException {
        public Problem(String message) {
            super(message, null, false, false);
        }
    }

    static Paginator of(PaginationSpec spec) {
        return of(spec, null);
    }

    /**
     * Renders the request body of one page from the pagination's variables of that page, by name:
     * {@code cursor} (null on the first page; then the cursor as the API sent it, a number stays a
     * number), {@code offset} and {@code limit}, or {@code page} and {@code size}.
     */
    @FunctionalInterface
    interface Body {
        byte[] render(java.util.Map<String, Object> variables);
    }

    /**
     * @param body renders the request body of a page from its variables, or null when the stream
     *     has no body; needed when the cursor, offset or page travels in the body ({@code in: body},
     *     relay). With a body, every page's body is rendered with that page's variables, wherever
     *     the values also travel.
     * @throws IllegalArgumentException when a path is malformed or a body cursor has no body
     */
    static Paginator of(PaginationSpec spec, Body body) {
        return switch (spec) {
            case null -> new NonePaginator();
            case PaginationSpec.None none -> new NonePaginator();
            case PaginationSpec.Cursor cursor -> {
                String header = cursor.nextHeader();
                JsonPath path = cursor.nextPath() == null ? null : JsonPath.parse(cursor.nextPath());
                CursorPaginator.Source source = header != null ? (response, json) -> text(response.header(header)) : (response, json) -> valueAt(path, json);
                boolean inBody = cursor.in() == PaginationSpec.CursorIn.BODY;
                yield new CursorPaginator(source, inBody ? null : cursor.param(), inBody ? requireBody(body, "in: body") : body,
                        new StopConditions(cursor.hasMorePath(), cursor.totalPath()));
            }
            case PaginationSpec.Relay relay -> {
                String pageInfo = relay.pageInfoPath();
                JsonPath end = JsonPath.parse(pageInfo.equals("$") ? "endCursor" : pageInfo + ".endCursor");
                yield new CursorPaginator((response, json) -> valueAt(end, json), null, requireBody(body, "relay pagination"),
                        new StopConditions(pageInfo.equals("$") ? "hasNextPage" : pageInfo + ".hasNextPage", null));
            }
            case PaginationSpec.Offset offset -> new OffsetPaginator(offset, offset.in() == PaginationSpec.CursorIn.BODY ? requireBody(body, "in: body", "offset") : body);
            case PaginationSpec.Page page -> new PagePaginator(page, page.in() == PaginationSpec.CursorIn.BODY ? requireBody(body, "in: body", "page number") : body);
            case PaginationSpec.Link link -> new UrlPaginator("Link header next URL", (response, json) -> LinkHeader.find(response.headers("Link"), "next"));
            case PaginationSpec.NextUrl next -> {
                JsonPath path = JsonPath.parse(next.nextPath());
                yield new UrlPaginator("next URL", (response, json) -> textAt(path, json));
            }
        };
    }

    /** The value at {@code path}, or null when absent, null or empty text; a container is a problem. */
    static JsonNode valueAt(JsonPath path, JsonNode body) {
        JsonNode node = path.find(body);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new Problem("expected a text at '" + path + "' but found " + (node.isArray() ? "an array" : "an object"));
        }
        return node.isTextual() && node.asText().isEmpty() ? null : node;
    }

    /** A cursor header's value; absent, empty or the text {@code null} (Salesforce's {@code Sforce-Locator} on the last page) ends the stream. */
    private static JsonNode text(String value) {
        return value == null || value.isEmpty() || value.equals("null") ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
    }

    /** The variables of one page, by name (null values kept: a first page's cursor is null). */
    private static java.util.Map<String, Object> variables(Object... namesAndValues) {
        java.util.Map<String, Object> out = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    /** The text at {@code path}, or null when absent, null or empty. */
    static String textAt(JsonPath path, JsonNode body) {
        JsonNode node = path.find(body);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new Problem("expected a text at '" + path + "' but found " + (node.isArray() ? "an array" : "an object"));
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    final class NonePaginator implements Paginator {
        @Override
        public HttpRequest next(HttpRequest current, HttpResponse response, JsonNode body, int records) {
            return null;
        }
    }

    private static Body requireBody(Body body, String what) {
        return requireBody(body, what, "cursor");
    }

    private static Body requireBody(Body body, String what, String value) {
        if (body == null) {
            throw new IllegalArgumentException(what + " sends the " + value + " in the request body, but the stream has no request.body");
        }
        return body;
    }

    /**
     * A cursor from the body or a header, sent back as a query parameter (when {@code param} is
     * set) and through the body's {@code $cursor} (when there is a body); stops when it is absent,
     * null or empty, or a stop condition says so.
     */
    final class CursorPaginator implements Paginator {
        interface Source {
            JsonNode find(HttpResponse response, JsonNode body);
        }

        private final Source source;
        private final String param;
        private final Body body;
        private final StopConditions stop;
        private final Set<String> seen = new HashSet<>();

        CursorPaginator(Source source, String param, Body body, StopConditions stop) {
            this.source = source;
            this.param = param;
            this.body = body;
            this.stop = stop;
        }

        @Override
        public HttpRequest next(HttpRequest current, HttpResponse response, JsonNode json, int records) {
            if (stop.lastPage(json, records)) {
                return null;
            }
            JsonNode value = source.find(response, json);
            String cursor = value == null ? null : value.asText();
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            if (!seen.add(cursor)) {
                throw new Problem("the API returned cursor '" + cursor + "' twice");
            }
            HttpRequest next = param == null ? current : current.withQueryParam(param, cursor);
            return body == null ? next : next.withBody(body.render(variables("cursor", value)));
        }
    }

    /**
     * Offset and limit, as query parameters (unless {@code in: body}) and as the body's
     * {@code $offset} and {@code $limit}; stops on an empty page, on one shorter than the limit
     * (stopOn short), or a stop condition.
     */
    final class OffsetPaginator implements Paginator {
        private final PaginationSpec.Offset spec;
        private final StopConditions stop;
        private final Body body;
        private final boolean inQuery;
        private long offset;

        OffsetPaginator(PaginationSpec.Offset spec) {
            this(spec, null);
        }

        OffsetPaginator(PaginationSpec.Offset spec, Body body) {
            this.spec = spec;
            this.body = body;
            this.inQuery = spec.in() != PaginationSpec.CursorIn.BODY;
            this.stop = new StopConditions(spec.hasMorePath(), spec.totalPath());
        }

        @Override
        public HttpRequest first(HttpRequest request) {
            HttpRequest first = request;
            if (inQuery) {
                first = first.withQueryParam(spec.offsetParam(), "0");
                first = spec.limitParam() == null || spec.limit() <= 0 ? first : first.withQueryParam(spec.limitParam(), Integer.toString(spec.limit()));
            }
            return withBody(first);
        }

        private HttpRequest withBody(HttpRequest request) {
            return body == null ? request : request.withBody(body.render(variables("offset", offset, "limit", spec.limit() > 0 ? spec.limit() : null)));
        }

        @Override
        public HttpRequest next(HttpRequest current, HttpResponse response, JsonNode body, int records) {
            boolean shortStops = spec.stopOn() != PaginationSpec.StopOn.EMPTY;
            if (stop.lastPage(body, records) || records == 0 || shortStops && spec.limit() > 0 && records < spec.limit()) {
                return null;
            }
            offset += records;
            return withBody(inQuery ? current.withQueryParam(spec.offsetParam(), Long.toString(offset)) : current);
        }
    }

    /**
     * A page number from {@code start}, as query parameters (unless {@code in: body}) and as the
     * body's {@code $page} and {@code $size}; stops on an empty page, a short one (stopOn short), or
     * a stop condition.
     */
    final class PagePaginator implements Paginator {
        private final PaginationSpec.Page spec;
        private final StopConditions stop;
        private final Body body;
        private final boolean inQuery;
        private long page;

        PagePaginator(PaginationSpec.Page spec) {
            this(spec, null);
        }

        PagePaginator(PaginationSpec.Page spec, Body body) {
            this.spec = spec;
            this.body = body;
            this.inQuery = spec.in() != PaginationSpec.CursorIn.BODY;
            this.page = spec.start();
            this.stop = new StopConditions(spec.hasMorePath(), spec.totalPath());
        }

        @Override
        public HttpRequest first(HttpRequest request) {
            HttpRequest first = request;
            if (inQuery) {
                first = first.withQueryParam(spec.param(), Long.toString(page));
                first = spec.sizeParam() == null || spec.size() <= 0 ? first : first.withQueryParam(spec.sizeParam(), Integer.toString(spec.size()));
            }
            return withBody(first);
        }

        private HttpRequest withBody(HttpRequest request) {
            return body == null ? request : request.withBody(body.render(variables("page", page, "size", spec.size() > 0 ? spec.size() : null)));
        }

        @Override
        public HttpRequest next(HttpRequest current, HttpResponse response, JsonNode body, int records) {
            boolean shortStops = spec.stopOn() == PaginationSpec.StopOn.SHORT && spec.size() > 0;
            if (stop.lastPage(body, records) || records == 0 || shortStops && records < spec.size()) {
                return null;
            }
            page++;
            return withBody(inQuery ? current.withQueryParam(spec.param(), Long.toString(page)) : current);
        }
    }

    /** The next page's URL, absolute or relative to the current one; it must stay on the same origin. */
    final class UrlPaginator implements Paginator {
        interface Finder {
            String find(HttpResponse response, JsonNode body);
        }

        private final String what;
        private final Finder finder;
        private final Set<URI> seen = new HashSet<>();

        UrlPaginator(String what, Finder finder) {
            this.what = what;
            this.finder = finder;
        }

        @Override
        public HttpRequest next(HttpRequest current, HttpResponse response, JsonNode body, int records) {
            String text = finder.find(response, body);
            if (text == null || text.isBlank()) {
                return null;
            }
            URI next;
            try {
                next = current.uri().resolve(text.strip());
            } catch (IllegalArgumentException e) {
                throw new Problem("the " + what + " '" + text + "' is not a valid URL");
            }
            if (!dev.junction.http.internal.Urls.sameOrigin(current.uri(), next)) {
                throw new Problem("the " + what + " '" + next + "' points to another origin than " + dev.junction.http.internal.Urls.origin(current.uri())
                        + "; not following it, so credentials are not sent there");
            }
            seen.add(current.uri());
            if (!seen.add(next)) {
                throw new Problem("the API returned " + what + " '" + next + "' twice");
            }
            return current.withUri(next);
        }

    }
}
