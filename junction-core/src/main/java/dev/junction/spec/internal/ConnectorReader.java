package dev.junction.spec.internal;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.TimeoutSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code kind: Connector} document. Returns a spec even when parts are wrong (those parts
 * are null), so later cross-checks know its config fields, streams and actions; the loader only
 * hands out specs without problems.
 */
public final class ConnectorReader {
    private ConnectorReader() {}

    public static ConnectorSpec read(Fields root, SourceLocation location) {
        root.allow(Schema.CONNECTOR);
        Problems problems = root.problems();
        String name = root.name("name");
        String version = root.string("version", false);
        String description = root.string("description", false);
        Map<String, FieldSpec> config = fieldSpecs(root, "config", false);
        Map<String, FieldSpec> secrets = fieldSpecs(root, "secrets", true);
        TemplateCheck templates = new TemplateCheck(config.keySet(), secrets.keySet(), problems);

        String baseUrl = root.string("baseUrl", true);
        templates.check(root, "baseUrl", baseUrl, false);
        Map<String, String> headers = templates.map(root, "headers", true);
        AuthSpec auth = auth(root, templates);
        RetrySpec retry = retry(root);
        RateLimitSpec rateLimit = rateLimit(root);
        var soap = SoapReader.connector(root, templates);
        var streams = OperationReader.streams(root, templates, soap);
        var actions = OperationReader.actions(root, templates, soap);
        TimeoutSpec timeouts = timeouts(root);
        var errors = ErrorRulesReader.read(root, "errors");
        var webhooks = WebhooksReader.read(root, templates, actions.keySet(), config.keySet());
        return new ConnectorSpec(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location,
                timeouts, errors, HooksReader.read(root, "hooks"), TlsReader.read(root, templates), TlsReader.maxDecompressedSize(root), soap, webhooks,
                CheckReader.read(root, templates), propagateTrace(root),
                ExchangeLogReader.read(root));
    }

    /** {@code tracing: { propagate: true }}: requests carry the W3C traceparent of their span. */
    private static boolean propagateTrace(Fields root) {
        Fields tracing = root.has("tracing") ? root.fields("tracing", false) : null;
        if (tracing == null) {
            return false;
        }
        tracing.allow(Schema.TRACING);
        if (!tracing.has("propagate")) {
            tracing.missing("propagate", " (true: requests carry the W3C traceparent of their span; an empty tracing: changes nothing)");
        }
        return Boolean.TRUE.equals(tracing.bool("propagate", false));
    }

