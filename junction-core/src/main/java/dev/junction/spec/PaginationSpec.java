package dev.junction.spec;

/**
 * How a stream walks its pages. Paths are JSON paths like {@code $.paging.next.after}.
 *
 * <p>Stop conditions shared by several types: {@code hasMorePath} (stop when the value there is
 * not {@code true}), {@code totalPath} (stop once as many records were read as the number there
 * says). Null means "not used".
 */
public sealed interface PaginationSpec {
    /** Where a cursor (or an offset, or a page number) travels to the API. */
    enum CursorIn {
        /** As query parameter {@code param} (an offset or page number: its parameters). */
        QUERY,
        /** Only in the request body, through the body expression's {@code $cursor} ({@code $offset}, {@code $page}). */
        BODY
    }

    /** What ends an offset or page-number read besides the shared stop conditions. */
    enum StopOn {
        /** A page without records. */
        EMPTY,
        /** A page with fewer records than asked for (or none). */
        SHORT
    }

    /** One request, one page. */
    record None() implements PaginationSpec {}

    /**
     * The next cursor is read from the body at {@code nextPath} or from response header
     * {@code nextHeader} (exactly one is set) and sent as query parameter {@code param}, or only
     * through {@code $cursor} in the body when {@code in} is BODY.
     */
    record Cursor(String nextPath, String param, String nextHeader, CursorIn in, String hasMorePath, String totalPath)
            implements PaginationSpec {
        public Cursor(String nextPath, String param) {
            this(nextPath, param, null, CursorIn.QUERY, null, null);
        }
    }

    /** GraphQL Relay: {@code pageInfo { hasNextPage endCursor }} at {@code pageInfoPath}; the cursor goes into the body as {@code $cursor}. */
    record Relay(String pageInfoPath) implements PaginationSpec {}

    /**
     * {@code offsetParam}/{@code limitParam} query parameters, or with {@code in} BODY only
     * {@code $offset}/{@code $limit} in the body; stops on a short (or, with {@code stopOn} EMPTY,
     * only an empty) page.
     */
    record Offset(String offsetParam, String limitParam, int limit, StopOn stopOn, String hasMorePath, String totalPath, CursorIn in)
            implements PaginationSpec {
        public Offset {
            in = in == null ? CursorIn.QUERY : in;
        }

        /** In the query. */
        public Offset(String offsetParam, String limitParam, int limit, StopOn stopOn, String hasMorePath, String totalPath) {
            this(offsetParam, limitParam, limit, stopOn, hasMorePath, totalPath, CursorIn.QUERY);
        }

        public Offset(String offsetParam, String limitParam, int limit) {
            this(offsetParam, limitParam, limit, StopOn.SHORT, null, null);
        }
    }

    /**
     * Page number in {@code param} (or with {@code in} BODY only {@code $page}/{@code $size} in the
     * body), starting at {@code start} (0 or 1); stops on an empty page (or a short one with
     * {@code stopOn} SHORT).
     */
    record Page(String param, int start, String sizeParam, int size, StopOn stopOn, String hasMorePath, String totalPath, CursorIn in)
            implements PaginationSpec {
        public Page {
            in = in == null ? CursorIn.QUERY : in;
        }

        /** In the query. */
        public Page(String param, int start, String sizeParam, int size, StopOn stopOn, String hasMorePath, String totalPath) {
            this(param, start, sizeParam, size, stopOn, hasMorePath, totalPath, CursorIn.QUERY);
        }

        public Page(String param, int start, String sizeParam, int size) {
            this(param, start, sizeParam, size, StopOn.EMPTY, null, null);
        }
    }

    /** RFC 8288 {@code Link: <...>; rel="next"} response header. */
    record Link() implements PaginationSpec {}

    /** The next page's full URL is read from the body at {@code nextPath}. */
    record NextUrl(String nextPath) implements PaginationSpec {}
}
