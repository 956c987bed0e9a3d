package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.ApiError;
import dev.junction.http.ApiError.Category;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.ErrorRules;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.RetriesExhaustedException;
import dev.junction.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The one place where failed calls become {@link ApiException}s: 401/403 are AUTH (and any answer the
 * auth's {@link CredentialRefusal} says refuses the credentials, such as AWS's 400
 * {@code UnrecognizedClientException}), 408/429/5xx and network failures are RETRYABLE, every other
 * non-2xx status is PERMANENT. Messages name the request,
 * the status or network failure, the attempts made, what the provider said and what to do.
 *
 * <p>{@code errors:} rules (the call's own, then the connector's) are tried first: a matching rule
 * sets the category whatever the status, and its {@code message} path, when given, says where the
 * provider's message is. A 2xx response only becomes an error through a rule ({@link #classifyBody}).
 */
public final class ErrorClassifier {
    private static final int DETAIL_CHARS = 2000;
    private static final int MESSAGE_CHARS = 300;
    /** A provider's message with its code and validation entries may be longer than a plain message. */
    private static final int PROVIDER_CHARS = 600;
    private static final int CODE_CHARS = 120; // stored in columns of 200 characters (V30)
    /** Where APIs commonly put a human-readable error message. */
    private static final List<JsonPath> MESSAGE_PATHS = List.of(
            JsonPath.parse("message"), JsonPath.parse("error.message"), JsonPath.parse("error_description"),
            JsonPath.parse("error"), JsonPath.parse("errors[0].message"), JsonPath.parse("errors[0]"),
            JsonPath.parse("detail"), JsonPath.parse("title"));

    private final Redactor redactor;
    private final ObjectMapper json;
    private final Duration requestTimeout;
    private final ErrorRules rules;
    private final ProviderErrors providerErrors;
    private final CredentialRefusal refusal;

    public ErrorClassifier(Redactor redactor, ObjectMapper json, Duration requestTimeout) {
        this(redactor, json, requestTimeout, ErrorRules.none());
    }

    /** @param rules the connector's error rules */
    public ErrorClassifier(Redactor redactor, ObjectMapper json, Duration requestTimeout, ErrorRules rules) {
        this(redactor, json, requestTimeout, rules, CredentialRefusal.NEVER);
    }

    /**
     * @param rules the connector's error rules
     * @param refusal the connection's auth's rules on refused credentials: what a 401 or 403 message says to do
     */
    public ErrorClassifier(Redactor redactor, ObjectMapper json, Duration requestTimeout, ErrorRules rules, CredentialRefusal refusal) {
        this.redactor = redactor;
        this.json = json;
        this.requestTimeout = requestTimeout;
        this.rules = rules == null ? ErrorRules.none() : rules;
        this.providerErrors = new ProviderErrors(json);
        this.refusal = refusal == null ? CredentialRefusal.NEVER : refusal;
    }

    /** For a response that is not 2xx, after any retries. */
    public ApiException classify(HttpRequest request, CallContext context, HttpResponse response) {
        return fromResponse(request, context, response, 1, false, null);
    }

    /** For a 2xx response: the error an {@code errors:} rule finds in it, or null when it is fine. */
    public ApiException classifyBody(HttpRequest request, CallContext context, HttpResponse response) {
        ErrorRules.Match match = rules.after(context.errorRules()).match(response);
        return match == null ? null : fromRule(request, context, response, match, 1, false, null);
    }

    /** For a failure thrown by the chain. */
    public ApiException classify(HttpRequest request, CallContext context, IOException failure) {
        if (failure instanceof RetriesExhaustedException exhausted) {
            if (exhausted.lastResponse() != null) {
                return fromResponse(request, context, exhausted.lastResponse(), exhausted.attempts(), true, exhausted.stoppedBecause());
            }
            IOException cause = exhausted.getCause() instanceof IOException io ? io : exhausted;
            ApiException network = fromNetwork(request, context, cause, exhausted.attempts(), true);
            if (exhausted.stoppedBecause() == null) {
                return network;
            }
            ApiError e = network.error();
            return new ApiException(new ApiError(e.category(), e.status(), e.code(), e.message() + stopped(exhausted.stoppedBecause()),
                    e.providerDetail(), e.retryable(), e.request(), e.providerCode()), cause);
        }
        return fromNetwork(request, context, failure, 1, false);
    }