    /** The declared {@code config} or {@code secrets} fields; a field with a bad shape is still declared. */
    private static Map<String, FieldSpec> fieldSpecs(Fields root, String key, boolean secret) {
        Map<String, FieldSpec> out = new LinkedHashMap<>();
        Fields section = root.has(key) ? root.fields(key, false) : null;
        if (section == null) {
            return Collections.unmodifiableMap(out);
        }
        Problems problems = root.problems();
        for (YamlNode.Entry entry : section.mapping().entries()) {
            String field = entry.key();
            String path = section.child(field);
            if (!Fields.IDENTIFIER.matcher(field).matches()) {
                problems.add(entry.keyLocation(), path,
                        "'" + field + "' is not a valid field name; use letters, digits, '_' and '-', starting with a letter or '_'");
                continue;
            }
            FieldSpec fallback = new FieldSpec(field, Schema.DEFAULT_FIELD_TYPE, true, null, null);
            if (entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
                out.put(field, fallback); // "token:" with nothing: a required string
                continue;
            }
            Fields f = Fields.of(entry.value(), path, entry.keyLocation(), problems);
            if (f == null) {
                out.put(field, fallback);
                continue;
            }
            f.allow(secret ? Schema.SECRET_FIELD : Schema.CONFIG_FIELD, "default");
            String type = f.oneOf("type", Schema.FIELD_TYPES, Schema.DEFAULT_FIELD_TYPE);
            String description = f.string("description", false);
            String defaultValue = null;
            if (f.has("default") && secret) {
                problems.add(f.keyLocation("default"), f.child("default"),
                        "a secret cannot have a default; each connection supplies it as a reference such as \"${env:NAME}\"");
            } else if (f.has("default")) {
                defaultValue = defaultValue(f, type == null ? Schema.DEFAULT_FIELD_TYPE : type);
            }
            Boolean required = f.bool("required", defaultValue == null);
            out.put(field, new FieldSpec(field, type == null ? Schema.DEFAULT_FIELD_TYPE : type,
                    required == null || required, defaultValue, description));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The default as text; numbers written as YAML numbers are normalized ({@code 0x10} gives {@code 16}). */
    private static String defaultValue(Fields f, String type) {
        YamlNode node = f.node("default");
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return null;
        }
        String error = Fields.typeError(type, node);
        if (error != null) {
            f.problem("default", error);
            return null;
        }
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        boolean numeric = scalar.type() == YamlNode.ScalarType.INTEGER || scalar.type() == YamlNode.ScalarType.FLOAT;
        return numeric && !type.equals("string") ? scalar.value().toString() : scalar.text();
    }

    private static AuthSpec auth(Fields root, TemplateCheck templates) {
        if (!root.has("auth")) {
            return new AuthSpec.None();
        }
        Fields a = root.fields("auth", false);
        if (a == null) {
            return null;
        }
        String type = a.oneOf("type", Schema.AUTH_TYPES, null);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "none" -> {
                a.allow(Schema.AUTH_NONE);
                yield new AuthSpec.None();
            }
            case "api-key" -> {
                a.allow(Schema.AUTH_API_KEY);
                String in = a.oneOf("in", Schema.API_KEY_PLACEMENTS, "header");
                String name = a.string("name", true);
                templates.check(a, "name", name, false);
                String value = a.string("value", true);
                templates.check(a, "value", value, true);
                yield in == null ? null : new AuthSpec.ApiKey(AuthSpec.Placement.valueOf(in.toUpperCase(java.util.Locale.ROOT)), name, value);
            }
            case "bearer" -> {
                a.allow(Schema.AUTH_BEARER);
                String token = a.string("token", true);
                templates.check(a, "token", token, true);
                yield new AuthSpec.Bearer(token);
            }
            case "oauth2" -> OAuth2Reader.read(a, templates);
            case "session" -> SessionAuthReader.read(a, templates);
            case "jwt" -> JwtAuthReader.read(a, templates);
            case "oauth1" -> {
                a.allow(Schema.AUTH_OAUTH1);
                String consumerKey = a.string("consumerKey", true);
                templates.check(a, "consumerKey", consumerKey, true);
                String consumerSecret = a.string("consumerSecret", true);
                templates.check(a, "consumerSecret", consumerSecret, true);
                String token = a.string("token", false);
                templates.check(a, "token", token, true);
                String tokenSecret = a.string("tokenSecret", false);
                templates.check(a, "tokenSecret", tokenSecret, true);
                if (token != null && tokenSecret == null) {
                    a.missing("tokenSecret", " (token is set)");
                }
                String method = a.oneOf("signatureMethod", Schema.OAUTH1_SIGNATURE_METHODS, Schema.DEFAULT_OAUTH1_SIGNATURE_METHOD);
                String realm = a.string("realm", false);
                templates.check(a, "realm", realm, false);
                yield new AuthSpec.OAuth1(consumerKey, consumerSecret, token, tokenSecret,
                        method == null ? null : AuthSpec.SignatureMethod.of(method), realm);
            }
            case "aws-sigv4" -> awsSigV4(a, templates);
            case "hmac" -> HmacAuthReader.read(a, templates);
            case "digest" -> {
                AuthSpec.Basic user = basic(a, templates); // the same keys: type, username, password
                yield new AuthSpec.Digest(user.username(), user.password());
            }
            default -> basic(a, templates);
        };
    }

    static AuthSpec.Basic basic(Fields a, TemplateCheck templates) {
        a.allow(Schema.AUTH_BASIC);
        String username = a.string("username", true);
        templates.check(a, "username", username, true);
        String password = a.string("password", true);
        templates.check(a, "password", password, true);
        return new AuthSpec.Basic(username, password);
    }

    /**
     * {@code auth: { type: aws-sigv4 }}: the secret key and the session token are references to the
     * connector's secrets (never literal text), region and service templates over config whose literal
     * values must look like AWS names ({@code us-east-1}, {@code execute-api}).
     */
    private static AuthSpec awsSigV4(Fields a, TemplateCheck templates) {
        a.allow(Schema.AUTH_AWS_SIGV4);
        String accessKeyId = a.string("accessKeyId", true);
        templates.check(a, "accessKeyId", accessKeyId, true);
        String secretAccessKey = a.string("secretAccessKey", true);
        templates.check(a, "secretAccessKey", secretAccessKey, true);
        String sessionToken = a.string("sessionToken", false);
        templates.check(a, "sessionToken", sessionToken, true);
        String region = signingName(a, "region", AuthSpec.AwsSigV4.REGION_EXPECTED, templates);
        return new AuthSpec.AwsSigV4(accessKeyId, templates.secretReference(a, "secretAccessKey", secretAccessKey),
                templates.secretReference(a, "sessionToken", sessionToken), region,
                signingName(a, "service", AuthSpec.AwsSigV4.SERVICE_EXPECTED, templates), a.has("assumeRole") ? assumeRole(a, region, templates) : null);
    }

