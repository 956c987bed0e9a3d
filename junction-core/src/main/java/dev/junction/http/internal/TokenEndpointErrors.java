package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.HttpResponse;
import dev.junction.spec.AuthSpec;
import java.io.IOException;

/**
 * What a failed token request becomes: an unreachable token endpoint (retryable), an answer without
 * an access token (permanent), or a refusal (auth, or retryable for 408/429/5xx), each naming the
 * connection, the grant and the endpoint, with what to check; what the endpoint said is redacted.
 */
final class TokenEndpointErrors {
    private final String connection;
    private final AuthSpec.Grant grantType;
    private final AuthSpec.ClientAuth clientAuth;
    private final String accessTokenPlace;
    private final String summary;
    private final Redactor redactor;

    /** @param accessTokenPlace where the access token was looked for ({@link TokenAnswer#accessTokenPlace()}) */
    TokenEndpointErrors(String connection, AuthSpec.Grant grantType, AuthSpec.ClientAuth clientAuth, String accessTokenPlace, String summary,
            Redactor redactor) {
        this.connection = connection;
        this.accessTokenPlace = accessTokenPlace;
        this.grantType = grantType;
        this.clientAuth = clientAuth;
        this.summary = summary;
        this.redactor = redactor;
    }

    ApiException unreachable(IOException e, String grant) {
        NetworkFailure network = NetworkFailure.of(e);
        return new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, network.code(), "connection '" + connection
                + "': could not get an access token (" + grant + " grant) from " + summary + ": " + redactor.text(network.description())
                + "; check auth.tokenUrl and that the authorization server is reachable", null, true, summary), e);
    }

    ApiException refused(HttpResponse response, JsonNode body, String grant) {
        int status = response.status();
        String error = body == null ? null : text(body, "error");
        String description = body == null ? null : text(body, "error_description");
        String said = error == null ? "" : ": " + redactor.excerpt(error, 100) + (description == null ? "" : " (" + redactor.excerpt(description, 300) + ")");
        String detail = response.bodyLength() == 0 ? null : redactor.excerpt(response.bodyText(), 2000);
        if (response.isSuccessful()) {
            return new ApiException(new ApiError(ApiError.Category.PERMANENT, status, "no_access_token", "connection '" + connection
                    + "': the token endpoint " + summary + " answered the " + grant + " grant with HTTP " + status
                    + " but without " + accessTokenPlace + "; check auth.tokenUrl", detail, false, summary));
        }
        boolean retryable = RetryInterceptor.isRetryableStatus(status);
        boolean assertion = clientAuth == AuthSpec.ClientAuth.PRIVATE_KEY_JWT;
        String advice = retryable ? "; try again later" : "; check " + switch (grantType) {
            case CLIENT_CREDENTIALS -> assertion ? "the connection's client id and private key" : "the connection's client id and secret";
            case PASSWORD -> "the connection's client id, username and password";
            case JWT_BEARER -> "the connection's private key, issuer and subject, and that the key is registered";
            case REFRESH_TOKEN, AUTHORIZATION_CODE -> "the connection's client id and refresh token, or authorize it again";
        } + (assertion ? ", and that the client's public key (or certificate) is registered with the authorization server" : "");
        return new ApiException(new ApiError(retryable ? ApiError.Category.RETRYABLE : ApiError.Category.AUTH, status,
                error == null ? "http_" + status : "oauth_" + error, "connection '" + connection + "': the token endpoint " + summary
                + " refused the " + grant + " grant with HTTP " + status + said + advice, detail, retryable, summary));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