    private ApiException fromResponse(HttpRequest request, CallContext context, HttpResponse response, int attempts, boolean exhausted,
            String stoppedBecause) {
        ErrorRules.Match match = rules.after(context.errorRules()).match(response);
        if (match != null) {
            return fromRule(request, context, response, match, attempts, exhausted, stoppedBecause);
        }
        int status = response.status();
        String summary = summary(request);
        String body = response.bodyText();
        ProviderErrors.ProviderError provider = providerErrors.read(response, null);
        String providerMessage = provider != null ? redactor.excerpt(provider.text(), PROVIDER_CHARS) : providerMessage(body);
        String providerCode = provider == null ? null : redactor.excerpt(provider.code(), CODE_CHARS);
        String said = providerMessage == null ? "" : ": " + providerMessage;
        String code = "http_" + status;
        String detail = body.isBlank() ? null : redactor.excerpt(body, DETAIL_CHARS);
        // AWS's JSON services refuse keys with 400 UnrecognizedClientException: an auth failure, as the refusal rules say
        if (status == 401 || status == 403 || refusal.refused(status, providerCode, providerMessage)) {
            String advice = refusal.advice(status, providerCode, providerMessage, connection(context));
            String message = summary + " was refused with HTTP " + status + said + (advice != null ? advice : "; check the credentials of "
                    + connection(context) + (status == 403 ? " and that they grant access to this resource" : ""));
            return new ApiException(new ApiError(Category.AUTH, status, code, message, detail, false, summary, providerCode));
        }
        if (RetryInterceptor.isRetryableStatus(status)) {
            String message;
            if (exhausted) {
                message = summary + " still failed with HTTP " + status + " after " + attempts(attempts) + said + stopped(stoppedBecause);
            } else {
                message = summary + " failed with HTTP " + status + said + notRetried(request, context);
            }
            return new ApiException(new ApiError(Category.RETRYABLE, status, code, message, detail, true, summary, providerCode));
        }
        String message = summary + " failed with HTTP " + status + said;
        if (status >= 300 && status < 400) {
            message = summary + " answered with an unexpected redirect (HTTP " + status + ", Location: "
                    + redactor.text(response.header("Location")) + ")";
        }
        return new ApiException(new ApiError(Category.PERMANENT, status, code, message, detail, false, summary, providerCode));
    }

    /** A response an {@code errors:} rule matched: the rule's category, and its message path when it has one. */
    private ApiException fromRule(HttpRequest request, CallContext context, HttpResponse response, ErrorRules.Match match, int attempts,
            boolean exhausted, String stoppedBecause) {
        int status = response.status();
        String summary = summary(request);
        String body = response.bodyText();
        String ruleMessage = match.message() != null && !match.message().isBlank() ? match.message() : null;
        String providerMessage;
        String providerCode;
        if (match.providerCode() != null) { // a protocol's classifier (SOAP faults) quotes its code itself
            providerMessage = ruleMessage == null ? null : redactor.excerpt(ruleMessage, PROVIDER_CHARS);
            providerCode = redactor.excerpt(match.providerCode(), CODE_CHARS);
        } else {
            ProviderErrors.ProviderError provider = providerErrors.read(response, ruleMessage);
            providerMessage = provider != null ? redactor.excerpt(provider.text(), PROVIDER_CHARS)
                    : ruleMessage != null ? redactor.excerpt(ruleMessage, MESSAGE_CHARS) : providerMessage(body);
            providerCode = provider == null ? null : redactor.excerpt(provider.code(), CODE_CHARS);
        }
        String said = providerMessage == null ? "" : ": " + providerMessage;
        boolean success = response.isSuccessful();
        String code = match.code() != null ? match.code() : success ? "error_in_body" : "http_" + status;
        String detail = match.detail() != null ? redactor.excerpt(match.detail(), DETAIL_CHARS) : body.isBlank() ? null : redactor.excerpt(body, DETAIL_CHARS);
        String failed = success ? " answered HTTP " + status + " with an error" : " failed with HTTP " + status;
        return switch (match.category()) {
            case AUTH -> new ApiException(new ApiError(Category.AUTH, status, code, summary + (success ? failed : " was refused with HTTP " + status)
                    + said + "; check the credentials of " + connection(context), detail, false, summary, providerCode));
            case RETRYABLE -> new ApiException(new ApiError(Category.RETRYABLE, status, code, exhausted
                    ? summary + (success ? " still answered HTTP " + status + " with an error" : " still failed with HTTP " + status)
                            + " after " + attempts(attempts) + said + stopped(stoppedBecause)
                    : summary + failed + said + notRetried(request, context), detail, true, summary, providerCode));
            case PERMANENT -> new ApiException(new ApiError(Category.PERMANENT, status, code, summary + failed + said, detail, false, summary,
                    providerCode));
        };
    }

