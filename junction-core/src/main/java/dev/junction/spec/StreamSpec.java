package dev.junction.spec;

/**
 * A readable collection. {@code records} is the JSON path of the record array in a page
 * ({@code $} when the body is the array), or {@value #SINGLE}: the body is one record (a
 * {@code GET /me} or {@code GET /settings} answering one object). {@code incremental} is null when the stream can only be
 * read in full. {@code maxPages} guards against endless pagination. {@code discovery}, when set,
 * is a request that lists the stream's custom fields per connection (see {@link DiscoverySpec}).
 * {@code format} says how a page body is parsed (see {@link Format}); JSON when not given.
 * {@code get}, when set, fetches one record by its key (see {@link GetSpec}); null when the stream
 * declares no {@code get:}. {@code request} is null for a stream whose job gives the URLs of its results
 * ({@link JobSpec#resultsUrl()}).
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
        DiscoverySpec discovery,
        Format format,
        HooksSpec hooks,
        ParentSpec parent,
        SliceSpec slice,
        SoapSpec soap,
        GetSpec get,
        RateLimitSpec rateLimit,
        JobSpec job) {

    /** {@code records: single}: each answer's body is one record, not a list of them. */
    public static final String SINGLE = "single";

    public StreamSpec {
        errors = errors == null ? java.util.List.of() : java.util.List.copyOf(errors);
        format = format == null ? Format.JSON : format;
    }

    /** Whether each answer's body is one record ({@code records: single}). */
    public boolean singleRecord() {
        return SINGLE.equals(records);
    }

    /** The JSON path of the records in a page: {@code $} for a single record or when none is declared. */
    public String recordsPath() {
        return records == null || singleRecord() ? "$" : records;
    }

    /** Not an asynchronous job ({@link JobSpec}). */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery, Format format,
            HooksSpec hooks, ParentSpec parent, SliceSpec slice, SoapSpec soap, GetSpec get, RateLimitSpec rateLimit) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, hooks, parent, slice, soap, get,
                rateLimit, null);
    }

    /**
     * An asynchronous job that prepares the stream's records (Salesforce's Bulk API 2.0 query, an ads platform's
     * report, an export): {@code start} creates it, {@code id} is the job's id in start's answer (a JSON path),
     * {@code status} is asked every {@code every} until its answer's {@code donePath} holds one of {@code doneValues},
     * or {@code failedPath} one of {@code failedValues} (the message at {@code failedMessage}), for at most
     * {@code timeout}. Then the stream's own request, which names the job as {@code {{ job.id }}}, reads the results
     * page by page as any stream does; or, with {@code resultsUrl} (a JSON path into the answer that said the job is
     * done, to a URL or a list of them: Shopify's bulk operations, HubSpot's exports, Amazon's reports), each URL there
     * is read as one page, and the stream has no request of its own.
     */
    public record JobSpec(RequestSpec start, String id, RequestSpec status, String donePath, java.util.List<String> doneValues,
            String failedPath, java.util.List<String> failedValues, String failedMessage, java.time.Duration every, java.time.Duration timeout,
            String resultsUrl, Document document) {
        public JobSpec {
            doneValues = doneValues == null ? java.util.List.of() : java.util.List.copyOf(doneValues);
            failedValues = failedValues == null ? java.util.List.of() : java.util.List.copyOf(failedValues);
        }

        /**
         * One more request once the job is done, whose answer holds {@code resultsUrl}: Amazon's reports name a document
         * ({@code reportDocumentId}), and the document's answer gives the link. {@code id} is a JSON path into the done answer,
         * {@code {{ job.document }}} in {@code request}.
         */
        public record Document(String id, RequestSpec request) {}

        /** Without a document request. */
        public JobSpec(RequestSpec start, String id, RequestSpec status, String donePath, java.util.List<String> doneValues,
                String failedPath, java.util.List<String> failedValues, String failedMessage, java.time.Duration every, java.time.Duration timeout,
                String resultsUrl) {
            this(start, id, status, donePath, doneValues, failedPath, failedValues, failedMessage, every, timeout, resultsUrl, null);
        }

        /** Results read by the stream's own request. */
        public JobSpec(RequestSpec start, String id, RequestSpec status, String donePath, java.util.List<String> doneValues,
                String failedPath, java.util.List<String> failedValues, String failedMessage, java.time.Duration every, java.time.Duration timeout) {
            this(start, id, status, donePath, doneValues, failedPath, failedValues, failedMessage, every, timeout, null);
        }
    }

    /** Without a rate limit of its own (the connection's budget alone). */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery, Format format,
            HooksSpec hooks, ParentSpec parent, SliceSpec slice, SoapSpec soap, GetSpec get) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, hooks, parent, slice, soap, get, null);
    }

    /** Without a single-record request. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery, Format format,
            HooksSpec hooks, ParentSpec parent, SliceSpec slice, SoapSpec soap) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, hooks, parent, slice, soap, null);
    }

    /** This stream with {@code value} as its single-record request (null: none). */
    public StreamSpec withGet(GetSpec value) {
        return new StreamSpec(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, hooks, parent,
                slice, soap, value, rateLimit, job);
    }

    /** Neither a sub-stream nor sliced, nor a SOAP call. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery, Format format,
            HooksSpec hooks) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, hooks, null, null, null);
    }

    /** Not a SOAP call. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery, Format format,
            HooksSpec hooks, ParentSpec parent, SliceSpec slice) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, hooks, parent, slice, null);
    }

    /** Whether the stream is read as several partitions (one per parent record, or one per date slice). */
    public boolean partitioned() {
        return parent != null || slice != null;
    }

    /** Without hooks. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery, Format format) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, null);
    }

    /** As JSON. */
    public StreamSpec(String name, RequestSpec request, String records, String primaryKey, PaginationSpec pagination,
            IncrementalSpec incremental, int maxPages, java.util.List<ErrorRuleSpec> errors, DiscoverySpec discovery) {
        this(name, request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, Format.JSON);
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
     * How a page body becomes records. Gzip bodies ({@code Content-Encoding: gzip}, or bytes that start
     * like gzip) are decompressed first, whatever the format; a zip archive's files are read in turn.
     * <ul>
     *   <li>{@code JSON}: one JSON document; {@code records} points at the record array.
     *   <li>{@code JSONL}: one JSON value per non-blank line; the page is the array of lines, so
     *       {@code records} is {@code $}.
     *   <li>{@code CSV}: a header row, then one record per row, an object of header name to text;
     *       the page is the array of rows, so {@code records} is {@code $}.
     *   <li>{@code XML}: the element tree below the root element, as JSON (attributes and child
     *       elements become keys, repeated elements become arrays); {@code records} points at the
     *       repeated element, and a single element is one record, an empty one none.
     *   <li>{@code JSONRPC}: a JSON-RPC 2.0 response; the page is its {@code result}, so
     *       {@code records} and pagination paths start there (set by a stream's {@code jsonrpc:}).
     *   <li>{@code SOAP}: a SOAP envelope; the page is the content of its Body as in {@code XML},
     *       so {@code records} and pagination paths start at the operation's response element
     *       (set by a stream's {@code soap:}).
     *   <li>{@code GRAPHQL}: a GraphQL response, read as JSON (the whole document: {@code records}
     *       starts at {@code $}, e.g. {@code $.data.contacts.nodes}); its {@code errors} are
     *       classified (set by a stream's or action's {@code graphql:}).
     *   <li>{@code TSV}: as {@code CSV}, with tab-separated fields and no quoting (IANA
     *       {@code text/tab-separated-values}: a field holds no tab or line break, and a {@code "} is text).
     * </ul>
     */
    public enum Format { JSON, JSONL, CSV, XML, JSONRPC, SOAP, GRAPHQL, TSV }

    /**
     * Incremental reads: records carry {@code cursorField}; the highest value written is the
     * checkpoint, sent back as query parameter {@code param} (a header with {@code inHeader}) on the next run,
     * written in {@code format} when one is given (null: as it is). A request that names {@code {{ since }}} (a search
     * query's filter) gets the checkpoint there, or {@code start} when there is none yet (a first run, a full read). {@code sorted} says
     * the API returns each read's records in ascending order of {@code cursorField}: the checkpoint
     * may then move after each page written; otherwise (the default) only once a read reached its
     * end, since a record not read yet may have a lower cursor than those read.
     */
    public record IncrementalSpec(String cursorField, String param, java.time.Duration lookback, boolean sorted, String format, boolean inHeader,
            String start) {
        public IncrementalSpec {
            lookback = lookback == null ? java.time.Duration.ZERO : lookback;
        }

        /** Without a start for {@code {{ since }}} in the request. */
        public IncrementalSpec(String cursorField, String param, java.time.Duration lookback, boolean sorted, String format, boolean inHeader) {
            this(cursorField, param, lookback, sorted, format, inHeader, null);
        }

        /**
         * The checkpoint sent as it is, in query parameter {@code param}. (With {@code format}, it is written in the API's
         * notation of a time, see {@link dev.junction.spec.internal.CheckpointFormats}; with {@code inHeader}, {@code param}
         * names a header rather than a query parameter.)
         */
        public IncrementalSpec(String cursorField, String param, java.time.Duration lookback, boolean sorted) {
            this(cursorField, param, lookback, sorted, null, false);
        }

        /** Not sorted by the cursor. */
        public IncrementalSpec(String cursorField, String param, java.time.Duration lookback) {
            this(cursorField, param, lookback, false);
        }

        /** Without a lookback window, not sorted by the cursor. */
        public IncrementalSpec(String cursorField, String param) {
            this(cursorField, param, java.time.Duration.ZERO);
        }
    }

    /**
     * A sub-stream: the stream is read once for each record of the {@code stream} (its parent, read
     * in full). The parent record's fields are template variables {@code parent.FIELD} of this
     * stream's request; the value of the parent's {@code key} is added to each record read as field
     * {@code as} (default {@code _parent}) and names the partition. {@code parallel} partitions are
     * read at once.
     */
    public record ParentSpec(String stream, String key, String as, int parallel) {
        public static final String DEFAULT_AS = "_parent";
    }

    /**
     * Date-range slicing: the range from {@code start} (or the stream's checkpoint, less the
     * lookback, in incremental mode) to {@code end} (null: now) is cut into slices of {@code step},
     * each read as its own partition with template variables {@code slice.start} and
     * {@code slice.end} (ISO-8601 instants, end exclusive); {@code parallel} slices are read at once.
     */
    public record SliceSpec(java.time.Instant start, java.time.Instant end, java.time.Duration step, int parallel) {}

    /**
     * A request listing the stream's fields (custom fields included) for one connection, like a
     * {@code /properties} endpoint. {@code fields} is the JSON path of the field array in its
     * response; {@code name} and {@code type} are paths inside each entry (type optional);
     * {@code under}, when set, is the record path the fields sit under ({@code properties} for
     * records shaped {@code {"properties": {"plan": ...}}}).
     */
    public record DiscoverySpec(RequestSpec request, String fields, String name, String type, String under) {}

    /**
     * The stream's single-record request ({@code get:}): fetches one record by its key, for instance
     * when a webhook event carries only an id. {@code request} is a request like the stream's own,
     * whose path, query and headers may use {@code {{ id }}} (also named {@code {{ key }}}): the
     * record's key, percent-encoded as one path segment in the path. A JSONata {@code body} sees it as {@code $id}
     * and {@code $key}. {@code record} is the JSON path of the record in the response, null for the
     * whole body; an array found there holds one record, or none (the record is gone).
     * {@code notFound} lists the statuses that mean the record is gone (default 404 and 410);
     * {@code gone}, when set, is a field of the found record saying it is gone all the same (a
     * tombstone such as Stripe's {@code "deleted": true}), or null.
     */
    public record GetSpec(RequestSpec request, String record, java.util.List<Integer> notFound, Gone gone) {
        /** The statuses meaning "the record is gone" when {@code notFound} is not given. */
        public static final java.util.List<Integer> DEFAULT_NOT_FOUND = java.util.List.of(404, 410);
        /** The template variables standing for the key: {@code {{ id }}} and {@code {{ key }}}. */
        public static final java.util.List<String> KEY_VARIABLES = java.util.List.of("id", "key");

        public GetSpec {
            notFound = notFound == null ? DEFAULT_NOT_FOUND : java.util.List.copyOf(notFound);
        }

        /** No tombstone field: only a {@code notFound} status or an empty list means gone. */
        public GetSpec(RequestSpec request, String record, java.util.List<Integer> notFound) {
            this(request, record, notFound, null);
        }

        /** The whole body is the record; 404 and 410 mean gone. */
        public GetSpec(RequestSpec request) {
            this(request, null, null, null);
        }

        /**
         * A found record is gone when the value at {@code path} (a JSON path in the record, such as
         * {@code $.deleted}) is a value whose text is one of {@code equals} ({@code true}, {@code deleted},
         * {@code 1}), or, with {@code present}, any value that is not null (a deletion time such as
         * {@code deleted_at}). A missing or null value is never gone; nor is an object or list when
         * {@code equals} is given. Exactly one of {@code equals} (not empty) and {@code present} is set.
         */
        public record Gone(String path, java.util.List<String> equals, boolean present) {
            public Gone {
                java.util.Objects.requireNonNull(path, "path");
                equals = equals == null ? java.util.List.of() : java.util.List.copyOf(equals);
                if (equals.isEmpty() != present) {
                    throw new IllegalArgumentException("gone: expected exactly one of equals and present: true");
                }
            }

            /** Gone when the value's text is {@code equals}. */
            public Gone(String path, String equals) {
                this(path, java.util.List.of(equals), false);
            }

            /** Gone when the value's text is one of {@code equals}. */
            public static Gone anyOf(String path, java.util.List<String> equals) {
                return new Gone(path, equals, false);
            }

            /** Gone when the value is there and not null. */
            public static Gone whenPresent(String path) {
                return new Gone(path, java.util.List.of(), true);
            }

            /** Whether {@code value}, found at {@code path} in a record, says the record is gone. */
            public boolean says(com.fasterxml.jackson.databind.JsonNode value) {
                if (value.isMissingNode() || value.isNull()) {
                    return false;
                }
                return present || value.isValueNode() && equals.contains(value.asText());
            }
        }
    }
}
