package dev.junction.http;

/**
 * A failed API call, normalized: what kind of failure, what the provider said, which request.
 *
 * @param category how the caller should react
 * @param status the HTTP status of the last response, 0 when none arrived
 * @param code a short machine-readable code: {@code http_400}, {@code connection_refused},
 *     {@code unknown_host}, {@code connect_timeout}, {@code timeout}, {@code connection_reset}, {@code empty_response},
 *     {@code invalid_response}, {@code malformed_response},
 *     {@code io_error}, {@code pagination_loop}, {@code unexpected_response}
 * @param message one sentence for people: where, what, and what to do
 * @param providerDetail an excerpt of the response body (secrets redacted), or null
 * @param retryable true when the same call may succeed later (retries exhausted, not retried because
 *     unsafe); false for auth and permanent failures
 * @param request {@code METHOD url} with secrets redacted, e.g. {@code POST http://127.0.0.1:1234/api/users/batch}
 * @param providerCode the provider's own error code, redacted like the message, or null when it gave
 *     none: a JSON-RPC {@code error.code} ({@code -32602}), a SOAP fault code ({@code soap:Client},
 *     {@code env:Sender/m:Timeout} with its subcode), a problem+json {@code type} (or {@code title}), or
 *     a code in a common JSON shape ({@code error.code}, {@code code}, {@code errors[0].code})
 */
public record ApiError(Category category, int status, String code, String message, String providerDetail, boolean retryable, String request,
        String providerCode) {

    /** An error without a provider code (network failures, responses Junction cannot use). */
    public ApiError(Category category, int status, String code, String message, String providerDetail, boolean retryable, String request) {
        this(category, status, code, message, providerDetail, retryable, request, null);
    }

    /** The provider's code when it gave one, else Junction's {@link #code()}: what a report shows as the error's code. */
    public String shownCode() {
        return providerCode != null ? providerCode : code;
    }

    public enum Category {
        /** Network trouble, 408, 429 or 5xx: the same call may work later. */
        RETRYABLE,
        /** 401 or 403 (or an answer that refuses the credentials by its code, such as AWS's 400 {@code UnrecognizedClientException}): the connection's credentials are missing, wrong or lack permission. */
        AUTH,
        /** Any other 4xx, or a response the connector cannot use: retrying the same call will not help. */
        PERMANENT
    }
}