    private static String stopped(String because) {
        return because == null ? "" : " (stopped retrying: " + because + ")";
    }

    private ApiException fromNetwork(HttpRequest request, CallContext context, IOException failure, int attempts, boolean exhausted) {
        NetworkFailure network = NetworkFailure.of(failure);
        String summary = summary(request);
        String message;
        if (network.tls()) {
            return tls(request, context, failure, network, summary);
        }
        if (network.beforeSending()) {
            message = "could not connect to " + Urls.hostAndPort(request.uri()) + " (" + network.description() + ") after "
                    + attempts(attempts) + "; check that the service is running and that " + connection(context)
                    + " points to the right base URL";
        } else if (network.code().equals("timeout")) {
            message = summary + " got no response within " + requestTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                    + " after " + attempts(attempts) + (exhausted ? "" : notRetried(request, context));
        } else {
            message = summary + " failed: " + redactor.text(network.description()) + " after " + attempts(attempts)
                    + (exhausted ? "" : notRetried(request, context));
        }
        return new ApiException(new ApiError(Category.RETRYABLE, 0, network.code(), message, null, true, summary), failure);
    }

    /** A refused TLS handshake: sending again cannot help, so it is never retried. */
    private ApiException tls(HttpRequest request, CallContext context, IOException failure, NetworkFailure network, String summary) {
        String host = Urls.hostAndPort(request.uri());
        String message = switch (network.code()) {
            case "tls_client_certificate" -> connection(context) + ": " + host + " refused the TLS handshake (" + redactor.text(network.description())
                    + "): the server requires a client certificate and did not accept the one sent, or none was sent; check tls.clientCertificate"
                    + " of the connector and that the server trusts that certificate";
            case "tls_server_certificate" -> connection(context) + ": the certificate of " + host + " is not trusted ("
                    + redactor.text(network.description()) + "); check tls.trust of the connector (the CA that issued the server's certificate)";
            default -> connection(context) + ": " + summary + " failed: " + redactor.text(network.description());
        };
        ApiError.Category category = network.code().equals("tls_client_certificate") ? Category.AUTH : Category.PERMANENT;
        return new ApiException(new ApiError(category, 0, network.code(), message, null, false, summary), failure);
    }

    /** How a failed answer's status is classified when no rule matched it: 401/403 AUTH, 408/429/5xx RETRYABLE, others PERMANENT. */
    static Category category(int status) {
        return status == 401 || status == 403 ? Category.AUTH : RetryInterceptor.isRetryableStatus(status) ? Category.RETRYABLE : Category.PERMANENT;
    }

    /** Secrets hidden, cut at the detail length. */
    public String redact(String text) {
        return redactor.excerpt(text, DETAIL_CHARS);
    }

    /** {@code POST http://host/path?query}, secrets hidden. */
    public String summary(HttpRequest request) {
        return request.method() + " " + redactor.url(request.uri());
    }

    private String notRetried(HttpRequest request, CallContext context) {
        if (RetryInterceptor.isSafeToRepeat(request, context)) {
            return "";
        }
        return " (not retried: " + request.method() + " is not idempotent and the server may have acted on it)";
    }

    private String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = json.readTree(body);
            for (JsonPath path : MESSAGE_PATHS) {
                JsonNode node = path.find(root);
                if (node.isTextual() && !node.asText().isBlank()) {
                    return redactor.excerpt(node.asText(), MESSAGE_CHARS);
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        return redactor.excerpt(body.strip(), MESSAGE_CHARS);
    }

    private static String attempts(int attempts) {
        return attempts + (attempts == 1 ? " attempt" : " attempts");
    }

    private static String connection(CallContext context) {
        return context.connection() == null ? "the connection" : "connection '" + context.connection() + "'";
    }
}
