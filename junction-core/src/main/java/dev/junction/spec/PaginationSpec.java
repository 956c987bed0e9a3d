package dev.junction.spec;

/** How a stream walks its pages. Paths are JSON paths like {@code $.paging.next.after}. */
public sealed interface PaginationSpec {
    /** One request, one page. */
    record None() implements PaginationSpec {}

    /** The next cursor is read from the body at {@code nextPath} and sent as query parameter {@code param}. */
    record Cursor(String nextPath, String param) implements PaginationSpec {}

    /** {@code offsetParam}/{@code limitParam} query parameters; stops on a short or empty page. */
    record Offset(String offsetParam, String limitParam, int limit) implements PaginationSpec {}

    /** Page number in {@code param}, starting at {@code start} (0 or 1); stops on an empty page. */
    record Page(String param, int start, String sizeParam, int size) implements PaginationSpec {}

    /** RFC 8288 {@code Link: <...>; rel="next"} response header. */
    record Link() implements PaginationSpec {}

    /** The next page's full URL is read from the body at {@code nextPath}. */
    record NextUrl(String nextPath) implements PaginationSpec {}
}
