package dev.junction.spec;

/**
 * A readable collection. {@code records} is the JSON path of the record array in a page
 * ({@code $} when the body is the array). {@code incremental} is null when the stream can only be
 * read in full. {@code maxPages} guards against endless pagination.
 */
public record StreamSpec(
        String name,
        RequestSpec request,
        String records,
        String primaryKey,
        PaginationSpec pagination,
        IncrementalSpec incremental,
        int maxPages) {

    /**
     * Incremental reads: records carry {@code cursorField}; the highest value written is the
     * checkpoint, sent back as query parameter {@code param} on the next run.
     */
    public record IncrementalSpec(String cursorField, String param) {}
}
