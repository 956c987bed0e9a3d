package dev.junction.spec.internal;

import java.util.List;

/**
 * The one table of keys, allowed values and defaults of the spec YAML. The readers take their key
 * lists from here, so an error message's "(allowed: ...)" and this table cannot drift apart. The
 * shapes themselves, with examples, are documented on {@link dev.junction.spec.SpecLoader}.
 */
public final class Schema {
    private Schema() {}

    public static final List<String> KINDS = List.of("Connector", "Connection", "Sync", "Flow", "Alert", "AlertChannel");

    // ---- Connector
    public static final List<String> CONNECTOR = List.of(
            "kind", "name", "version", "description", "config", "secrets", "baseUrl", "headers", "auth", "retry", "rateLimit", "streams", "actions", "timeouts", "errors", "hooks",
            "tls", "maxDecompressedSize", "soap", "webhooks", "check", "tracing", "exchangeLog");
    /** A connector's {@code tracing:}: whether its requests carry the W3C {@code traceparent}. */
    public static final List<String> TRACING = List.of("propagate");
    /** A connector's {@code check:}: the health check request and what a healthy answer looks like. */
    public static final List<String> CHECK = List.of("request", "expect", "account");
    public static final List<String> CHECK_ACCOUNT = List.of("id", "name");
    public static final List<String> CHECK_EXPECT = List.of("status", "condition");
    /** {@code webhooks:} of a connector (see {@link dev.junction.spec.WebhookSpec}). */
    public static final List<String> WEBHOOKS = List.of("verify", "tolerance", "events", "formJson", "messageJson", "eventId", "eventType", "recordKey", "record", "tenant", "routeTo", "handshake", "maxBodySize",
            "ordered", "register", "unregister", "renew", "renewEvery");
    public static final List<String> WEBHOOK_SCHEMES = List.of("hmac", "standard-webhooks", "svix", "stripe", "github", "slack", "hubspot", "twilio",
            "sendgrid", "shopify", "zoom", "mailgun", "zendesk", "sns", "paypal", "msgraph", "public-key", "shared-secret", "basic");
    /** {@code verify:} of a vendor scheme (standard-webhooks, svix, stripe, github, slack, hubspot, twilio, sendgrid, shopify, zoom, mailgun, zendesk) and of basic: only the secrets. */
    public static final List<String> WEBHOOK_VERIFY = List.of("scheme", "secret", "secrets");
    public static final List<String> WEBHOOK_VERIFY_MSGRAPH = List.of("scheme", "secret", "secrets", "decryptionKey");
    public static final List<String> WEBHOOK_VERIFY_HMAC = List.of("scheme", "secret", "secrets", "algorithm", "encoding", "header", "prefix",
            "signedContent", "timestampHeader", "timestampUnit", "secretEncoding", "pairs");
    public static final List<String> WEBHOOK_PAIRS = List.of("separator", "timestamp", "signature");
    public static final List<String> WEBHOOK_VERIFY_PUBLIC_KEY = List.of("scheme", "secret", "secrets", "algorithm", "encoding", "header", "prefix",
            "signedContent", "timestampHeader", "timestampUnit");
    public static final List<String> PUBLIC_KEY_ALGORITHMS = List.of("ed25519", "ecdsa-sha256", "rsa-sha256");
    public static final List<String> TIMESTAMP_UNITS = List.of("seconds", "milliseconds", "iso8601");
    /** Request signing's: also {@code iso8601-seconds} (HTX). */
    public static final List<String> HMAC_TIMESTAMP_UNITS = List.of("seconds", "milliseconds", "iso8601", "iso8601-seconds");
    /** {@code verify:} of hubspot: the secrets and the signature version ({@code v3}, {@code v1}, {@code v2} or {@code any}). */
    public static final List<String> WEBHOOK_VERIFY_HUBSPOT = List.of("scheme", "secret", "secrets", "version");
    /** {@code verify:} of sns: the topics the connection takes, no secret. */
    public static final List<String> WEBHOOK_VERIFY_SNS = List.of("scheme", "topic", "topics");
    /** {@code verify:} of paypal: the id PayPal gave the webhook, no secret. */
    public static final List<String> WEBHOOK_VERIFY_PAYPAL = List.of("scheme", "webhookId");
    /** The most webhook ids one paypal connection names: the current one and, while moving to a new webhook, the previous one. */
    public static final int MAX_PAYPAL_WEBHOOK_IDS = 2;
    /** The most topic ARNs (or patterns) one sns connection names. */
    public static final int MAX_SNS_TOPICS = 20;
    public static final List<String> WEBHOOK_VERIFY_SHARED_SECRET = List.of("scheme", "secret", "secrets", "header", "prefix");
    public static final List<String> HMAC_ALGORITHMS = List.of("sha256", "sha1", "sha512", "sha384");
    /** What an auth's request signature may be made with: an HMAC, or a private key (Ed25519, RSA with SHA-256, RSA-PSS with SHA-256). */
    public static final List<String> REQUEST_SIGNATURE_ALGORITHMS = List.of("sha256", "sha1", "sha512", "sha384", "ed25519", "rsa-sha256",
            "rsa-pss-sha256");
    public static final List<String> SIGNATURE_ENCODINGS = List.of("hex", "base64");
    public static final List<String> SECRET_ENCODINGS = List.of("text", "hex", "base64");
    /** The variables of an hmac scheme's {@code signedContent}; {@code headers.} and {@code query.} take any name after the dot. */
    public static final List<String> SIGNED_CONTENT_VARIABLES = List.of("body", "timestamp", "headers.NAME", "query.NAME", "method", "url", "form");
    /** The most secrets a scheme takes: the current one and, during a rotation, the previous one. */
    public static final int MAX_WEBHOOK_SECRETS = 2;
    /** The object form of {@code eventId} / {@code eventType}: a payload path or a header. */
    public static final List<String> WEBHOOK_VALUE = List.of("path", "header");
    /** An event id: a path, a header, several paths joined, or the event's digest for providers that send no id. */
    public static final List<String> WEBHOOK_EVENT_ID = List.of("path", "header", "paths", "digest");
    public static final List<String> WEBHOOK_HANDSHAKE = List.of("path", "query", "when", "respond", "contentType", "status", "signed", "secretHeader");
    public static final List<String> WEBHOOK_HANDSHAKE_WHEN = List.of("path", "query", "header", "equals");
    /** {@code tls:} of a connector: a client certificate (mutual TLS) and the trust for the server's certificate. */
    public static final List<String> TLS = List.of("clientCertificate", "trust");
    /** PKCS#12 ({@code keystore} + {@code password}) or PEM ({@code certificate} + {@code privateKey}, {@code keyPassword} when encrypted). */
    public static final List<String> TLS_CLIENT_CERTIFICATE = List.of("keystore", "password", "certificate", "privateKey", "keyPassword");
    /** PEM CA certificates ({@code ca}) or a PKCS#12 trust store ({@code truststore}, optional {@code password}). */
    public static final List<String> TLS_TRUST = List.of("ca", "truststore", "password");
    public static final List<String> CONFIG_FIELD = List.of("type", "required", "default", "description");
    /** Like a config field but without {@code default}: a secret's value must come from its connection. */
    public static final List<String> SECRET_FIELD = List.of("type", "required", "description");
    public static final List<String> FIELD_TYPES = List.of("string", "integer", "number", "boolean");
    public static final String DEFAULT_FIELD_TYPE = "string";

