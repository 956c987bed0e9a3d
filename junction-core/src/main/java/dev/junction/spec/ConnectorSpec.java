package dev.junction.spec;

import java.util.Map;

/**
 * One external API, described once. {@code baseUrl}, header values and auth values are templates
 * over {@code config.*} and {@code secrets.*}. Maps keep YAML order. {@code soap}, when set, holds
 * the SOAP defaults (version) and WS-Security credentials of its SOAP streams and actions.
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
        SoapSpec soap)
        implements Spec {

    public ConnectorSpec {
        errors = errors == null ? java.util.List.of() : java.util.List.copyOf(errors);
    }

    /** Without SOAP defaults. */
    public ConnectorSpec(String name, String version, String description, Map<String, FieldSpec> config, Map<String, FieldSpec> secrets,
            String baseUrl, AuthSpec auth, Map<String, String> headers, RetrySpec retry, RateLimitSpec rateLimit,
            Map<String, StreamSpec> streams, Map<String, ActionSpec> actions, SourceLocation location, TimeoutSpec timeouts,
            java.util.List<ErrorRuleSpec> errors, HooksSpec hooks) {
        this(name, version, description, config, secrets, baseUrl, auth, headers, retry, rateLimit, streams, actions, location, timeouts, errors,
                hooks, null);
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
