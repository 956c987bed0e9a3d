package dev.junction.spec.internal;

import java.util.List;

/**
 * The one table of keys, allowed values and defaults of the spec YAML. The readers take their key
 * lists from here, so an error message's "(allowed: ...)" and this table cannot drift apart. The
 * shapes themselves, with examples, are documented on {@link dev.junction.spec.SpecLoader}.
 */
public final class Schema {
    private Schema() {}

    public static final List<String> KINDS = List.of("Connector", "Connection", "Sync");

    // ---- Connector
    public static final List<String> CONNECTOR = List.of(
            "kind", "name", "version", "description", "config", "secrets", "baseUrl", "headers", "auth", "retry", "rateLimit", "streams", "actions");
    public static final List<String> CONFIG_FIELD = List.of("type", "required", "default", "description");
    /** Like a config field but without {@code default}: a secret's value must come from its connection. */
    public static final List<String> SECRET_FIELD = List.of("type", "required", "description");
    public static final List<String> FIELD_TYPES = List.of("string", "integer", "number", "boolean");
    public static final String DEFAULT_FIELD_TYPE = "string";

    public static final List<String> AUTH_TYPES = List.of("none", "api-key", "bearer", "basic");
    public static final List<String> AUTH_NONE = List.of("type");
    public static final List<String> AUTH_API_KEY = List.of("type", "in", "name", "value");
    public static final List<String> AUTH_BEARER = List.of("type", "token");
    public static final List<String> AUTH_BASIC = List.of("type", "username", "password");
    public static final List<String> API_KEY_PLACEMENTS = List.of("header", "query");

    public static final List<String> RETRY = List.of("maxAttempts", "initialDelay", "maxDelay");
    public static final List<String> RATE_LIMIT = List.of("requests", "per");

    public static final List<String> STREAM = List.of("request", "records", "primaryKey", "pagination", "incremental", "maxPages");
    public static final int DEFAULT_MAX_PAGES = 10_000;
    public static final List<String> ACTION = List.of("request", "batch", "results");
    public static final List<String> REQUEST = List.of("method", "path", "query", "headers", "body");
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final String DEFAULT_STREAM_METHOD = "GET";
    public static final String DEFAULT_ACTION_METHOD = "POST";
    public static final List<String> INCREMENTAL = List.of("cursorField", "param");
    public static final List<String> ACTION_BATCH = List.of("maxRecords");
    public static final List<String> RESULTS = List.of("perRecord", "errorPath", "statusPath", "insertedValues");

    public static final List<String> PAGINATION_TYPES = List.of("cursor", "offset", "page", "link", "next-url");
    public static final List<String> PAGINATION_CURSOR = List.of("type", "nextPath", "param");
    public static final List<String> PAGINATION_OFFSET = List.of("type", "offsetParam", "limitParam", "limit");
    public static final String DEFAULT_OFFSET_PARAM = "offset";
    public static final String DEFAULT_LIMIT_PARAM = "limit";
    public static final List<String> PAGINATION_PAGE = List.of("type", "param", "start", "sizeParam", "size");
    public static final String DEFAULT_PAGE_PARAM = "page";
    public static final int DEFAULT_PAGE_START = 1;
    public static final List<String> PAGINATION_LINK = List.of("type");
    public static final List<String> PAGINATION_NEXT_URL = List.of("type", "nextPath");

    // ---- Connection
    public static final List<String> CONNECTION = List.of("kind", "name", "connector", "tenant", "environment", "config", "secrets");
    public static final String DEFAULT_TENANT = "default";
    public static final List<String> ENVIRONMENTS = List.of("sandbox", "production");
    public static final String DEFAULT_ENVIRONMENT = "production";
    public static final String REFERENCE_FORMS = "${env:NAME} or ${file:PATH}";

    // ---- Sync
    public static final List<String> SYNC = List.of("kind", "name", "description", "source", "destination", "mapping", "batch", "onRowError");
    public static final List<String> SOURCE = List.of("connection", "stream", "mode");
    public static final List<String> READ_MODES = List.of("full", "incremental");
    public static final List<String> DESTINATION = List.of("connection", "action", "key", "mode");
    public static final List<String> WRITE_MODES = List.of("upsert", "insert", "update");
    public static final List<String> SYNC_BATCH = List.of("size", "concurrency");
    public static final List<String> ON_ROW_ERROR = List.of("dead-letter", "fail");
    public static final List<String> MAPPING_CONST = List.of("const");
    public static final List<String> MAPPING_VALUE_MAP = List.of("from", "values", "default");
}