    public static final List<String> AUTH_TYPES = List.of("none", "api-key", "bearer", "basic", "digest", "oauth2", "oauth1", "session", "aws-sigv4",
            "hmac", "jwt");
    public static final List<String> AUTH_SESSION = List.of("type", "loginUrl", "method", "body", "bodyFormat", "headers", "tokenPath", "tokenHeader",
            "tokenCookie", "expiresInPath", "expiresAtPath", "ttl", "in", "name", "prefix", "loginAuth");
    /** The auth types a session's login request may carry itself ({@code loginAuth}). */
    public static final List<String> LOGIN_AUTH_TYPES = List.of("basic", "jwt");
    public static final List<String> AUTH_JWT = List.of("type", "algorithm", "privateKey", "passphrase", "secret", "secretEncoding", "keyId", "claims",
            "headers", "lifetime", "backdate", "notBefore", "in", "name", "prefix");
    public static final List<String> JWS_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
            "HS256", "HS384", "HS512");
    public static final List<String> AUTH_OAUTH1 = List.of("type", "consumerKey", "consumerSecret", "token", "tokenSecret", "signatureMethod", "realm");
    public static final List<String> OAUTH1_SIGNATURE_METHODS = List.of("HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT");
    public static final String DEFAULT_OAUTH1_SIGNATURE_METHOD = "HMAC-SHA1";
    public static final List<String> AUTH_NONE = List.of("type");
    public static final List<String> AUTH_AWS_SIGV4 = List.of("type", "accessKeyId", "secretAccessKey", "sessionToken", "region", "service",
            "assumeRole");
    /** {@code auth.assumeRole:} of AWS SigV4: a role assumed through STS. */
    public static final List<String> AUTH_AWS_ASSUME_ROLE = List.of("roleArn", "externalId", "sessionName", "duration", "stsEndpoint", "stsRegion");
    /** {@code auth: { type: hmac }}: the secret, how it signs, what it signs, and where the signature and the timestamp go. */
    public static final List<String> AUTH_HMAC = List.of("type", "secret", "secretEncoding", "algorithm", "encoding", "timestampUnit", "signedContent",
            "headers", "query", "body", "nonce", "digest", "bodyFormat", "sendBody", "passphrase");
    public static final List<String> AUTH_HMAC_DIGEST = List.of("algorithm", "content");
    public static final List<String> AUTH_API_KEY = List.of("type", "in", "name", "value");
    public static final List<String> AUTH_BEARER = List.of("type", "token");
    public static final List<String> AUTH_BASIC = List.of("type", "username", "password");
    public static final List<String> API_KEY_PLACEMENTS = List.of("header", "query", "cookie");
    /** Where a session token may go (a subset of the API-key placements). */
    public static final List<String> SESSION_PLACEMENTS = List.of("header", "query", "cookie");
    public static final List<String> JWT_PLACEMENTS = List.of("header", "query");
    public static final List<String> AUTH_OAUTH2 = List.of("type", "grant", "tokenUrl", "clientAuth", "clientId", "clientSecret", "scopes",
            "audience", "username", "password", "refreshToken", "accessToken", "privateKey", "issuer", "subject", "keyId",
            "refreshBefore", "tokenError", "authorizeUrl", "revokeUrl", "discoveryUrl", "identity", "tokenParams", "assertionAudience", "certificate", "tokenResponse",
            "passphrase", "in", "name", "prefix");
    public static final List<String> OAUTH2_TOKEN_RESPONSE = List.of("accessToken", "refreshToken", "expiresIn", "expiresAt");
    public static final List<String> OAUTH2_IDENTITY = List.of("path", "id", "name");
    public static final List<String> OAUTH2_GRANTS = List.of("client_credentials", "refresh_token", "password", "jwt_bearer", "authorization_code");
    public static final List<String> OAUTH2_CLIENT_AUTH = List.of("basic", "body", "private_key_jwt");
    public static final String DEFAULT_OAUTH2_CLIENT_AUTH = "basic";
    public static final java.time.Duration DEFAULT_REFRESH_BEFORE = java.time.Duration.ofSeconds(60);
    /** {@code path} with {@code equals}, or {@code matches} alone. */
    public static final List<String> OAUTH2_TOKEN_ERROR = List.of("path", "equals", "matches");

    public static final List<String> RETRY = List.of("maxAttempts", "initialDelay", "maxDelay", "maxTotalWait");
    public static final List<String> RATE_LIMIT = List.of("requests", "per", "maxConcurrency", "learnFromHeaders", "window", "scope", "cost");
    /** {@code rateLimit.cost:}, points read from each answer's body. */
    public static final List<String> RATE_LIMIT_COST = List.of("available", "requested", "restoreRate", "maximum", "resetIn");
    public static final List<String> TIMEOUTS = List.of("connect", "read", "total");
    /** {@code exchangeLog:} of a connector or connection: what the exchange log keeps of successful attempts. */
    public static final List<String> EXCHANGE_LOG = List.of("bodies", "headBytes");
    public static final List<String> ERROR_RULE = List.of("when", "as", "message");
    public static final List<String> ERROR_WHEN = List.of("status", "bodyPath", "equals", "bodyMatches");
    public static final List<String> ERROR_CATEGORIES = List.of("permanent", "retryable", "auth");

    public static final List<String> STREAM = List.of("request", "records", "primaryKey", "pagination", "incremental", "maxPages", "errors",
            "discovery", "format", "jsonrpc", "hooks", "parent", "slice", "soap", "get", "graphql", "rateLimit", "job");
    /** A stream's {@code job:}, an asynchronous job that prepares its records. */
    public static final List<String> JOB = List.of("start", "id", "status", "done", "failed", "every", "timeout", "resultsUrl", "document");
    public static final List<String> JOB_DOCUMENT_KEYS = List.of("id", "request");
    /** {@code job.done:} and {@code job.failed:}: a JSON path and the values it holds then ({@code message}: failed only). */
    public static final List<String> JOB_STATE = List.of("path", "equals", "message");
    /** The variable naming the job in the stream's and status's paths and queries. */
    public static final String JOB_ID = "job.id";
    /** The template variable of a job's document request: the document's id from the done answer. */
    public static final String JOB_DOCUMENT = "job.document";
    /** The template variable of an incremental stream's request: the checkpoint as sent, or {@code incremental.start}. */
    public static final String SINCE = "since";
    /**
     * A stream's {@code get:}: a request (flat, as under {@code request:}), the record's path in the
     * answer, the statuses meaning gone, the record's field saying it is gone.
     */
    public static final List<String> GET = List.of("method", "path", "query", "headers", "body", "record", "notFound", "gone");
    /** A get's {@code gone:}: the path in the found record, and the texts its value equals (or {@code present: true}) when the record is gone. */
    public static final List<String> GET_GONE = List.of("path", "equals", "present");
    /** A sub-stream's {@code parent:}: the parent stream, its key field, the field the key is added as, partitions read at once. */
    public static final List<String> PARENT = List.of("stream", "key", "as", "parallel");
    /** A stream's {@code slice:}: date-range partitions. */
    public static final List<String> SLICE = List.of("start", "end", "step", "parallel");
    /** A stream's {@code format}: how a page body is parsed. */
    public static final List<String> STREAM_FORMATS = List.of("json", "jsonl", "csv", "tsv", "xml");
    /** A stream's field-discovery request: {@code fields} (path of the field list), {@code name}, {@code type}, {@code under}. */
    public static final List<String> DISCOVERY = List.of("request", "fields", "name", "type", "under");
    public static final int DEFAULT_MAX_PAGES = 10_000;
    public static final List<String> ACTION = List.of("request", "batch", "results", "errors", "idempotencyKey", "hooks", "jsonrpc", "format", "soap", "graphql",
            "rateLimit");
    /** {@code soap:} of a connector: the default version of its SOAP operations and WS-Security credentials. */
    public static final List<String> SOAP_CONNECTOR = List.of("version", "security");
    /** {@code soap:} of a stream or action: the SOAP call. */
    public static final List<String> SOAP_OPERATION = List.of("version", "action", "body");
    public static final List<String> SOAP_VERSIONS = List.of("1.1", "1.2");
    public static final List<String> SOAP_SECURITY = List.of("username", "password", "passwordType");
    public static final List<String> SOAP_PASSWORD_TYPES = List.of("PasswordDigest", "PasswordText");
    /** {@code jsonrpc:} of a stream or action: the JSON-RPC 2.0 method and a JSONata expression for its params. */
    public static final List<String> JSONRPC = List.of("method", "params");
    /** {@code graphql:} of a stream or action: the GraphQL document and a JSONata expression for its variables. */
    public static final List<String> GRAPHQL = List.of("query", "variables");
    /** {@code hooks:} of a connector, stream or action: JSONata expressions and Java SPI hook class names. */
    public static final List<String> HOOKS = List.of("preRequest", "postResponse", "java");
    public static final List<String> IDEMPOTENCY_KEY = List.of("header");
    public static final List<String> REQUEST = List.of("method", "path", "query", "headers", "body");
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final String DEFAULT_STREAM_METHOD = "GET";
    public static final String DEFAULT_ACTION_METHOD = "POST";
    /** A stream's {@code incremental:}; {@code sorted}: the API returns records in ascending cursor order. */
    public static final List<String> INCREMENTAL = List.of("cursorField", "param", "in", "format", "start", "lookback", "sorted");
    public static final List<String> ACTION_BATCH = List.of("maxRecords", "maxBytes");
    public static final List<String> RESULTS = List.of("perRecord", "errorPath", "statusPath", "insertedValues", "matchBy");
    /** An action's {@code results.matchBy}: JSON paths of the matching values inside a result item and inside the record. */
    public static final List<String> RESULTS_MATCH_BY = List.of("result", "record");

    public static final List<String> PAGINATION_TYPES = List.of("cursor", "offset", "page", "link", "next-url", "relay");
    public static final List<String> PAGINATION_CURSOR = List.of("type", "nextPath", "nextHeader", "param", "in", "hasMorePath", "totalPath");
    public static final List<String> CURSOR_PLACEMENTS = List.of("query", "body");
    public static final List<String> PAGINATION_RELAY = List.of("type", "pageInfo");
    public static final List<String> STOP_ON = List.of("empty", "short");
    public static final List<String> PAGINATION_OFFSET = List.of("type", "offsetParam", "limitParam", "limit", "stopOn", "hasMorePath", "totalPath", "in");
    public static final String DEFAULT_OFFSET_PARAM = "offset";
    public static final String DEFAULT_LIMIT_PARAM = "limit";
    public static final List<String> PAGINATION_PAGE = List.of("type", "param", "start", "sizeParam", "size", "stopOn", "hasMorePath", "totalPath", "in");
    public static final String DEFAULT_PAGE_PARAM = "page";
    public static final int DEFAULT_PAGE_START = 1;
    public static final List<String> PAGINATION_LINK = List.of("type");
    public static final List<String> PAGINATION_NEXT_URL = List.of("type", "nextPath");

    // ---- Connection
    public static final List<String> CONNECTION = List.of("kind", "name", "connector", "tenant", "environment", "config", "secrets", "mappingOverrides",
            "database", "primary", "rateLimit", "retry", "timeouts", "exchangeLog", "proxy");
    /** A database connection: {@code database: { url, user, password, schema, properties }}, instead of a connector. */
    public static final List<String> DATABASE = List.of("url", "user", "password", "schema", "properties");
    /** The keys of a connection of a connector, which a database connection does not take. */
    public static final List<String> CONNECTOR_CONNECTION_KEYS = List.of("config", "secrets", "mappingOverrides", "primary", "rateLimit", "retry",
            "timeouts", "exchangeLog", "proxy");
    public static final String DEFAULT_TENANT = dev.junction.spec.ConnectionSpec.DEFAULT_TENANT;
    public static final List<String> ENVIRONMENTS = List.of("sandbox", "production");
    public static final String DEFAULT_ENVIRONMENT = "production";
    public static final String REFERENCE_FORMS = "${env:NAME} or ${file:PATH}";

    // ---- Flow
    public static final List<String> FLOW = List.of("kind", "name", "description", "trigger", "input", "output", "steps", "limits", "onError");
    public static final List<String> FLOW_TRIGGERS = List.of("api", "manual", "schedule", "webhook", "poll");
    public static final List<String> FLOW_POLL = List.of("connection", "stream", "every");
    public static final List<String> FLOW_WEBHOOK = List.of("connection", "events");
    public static final List<String> FLOW_LIMITS = List.of("steps", "expressionTimeout", "maxDepth", "items", "concurrency");
    /** The keys of a step besides its kind: each step has exactly one kind key. */
    public static final List<String> FLOW_STEP_KINDS = List.of("call", "map", "branch", "respond", "fail", "lookup", "forEach", "flow", "wait");
    public static final List<String> FLOW_STEP = List.of("name", "call", "map", "branch", "respond", "fail", "lookup", "forEach", "flow", "wait", "onError",
            "retry", "timeout");
    public static final List<String> FLOW_CALL = List.of("connection", "action", "stream", "record", "key", "request");
    public static final List<String> FLOW_REQUEST = List.of("method", "path", "query", "headers", "body");
    public static final List<String> FLOW_LOOKUP = List.of("connection", "stream", "match", "value");
    public static final List<String> FLOW_FOR_EACH = List.of("over", "as", "concurrency", "steps");
    public static final List<String> FLOW_SUB_FLOW = List.of("name", "input");
    public static final List<String> FLOW_RETRY = List.of("attempts", "backoff");
    public static final List<String> FLOW_ON_ERROR = List.of("compensate");
    public static final List<String> FLOW_MAP = List.of("from", "mapping");
    public static final List<String> FLOW_BRANCH = List.of("if", "then", "else");
    public static final List<String> FLOW_RESPOND = List.of("status", "body");
    public static final List<String> FLOW_FAIL = List.of("status", "message");
    public static final List<String> FLOW_WAIT = List.of("for", "until");

    // ---- Alert, AlertChannel
    public static final List<String> ALERT = List.of("kind", "name", "description", "condition", "scope", "channels", "severity", "renotify", "resolveAfter", "coolDown");
    public static final List<String> ALERT_CONDITION = List.of("type", "count", "percent", "within", "above");
    public static final List<String> ALERT_SCOPE = List.of("sync", "connection", "tenant");
    public static final List<String> ALERT_CHANNEL = List.of("kind", "name", "description", "type", "config", "secrets");

    // ---- Sync
    public static final List<String> SYNC = List.of("kind", "name", "description", "source", "destination", "mapping", "batch", "onRowError",
            "timeout", "abortAfter", "valueMaps", "expressionLimits", "tenants", "schedule", "on", "audit", "hooks");
    /** {@code audit: { stream, key, ignore, normalize }}: how a reconciliation audit reads and compares the destination. */
    public static final List<String> SYNC_AUDIT = List.of("stream", "key", "ignore", "normalize", "every");
    /** {@code schedule: { cron, zone, overlap, catchUp }} or {@code { every, overlap, catchUp }}. */
    public static final List<String> SYNC_SCHEDULE = List.of("cron", "every", "zone", "overlap", "catchUp");
    public static final List<String> SCHEDULE_OVERLAP = List.of("skip", "queue");
    public static final List<String> SCHEDULE_CATCH_UP = List.of("none", "one");
    /** {@code on: { webhook, poll }}. */
    public static final List<String> SYNC_ON = List.of("webhook", "poll");
    public static final List<String> ON_WEBHOOK = List.of("connection", "events", "fetch", "run");
    public static final List<String> ON_POLL = List.of("every");
    /** {@code tenants: { concurrency }}: how a per-tenant sync runs its tenants. */
    public static final List<String> SYNC_TENANTS = List.of("concurrency");
    public static final List<String> SYNC_ABORT_AFTER = List.of("failures", "percent", "minRecords");
    public static final List<String> SOURCE = List.of("connection", "connector", "stream", "mode", "sql", "file");
    /** {@code source: { file: { path, format, primaryKey, delimiter, encoding, cursorField, lookback } }}. */
    public static final List<String> FILE_SOURCE = List.of("path", "format", "primaryKey", "delimiter", "encoding", "cursorField", "lookback");
    public static final List<String> FILE_FORMATS = List.of("csv", "jsonl");
    /**
     * {@code source: { sql: { url, user, password, query, cursorColumn, primaryKey, fetchSize, count, lookback } }}; with
     * {@code source.connection} (a database connection) the first three come from the connection.
     */
    public static final List<String> SQL_SOURCE = List.of("url", "user", "password", "query", "cursorColumn", "primaryKey", "fetchSize", "count",
            "lookback");
    /** The inline database keys of a SQL source, which a source naming a database connection does not take. */
    public static final List<String> SQL_INLINE_DATABASE = List.of("url", "user", "password");
    public static final List<String> READ_MODES = List.of("full", "incremental");
    public static final List<String> DESTINATION = List.of("connection", "connector", "action", "key", "mode", "delete", "deleteAction", "softDelete",
            "maxDeletePercent");
    /** The destination keys that only {@code mode: mirror} takes. */
    public static final List<String> MIRROR_KEYS = List.of("delete", "deleteAction", "softDelete", "maxDeletePercent");
    public static final List<String> WRITE_MODES = List.of("upsert", "insert", "update", "mirror");
    public static final List<String> DELETE_KINDS = List.of("hard", "soft");
    /** {@code destination: { softDelete: { field, value } }}. */
    public static final List<String> SOFT_DELETE = List.of("field", "value");
    public static final List<String> SYNC_BATCH = List.of("size", "concurrency", "maxBytes");
    public static final List<String> ON_ROW_ERROR = List.of("dead-letter", "fail");
    /** The object form of a mapping field; exactly one of the first five is its source ({@code each} goes with {@code object}). */
    public static final List<String> MAPPING_FIELD = List.of(
            "from", "const", "object", "array", "each", "lookup", "values", "map", "reverse", "unknown", "default", "convert", "when");
    /** {@code target: { remove: true }}, only in a connection's {@code mappingOverrides}: drops the sync's default line. */
    public static final String OVERRIDE_REMOVE = "remove";
    public static final List<String> MAPPING_SOURCES = List.of("from", "const", "object", "array", "each", "lookup");
    /** A lookup in a destination stream: {@code owner_id: { lookup: { stream, match, value, select } }}. */
    public static final List<String> MAPPING_LOOKUP = List.of("stream", "match", "value", "select");
    public static final List<String> MAPPING_WHEN = List.of("path", "equals");
    /** What a value map does with a value it does not hold; the default is default when a default is given, else error. */
    public static final List<String> UNKNOWN_VALUES = List.of("error", "pass", "default");
    public static final List<String> EXPRESSION_LIMITS = List.of("timeout", "maxDepth");
    public static final List<String> SIMPLE_CONVERSIONS = List.of("string", "number", "integer", "boolean", "trim", "lower", "upper", "fromXml");
    public static final List<String> OPTION_CONVERSIONS = List.of("decimal", "fromMinorUnits", "toMinorUnits", "datetime", "toXml");
    public static final List<String> CONVERT_DECIMAL = List.of("scale", "rounding");
    public static final List<String> CONVERT_MINOR_UNITS = List.of("digits", "currency", "rounding");
    public static final List<String> CONVERT_DATETIME = List.of("from", "to", "zone", "toZone", "dst");
    public static final List<String> ROUNDING_MODES = List.of("half-even", "half-up", "half-down", "up", "down", "ceiling", "floor", "unnecessary");
    public static final String DEFAULT_ROUNDING = "half-even";
    public static final List<String> TIME_FORMATS = List.of("iso", "iso-date", "iso-local", "epoch-seconds", "epoch-millis");
    public static final String DEFAULT_TIME_FORMAT = "iso";
    public static final String DEFAULT_ZONE = "UTC";
    public static final List<String> DST_RULES = List.of("earlier", "later", "error");
    public static final String DEFAULT_DST = "earlier";
}
