package dev.junction.importer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides a list endpoint's pagination from its query parameters, its response fields and its
 * response headers, in this order: a {@code Link} header; a cursor parameter with a next-cursor
 * field; a "starting after this id" parameter (Stripe's {@code starting_after}), whose cursor is the
 * last record's key; a next-URL field in the answer; page numbers; offset and limit. Each rule is a small named check;
 * what it decided is said in a note, since a description rarely states how its paging works.
 */
final class Paging {
    private static final Set<String> CURSOR_PARAMS = Set.of("cursor", "after", "startingafter", "pagetoken", "nexttoken", "continuationtoken",
            "continuation", "starttoken", "marker", "nextcursor", "pagecursor");
    static final Set<String> PAGE_PARAMS = Set.of("page", "pagenumber", "pageno", "pagenum", "pageindex");
    static final Set<String> SIZE_PARAMS = Set.of("perpage", "pagesize", "size", "limit", "count", "maxresults", "top", "pagelimit",
            "first", "maxitems", "rows");
    static final Set<String> OFFSET_PARAMS = Set.of("offset", "skip", "start", "startindex", "from");
    /** Parameters that take the key of the last record read, not a cursor the answer carries. */
    private static final Set<String> AFTER_KEY_PARAMS = Set.of("startingafter", "startafter", "afterid");
    private static final Set<String> NEXT_CURSOR_FIELDS = Set.of("nextcursor", "nextpagetoken", "endcursor", "nexttoken", "continuationtoken",
            "nextmarker", "cursor", "after", "nextpagecursor", "next");
    private static final Set<String> NEXT_URL_FIELDS = Set.of("next", "nexturl", "nextlink", "nextpage", "nextpageurl", "odatanextlink", "href");
    private static final Set<String> HAS_MORE_FIELDS = Set.of("hasmore", "hasnext", "hasnextpage", "more", "moreitems");
    static final int DEFAULT_SIZE = 100;

    /** What was decided: the {@code pagination:} keys (null: none), extra query values, and notes. */
    record Decision(Map<String, Object> pagination, Map<String, Object> query, List<String> guessed, List<String> needsHuman) {}

    private Paging() {}

    /**
     * The pagination of a list endpoint, knowing where the answer's records are and their key (either
     * may be null), for the "starting after this id" rule.
     */
    static Decision decide(Endpoint endpoint, String stream, String recordsPath, String key) {
        Map<String, Object> query = new LinkedHashMap<>();
        List<String> guessed = new ArrayList<>();
        List<String> human = new ArrayList<>();
        Endpoint.Param size = param(endpoint, SIZE_PARAMS);
        Endpoint.Param cursor = param(endpoint, CURSOR_PARAMS);
        Endpoint.Param page = param(endpoint, PAGE_PARAMS);
        Endpoint.Param offset = param(endpoint, OFFSET_PARAMS);
        List<Field> fields = new ArrayList<>();
        collect(endpoint.response(), "$", 0, fields);
        String hasMore = find(fields, HAS_MORE_FIELDS, null);
        int pageSize = size == null ? DEFAULT_SIZE : sizeOf(size);
        String at = "stream '" + stream + "' (" + endpoint.where() + ")";

        // 1. an RFC 8288 Link header described on the answer: follow rel="next"
        if (endpoint.linkHeader()) {
            if (size != null) {
                query.put(size.name(), pageSize);
            }
            guessed.add(at + ": pagination link, from the Link header of its answer" + sizeNote(size, pageSize));
            return new Decision(ordered("type", "link"), query, guessed, human);
        }
        // 2. a cursor: a cursor parameter, and a field of the answer that carries the next one; 2b. the answer's next URL
        String nextUrl = findUrl(fields);
        String nextCursor = find(fields, NEXT_CURSOR_FIELDS, "uri");
        if (cursor != null && nextCursor != null) {
            if (size != null) {
                query.put(size.name(), pageSize);
            }
            Map<String, Object> p = ordered("type", "cursor");
            p.put("nextPath", nextCursor);
            p.put("param", cursor.name());
            if (hasMore != null) {
                p.put("hasMorePath", hasMore);
            }
            guessed.add(at + ": pagination cursor, sending " + nextCursor + " of each answer as " + cursor.name() + sizeNote(size, pageSize));
            return new Decision(p, query, guessed, human);
        }
        // 2a. Stripe's starting_after: the next page starts after the last record's key
        if (cursor != null && nextCursor == null && AFTER_KEY_PARAMS.contains(Names.plain(cursor.name())) && recordsPath != null && key != null) {
            if (size != null) {
                query.put(size.name(), pageSize);
            }
            Map<String, Object> p = ordered("type", "cursor");
            p.put("nextPath", recordsPath + "[-1]" + (key.startsWith("$[") ? key.substring(1) : "." + key));
            p.put("param", cursor.name());
            if (hasMore != null) {
                p.put("hasMorePath", hasMore);
            }
            guessed.add(at + ": pagination cursor, sending the last record's " + key + " as " + cursor.name() + sizeNote(size, pageSize)
                    + (hasMore == null ? "; it stops at the first empty page" : ""));
            return new Decision(p, query, guessed, human);
        }
        if (nextUrl != null) {
            if (size != null) {
                query.put(size.name(), pageSize);
            }
            Map<String, Object> p = ordered("type", "next-url");
            p.put("nextPath", nextUrl);
            guessed.add(at + ": pagination next-url, following the URL at " + nextUrl + sizeNote(size, pageSize));
            return new Decision(p, query, guessed, human);
        }
        if (cursor != null) {
            human.add(at + ": it takes a cursor parameter '" + cursor.name() + "' but its answer names no next cursor;"
                    + " add pagination: { type: cursor, nextPath: <where the next cursor is>, param: " + cursor.name() + " } (or nextHeader)");
            return new Decision(null, query, guessed, human);
        }
        // 3. page numbers, with a page size when there is a size parameter
        if (page != null) {
            Map<String, Object> p = ordered("type", "page");
            p.put("param", page.name());
            p.put("start", (page.minimum() != null && page.minimum() == 0) || "0".equals(page.defaultValue()) ? 0 : 1);
            if (size != null) {
                p.put("sizeParam", size.name());
                p.put("size", pageSize);
            }
            if (hasMore != null) {
                p.put("hasMorePath", hasMore);
            }
            guessed.add(at + ": pagination page, numbering pages from " + p.get("start") + " in " + page.name() + sizeNote(size, pageSize)
                    + "; it stops at the first empty page");
            return new Decision(p, query, guessed, human);
        }
        // 4. offset and limit
        if (offset != null) {
            Map<String, Object> p = ordered("type", "offset");
            p.put("offsetParam", offset.name());
            p.put("limitParam", size == null ? "limit" : size.name());
            p.put("limit", pageSize);
            p.put("stopOn", "empty");
            if (hasMore != null) {
                p.put("hasMorePath", hasMore);
            }
            guessed.add(at + ": pagination offset in " + offset.name() + sizeNote(size, pageSize) + "; it stops at the first empty page");
            if (size == null) {
                human.add(at + ": it takes an offset '" + offset.name() + "' but no page size parameter; check pagination.limitParam");
            }
            return new Decision(p, query, guessed, human);
        }
        if (size != null) {
            query.put(size.name(), pageSize);
            human.add(at + ": it takes a page size '" + size.name() + "' but nothing says how to ask for the next page; it reads the first page only");
        }
        return new Decision(null, query, guessed, human);
    }

    private static String sizeNote(Endpoint.Param size, int pageSize) {
        return size == null ? "" : ", " + pageSize + " records a page in " + size.name();
    }

    /** The page size: the parameter's default, else its maximum up to 100, else 100. */
    private static int sizeOf(Endpoint.Param size) {
        if (size.defaultValue() != null && size.defaultValue().matches("[1-9][0-9]{0,5}")) {
            return Integer.parseInt(size.defaultValue());
        }
        return size.maximum() == null ? DEFAULT_SIZE : (int) Math.max(1, Math.min(DEFAULT_SIZE, size.maximum()));
    }

    private static Endpoint.Param param(Endpoint endpoint, Set<String> names) {
        for (Endpoint.Param p : endpoint.query()) {
            if (names.contains(Names.plain(p.name()))) {
                return p;
            }
        }
        return null;
    }

    private record Field(String path, String plain, Shape shape) {}

    /** The answer's fields outside the records, three levels deep, as JSON paths. */
    private static void collect(Shape shape, String path, int depth, List<Field> into) {
        if (shape == null || !shape.isObject() || depth > 3) {
            return;
        }
        for (Map.Entry<String, Shape> e : shape.properties().entrySet()) {
            String child = Records.path(path, e.getKey());
            into.add(new Field(child, Names.plain(e.getKey()), e.getValue()));
            collect(e.getValue(), child, depth + 1, into);
        }
        // a "next" object holding the cursor or URL (paging.next.after) is found through its own fields
    }

    /** The first field whose name is among {@code names} and that is a scalar (not of format {@code notFormat}). */
    private static String find(List<Field> fields, Set<String> names, String notFormat) {
        for (Field f : fields) {
            if (names.contains(f.plain()) && f.shape().kind() != Shape.Kind.OBJECT && f.shape().kind() != Shape.Kind.ARRAY
                    && (notFormat == null || !notFormat.equals(f.shape().format()))) {
                return f.path();
            }
        }
        return null;
    }

    /** A field that holds the next page's URL: a next-like name with format uri, or a name that says URL or link. */
    private static String findUrl(List<Field> fields) {
        for (Field f : fields) {
            boolean scalar = f.shape().kind() == Shape.Kind.SCALAR || f.shape().kind() == Shape.Kind.UNKNOWN;
            if (scalar && NEXT_URL_FIELDS.contains(f.plain()) && ("uri".equals(f.shape().format()) || f.plain().endsWith("url")
                    || f.plain().endsWith("link") || f.path().endsWith("next.href"))) {
                return f.path();
            }
        }
        return null;
    }

    private static Map<String, Object> ordered(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
