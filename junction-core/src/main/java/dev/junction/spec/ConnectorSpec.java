package dev.junction.spec;

import java.util.Map;

/**
 * One external API, described once. {@code baseUrl}, header values and auth values are templates
 * over {@code config.*} and {@code secrets.*}. Maps keep YAML order. {@code soap}, when set, holds
 * the SOAP defaults (version) and WS-Security credentials of its SOAP streams and actions.
 * {@code webhooks}, when set, says how the provider's webhook deliveries are verified and read
 * (see {@link WebhookSpec}). {@code check}, when set, is the cheap request that tells whether a
 * connection works (see {@link CheckSpec}). {@code exchangeLog} says what the exchange log keeps of
 * successful attempts (a connection may set its own, see {@link ConnectionSpec}).
 */
public record ConnectorSpec(
        String name,
        String version,
        String description,
        Map<String, FieldSpec> config,
        Map<String, FieldSpec> secrets,
        String baseUrl,
        AuthSpec auth,
        Map<String, String> headers,
        RetrySpec retry,
        RateLimitSpec rateLimit,
        Map<String, StreamSpec> streams,
        Map<String, ActionSpec> actions,
        SourceLocation location,
        TimeoutSpec timeouts,
        java.util.List<ErrorRuleSpec> errors,
        HooksSpec hooks,
        TlsSpec tls,
        long maxDecompressedSize,
        SoapSpec soap,
        WebhookSpec webhooks,
        CheckSpec check,
        boolean propagateTrace,
        ExchangeLogSpec exchangeLog)
        implements Spec {

    /** The default cap on a gzip body's decompressed size: 512 MiB. */
    public static final long DEFAULT_MAX_DECOMPRESSED_SIZE = 512L * 1024 * 1024;

    public ConnectorSpec {
        errors = errors == null ? java.util.List.of() : java.util.List.copyOf(errors);
        maxDecompressedSize = maxDecompressedSize > 0 ? maxDecompressedSize : DEFAULT_MAX_DECOMPRESSED_SIZE;
        exchangeLog = exchangeLog == null ? ExchangeLogSpec.DEFAULT : exchangeLog;
    }

    /** With the default {@code exchangeLog:} ({@link ExchangeLogSpec#DEFAULT}). */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks, TlsSpec tls, long maxDecompressedSize, SoapSpec soap, WebhookSpec webhooks,
            CheckSpec check, boolean propagateTrace) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, hooks,
                tls, maxDecompressedSize, soap, webhooks, check, propagateTrace, null);
    }

    /** Without trace propagation ({@code tracing.propagate}). */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks, TlsSpec tls, long maxDecompressedSize, SoapSpec soap, WebhookSpec webhooks,
            CheckSpec check) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, hooks,
                tls, maxDecompressedSize, soap, webhooks, check, false);
    }

    /** Without a health check. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks, TlsSpec tls, long maxDecompressedSize, SoapSpec soap, WebhookSpec webhooks) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, hooks,
                tls, maxDecompressedSize, soap, webhooks, null);
    }

    /** Without webhooks. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks, TlsSpec tls, long maxDecompressedSize, SoapSpec soap) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, hooks,
                tls, maxDecompressedSize, soap, null);
    }

    /** Without TLS settings and with the default decompressed-size cap. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, hooks,
                null, 0, null);
    }

    /** Without SOAP defaults. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks, TlsSpec tls, long maxDecompressedSize) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, hooks,
                tls, maxDecompressedSize, null);
    }

    /** The same connector with only these streams and actions (everything else, hooks, TLS, SOAP, webhooks and check included, kept). */
    public ConnectorSpec withOperations(Map<String, StreamSpec> onlyStreams, Map<String, ActionSpec> onlyActions) {
        return new ConnectorSpec(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, onlyStreams, onlyActions,
                location, timeouts, errors, hooks, tls, maxDecompressedSize, soap, webhooks, check, propagateTrace, exchangeLog);
    }

    /** Without hooks. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors, null);
    }

    /** Without timeouts and error rules. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, null, null, null);
    }

    @Override
    public String kind() {
        return "Connector";
    }
}
