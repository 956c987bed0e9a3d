package dev.junction.spec;

/**
 * A readable collection. {@code records} is the JSON path of the record array in a page
 * ({@code $} when the body is the array). {@code incremental} is null when the stream can only be
 * read in full. {@code maxPages} guards against endless pagination. {@code discovery}, when set,
 * is a request that lists the stream's custom fields per connection (see {@link DiscoverySpec}).
 */
public record StreamSpec(
        String name,
        RequestSpec request,
        String records,
        String primaryKey,
        PaginationSpec pagination,
        IncrementalSpec incremental,
        int maxPages,
        java.util.List<ErrorRuleSpec> errors,
        DiscoverySpec discovery) {

    public StreamSpec {
        errors = errors == null ? java.util.List.of() : java.util.List.copyOf(errors);
    }

    /** Without a discovery request. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, null);
    }

    /** Without error rules of its own. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, null);
    }

    /**
     * Incremental reads: records carry {@code cursorField}; the highest value written is the
     * checkpoint, sent back as query parameter {@code param} on the next run.
     */
    public record IncrementalSpec(String cursorField, String param) {}

    /**
     * A request listing the stream's fields (custom fields included) for one connection, like a
     * {@code /properties} endpoint. {@code fields} is the JSON path of the field array in its
     * response; {@code name} and {@code type} are paths inside each entry (type optional);
     * {@code under}, when set, is the record path the fields sit under ({@code properties} for
     * records shaped {@code {"properties": {"plan": ...}}}).
     */
    public record DiscoverySpec(RequestSpec request, String fields, String name, String type, String under) {}
}
