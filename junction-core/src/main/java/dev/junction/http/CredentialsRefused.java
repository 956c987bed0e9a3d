package dev.junction.http;

/**
 * Told when an API answers 401 to a call made with a connection's own credentials — an API key, a
 * bearer token, a user and password ({@link dev.junction.spec.AuthSpec#isStatic}): nothing a
 * pipeline can refresh, so somebody has to give the connection new ones. OAuth 2.0 connections are
 * not reported here: they refresh their token after a 401 and are told through
 * {@link OAuthTokens.Listener} when a refresh is refused. A 403 (a permission the credentials lack)
 * is not a refusal of the credentials and is never reported.
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
     * @param error the call's failure as classified: category AUTH, status 401, secrets redacted
     */
    void refused(CallContext context, ApiError error);
}
