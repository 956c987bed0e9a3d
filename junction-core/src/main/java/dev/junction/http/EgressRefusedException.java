package dev.junction.http;

/**
 * A request was not sent: the outbound address policy ({@link EgressPolicy}) refused where it would
 * go, or what came back was more than the policy lets a request read. Permanent: retrying the same
 * call cannot help; the message names the request, the host, the address and why.
 */
public final class EgressRefusedException extends ApiException {
    public EgressRefusedException(String code, String message, String request) {
        super(new ApiError(ApiError.Category.PERMANENT, 0, code, message, null, false, request));
    }
}
