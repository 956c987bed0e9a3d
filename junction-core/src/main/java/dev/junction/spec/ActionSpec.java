package dev.junction.spec;

/**
 * A write. With {@code batch} set, one call carries up to {@code batch.maxRecords} records bound
 * as {@code $records} in the body expression; without it one call per record ({@code $record}).
 * {@code results} maps the response back to each record; null means the HTTP status decides for
 * the whole call. {@code format} says how the response body is read (JSON unless set; CSV and
 * JSONL bodies are the array of their rows or lines, gzip bodies are decompressed first).
 * {@code soap}, when set, makes each call a SOAP envelope with one record
 * ({@code {{ record.field }}} in its body template). {@code rateLimit}, when set, is the action's own
 * limit, taken on top of the connection's budget.
 */
public record ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results, java.util.List<ErrorRuleSpec> errors,
        IdempotencyKeySpec idempotencyKey, HooksSpec hooks, StreamSpec.Format format, SoapSpec soap, RateLimitSpec rateLimit) {

    public ActionSpec {
        errors = errors == null ? java.util.List.of() : java.util.List.copyOf(errors);
        format = format == null ? StreamSpec.Format.JSON : format;
    }

    /** Without a rate limit of its own (the connection's budget alone). */
    public ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results, java.util.List<ErrorRuleSpec> errors,
            IdempotencyKeySpec idempotencyKey, HooksSpec hooks, StreamSpec.Format format, SoapSpec soap) {
        this(name, request, batch, results, errors, idempotencyKey, hooks, format, soap, null);
    }

    /** With a JSON response. */
    public ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results, java.util.List<ErrorRuleSpec> errors,
            IdempotencyKeySpec idempotencyKey, HooksSpec hooks) {
        this(name, request, batch, results, errors, idempotencyKey, hooks, null, null);
    }

    /** Not a SOAP call. */
    public ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results, java.util.List<ErrorRuleSpec> errors,
            IdempotencyKeySpec idempotencyKey, HooksSpec hooks, StreamSpec.Format format) {
        this(name, request, batch, results, errors, idempotencyKey, hooks, format, null);
    }

    /** The same action under {@code name}. */
    public ActionSpec named(String value) {
        return new ActionSpec(value, request, batch, results, errors, idempotencyKey, hooks, format, soap, rateLimit);
    }

    /** Without hooks. */
    public ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results, java.util.List<ErrorRuleSpec> errors,
            IdempotencyKeySpec idempotencyKey) {
        this(name, request, batch, results, errors, idempotencyKey, null);
    }

    /** Without an idempotency key. */
    public ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results, java.util.List<ErrorRuleSpec> errors) {
        this(name, request, batch, results, errors, null);
    }

    /** Without error rules of its own. */
    public ActionSpec(String name, RequestSpec request, BatchLimits batch, ResultsSpec results) {
        this(name, request, batch, results, null);
    }

    /** {@code maxBytes}: the most bytes of records (their JSON array, compact UTF-8) per call, 0 for no limit. */
    public record BatchLimits(int maxRecords, long maxBytes) {
        public BatchLimits(int maxRecords) {
            this(maxRecords, 0);
        }
    }

    /**
     * {@code idempotencyKey: { header: Idempotency-Key }}: every call carries a key in that header,
     * the same key when the same batch is sent again after a crash, so the API applies it once.
     */
    public record IdempotencyKeySpec(String header) {}

    /**
     * {@code perRecord}: JSON path of the per-record result array, in input order, or matched to the
     * records by {@code matchBy} (null: by position). Inside one item, {@code errorPath} (non-null
     * value = that record failed; its text is the reason) and {@code statusPath} (a value whose text
     * is among {@code insertedValues} counts as inserted, else updated).
     */
    public record ResultsSpec(String perRecord, String errorPath, String statusPath, java.util.List<String> insertedValues, MatchBy matchBy) {
        /** Results in input order. */
        public ResultsSpec(String perRecord, String errorPath, String statusPath, java.util.List<String> insertedValues) {
            this(perRecord, errorPath, statusPath, insertedValues, null);
        }
    }

    /**
     * {@code matchBy: { result, record }}: a result item belongs to the record of the call whose value
     * at {@code record} (a JSON path in the record) has the same text as the item's value at
     * {@code result} (a JSON path in the item), in any order (HubSpot's {@code objectWriteTraceId}).
     */
    public record MatchBy(String result, String record) {}
}
