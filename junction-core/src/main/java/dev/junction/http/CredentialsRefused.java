package dev.junction.http;

/**
 * Told when an API refuses a call made with a connection's own credentials — an API key, a bearer
 * token, a user and password, AWS access keys, OAuth 1.0a consumer and token secrets, an HMAC signing secret
 * ({@link dev.junction.spec.AuthSpec#isStatic}): nothing a pipeline can refresh, so somebody has to
 * give the connection new ones. Which answers refuse them depends on the auth:
 * <ul>
 *   <li>an API key, a bearer token, a user and password: a 401;</li>
 *   <li>OAuth 1.0a: a 401, unless its OAuth problem report says the request's timestamp or nonce was
 *       refused ({@code timestamp_refused}, {@code nonce_used}) or names another problem new credentials
 *       would not fix (how it was signed, a consumer throttled for now, a permission); a 401 without
 *       a report is a refusal;</li>
 *   <li>AWS Signature Version 4: a 403 (or 401) whose AWS code refuses the keys or the session token
 *       ({@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch}, {@code InvalidClientTokenId},
 *       {@code UnrecognizedClientException}, {@code InvalidSignatureException}, {@code ExpiredToken}, ...),
 *       never {@code AccessDenied} (the keys lack a permission) nor a refused time ({@code RequestTimeTooSkewed});
 *       a bare 401 too;</li>
 *   <li>HMAC request signing: a 401, or a provider code of a bad key or signature at any status an auth
 *       failure has (Binance's {@code -1022} with 400, Bybit's {@code 10004} in a 200 an {@code as: auth}
 *       error rule finds), unless the provider refused the request's time.</li>
 * </ul>
 * The rules are in {@code dev.junction.http.internal.CredentialRefusal}. OAuth 2.0 connections are
 * not reported here: they refresh their token after a 401 and are told through
 * {@link OAuthTokens.Listener} when a refresh is refused. Any other 403 (a permission the credentials
 * lack) is not a refusal of the credentials and is never reported.
 *
 * <p>{@link HttpPipeline#execute} calls it on the calling thread, after the call's retries, once per
 * refused call, before it throws the call's {@link ApiException}: a run with several calls in flight
 * may report the same connection several times at once, so the receiver decides which report is the
 * transition. It must be quick and must not throw.
 */
@FunctionalInterface
public interface CredentialsRefused {
    CredentialsRefused NONE = (context, error) -> {};

    /**
     * @param context the refused call's context: its {@link CallContext#connection()} and {@link CallContext#tenant()}
     * @param error the call's failure as classified: category AUTH, status 401 (or 403 for AWS), secrets redacted; its
     *     message names the provider's code when it gave one (HMAC: any status an auth failure has)
     */
    void refused(CallContext context, ApiError error);
}