    /**
     * {@code auth.assumeRole:} of AWS SigV4: the role ARN (a template over config; literal text must look like a role's ARN), the
     * external id (config or a secret), the session's name, how long each set of credentials lasts (15 minutes to 12 hours), STS's
     * endpoint and the region its requests are signed for (the auth's region unless given).
     */
    private static AuthSpec.AwsSigV4.AssumeRole assumeRole(Fields a, String region, TemplateCheck templates) {
        Fields r = a.fields("assumeRole", false);
        if (r == null) {
            return null;
        }
        r.allow(Schema.AUTH_AWS_ASSUME_ROLE);
        int before = r.problems().size();
        String roleArn = r.string("roleArn", true);
        templates.check(r, "roleArn", roleArn, false);
        if (roleArn != null && !roleArn.contains("{{") && !AuthSpec.AwsSigV4.AssumeRole.ROLE_ARN.matcher(roleArn).matches()) {
            r.problem("roleArn", "expected a role's ARN such as arn:aws:iam::123456789012:role/junction-reader, found '" + roleArn + "'");
        }
        String externalId = r.string("externalId", false);
        templates.check(r, "externalId", externalId, true);
        String sessionName = r.string("sessionName", false, AuthSpec.AwsSigV4.AssumeRole.DEFAULT_SESSION_NAME);
        if (sessionName != null && !AuthSpec.AwsSigV4.AssumeRole.SESSION_NAME.matcher(sessionName).matches()) {
            r.problem("sessionName", "expected 2 to 64 letters, digits and + = , . @ _ -, found '" + sessionName + "'");
        }
        Duration duration = r.duration("duration", false, AuthSpec.AwsSigV4.AssumeRole.DEFAULT_DURATION, true);
        if (duration != null && (duration.compareTo(Duration.ofMinutes(15)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0)) {
            r.problem("duration", "expected 15m to 12h (what AWS STS allows; the role's own maximum may be lower), found " + r.node("duration").describe());
        }
        String endpoint = r.string("stsEndpoint", false);
        templates.check(r, "stsEndpoint", endpoint, false);
        String stsRegion = r.has("stsRegion") ? signingName(r, "stsRegion", AuthSpec.AwsSigV4.REGION_EXPECTED, templates) : region;
        if (r.problems().size() > before) {
            return null;
        }
        return new AuthSpec.AwsSigV4.AssumeRole(roleArn, externalId, sessionName, duration, endpoint, stsRegion);
    }

    /** A required region or service name: a template over config, checked here when it is literal text. */
    private static String signingName(Fields a, String key, String expected, TemplateCheck templates) {
        String text = a.string(key, true);
        templates.check(a, key, text, false);
        if (text != null && !text.contains("{{") && !AuthSpec.AwsSigV4.SIGNING_NAME.matcher(text).matches()) {
            a.problem(key, "expected " + expected + ", found '" + text + "'");
            return null;
        }
        return text;
    }

    /** {@code retry:} of a connector or (read by {@link ConnectionReader}) a connection; the default when absent. */
    static RetrySpec retry(Fields root) {
        if (!root.has("retry")) {
            return RetrySpec.DEFAULT;
        }
        Fields r = root.fields("retry", false);
        if (r == null) {
            return null;
        }
        r.allow(Schema.RETRY);
        Integer maxAttempts = r.positiveInt("maxAttempts", false, RetrySpec.DEFAULT.maxAttempts());
        Duration initialDelay = r.duration("initialDelay", false, RetrySpec.DEFAULT.initialDelay(), false);
        Duration maxDelay = r.duration("maxDelay", false, RetrySpec.DEFAULT.maxDelay(), false);
        Duration maxTotalWait = r.duration("maxTotalWait", false, null, true);
        if (r.has("maxTotalWait") && maxTotalWait == null) {
            return null;
        }
        if (initialDelay != null && maxDelay != null && maxDelay.compareTo(initialDelay) < 0) {
            if (r.has("maxDelay")) {
                r.problem("maxDelay", "expected at least initialDelay (" + Durations.format(initialDelay) + "), found " + r.node("maxDelay").describe());
            } else {
                r.problem("initialDelay", "expected at most maxDelay (the default " + Durations.format(maxDelay) + "), found "
                        + r.node("initialDelay").describe());
            }
            return null;
        }
        return maxAttempts == null || initialDelay == null || maxDelay == null ? null : new RetrySpec(maxAttempts, initialDelay, maxDelay, maxTotalWait);
    }

    /** {@code rateLimit:} of a connector or a connection; null when absent or wrong (reported). */
    static RateLimitSpec rateLimit(Fields root) {
        if (!root.has("rateLimit")) {
            return null;
        }
        Fields r = root.fields("rateLimit", false);
        if (r == null) {
            return null;
        }
        r.allow(Schema.RATE_LIMIT);
        // requests and per go together; without them the budget may still cap concurrency or learn from headers
        boolean rate = r.has("requests") || r.has("per") || !r.has("maxConcurrency") && !r.has("learnFromHeaders") && !r.has("cost");
        Integer requests = r.positiveInt("requests", rate, null);
        Duration per = r.duration("per", rate, null, true);
        Integer maxConcurrency = r.positiveInt("maxConcurrency", false, 0);
        Boolean learn = r.bool("learnFromHeaders", false);
        String window = r.oneOf("window", List.of("spaced", "fixed"), "spaced");
        if (window != null && window.equals("fixed") && !rate) {
            r.problem("window", "window: fixed needs requests and per (the limit it spends at a window's start)");
            return null;
        }
        String scope = r.string("scope", false, "connection");
        if (scope != null && !scope.equals("connection") && !scope.equals("node")) {
            r.problem("scope", "expected connection (the API account's budget, split evenly among the nodes that call it) or node (each node's"
                    + " own budget, for an API that limits per client address), found " + r.node("scope").describe());
            scope = null;
        }
        RateLimitSpec.Cost cost = r.has("cost") ? cost(r) : null;
        if (rate && (requests == null || per == null) || maxConcurrency == null || learn == null || window == null || scope == null
                || r.has("cost") && cost == null) {
            return null;
        }
        return new RateLimitSpec(rate ? requests : 0, rate ? per : null, maxConcurrency, learn,
                RateLimitSpec.Window.valueOf(window.toUpperCase(java.util.Locale.ROOT)), RateLimitSpec.Scope.valueOf(scope.toUpperCase(java.util.Locale.ROOT)),
                cost);
    }

    /** {@code rateLimit.cost:}, a budget of points read from each answer's body; null when wrong (reported). */
    private static RateLimitSpec.Cost cost(Fields rateLimit) {
        Fields c = rateLimit.fields("cost", false);
        if (c == null) {
            return null;
        }
        c.allow(Schema.RATE_LIMIT_COST);
        int problems = c.problems().size();
        String available = fieldPath(c, "available", true);
        String requested = fieldPath(c, "requested", false);
        String restoreRate = pathOrNumber(c, "restoreRate");
        String maximum = pathOrNumber(c, "maximum");
        String resetIn = fieldPath(c, "resetIn", false);
        if (c.has("restoreRate") == c.has("resetIn")) {
            c.problem(c.has("restoreRate") ? "resetIn" : "restoreRate", "expected restoreRate (points restored a second: a bucket, as Shopify's"
                    + " query cost) or resetIn (seconds until the points are restored: a window, as monday.com's complexity), one of them");
        }
        return c.problems().size() > problems ? null : new RateLimitSpec.Cost(available, requested, restoreRate, maximum, resetIn);
    }

    /** A JSON path of field names only ({@code $.extensions.cost.requestedQueryCost}): the budget reads it while the answer streams by. */
    private static String fieldPath(Fields c, String key, boolean required) {
        String text = c.jsonPath(key, required);
        if (text != null && !dev.junction.json.JsonPath.parse(text).steps().stream().allMatch(String.class::isInstance)) {
            c.problem(key, "expected a path of field names such as $.extensions.cost.throttleStatus.currentlyAvailable (no array index), found '"
                    + text + "'");
            return null;
        }
        return text;
    }

    /** A path of field names, or a positive number (kept as its text). */
    private static String pathOrNumber(Fields c, String key) {
        YamlNode node = c.node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar s && !s.isNull() && !s.text().strip().startsWith("$")) {
            String text = s.text().strip();
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                c.problem(key, "expected a JSON path into the answer (starting with $) or a positive number, found " + node.describe());
                return null;
            }
            return text;
        }
        return fieldPath(c, key, false);
    }

    /** {@code timeouts:} of a connector or a connection; null when absent or wrong (reported). */
    static TimeoutSpec timeouts(Fields root) {
        if (!root.has("timeouts")) {
            return null;
        }
        Fields t = root.fields("timeouts", false);
        if (t == null) {
            return null;
        }
        t.allow(Schema.TIMEOUTS);
        Duration connect = t.duration("connect", false, null, true);
        Duration read = t.duration("read", false, null, true);
        Duration total = t.duration("total", false, null, true);
        if (t.has("connect") && connect == null || t.has("read") && read == null || t.has("total") && total == null) {
            return null;
        }
        if (read != null && total != null && total.compareTo(read) < 0) {
            t.problem("total", "expected at least read (" + Durations.format(read) + "), found " + t.node("total").describe());
            return null;
        }
        return new TimeoutSpec(connect, read, total);
    }
}
