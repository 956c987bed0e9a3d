package dev.junction.engine;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth API on WireMock (127.0.0.1, a free port): its token endpoint {@code POST /oauth/token}
 * rotates refresh tokens (each one good for one refresh; a reused one is answered 400
 * {@code invalid_grant}) and answers after {@code tokenDelayMillis}, so concurrent refreshes overlap;
 * its API ({@code GET /v1/items}, {@code POST /v1/out}) accepts only access tokens it issued.
 */
final class RotatingOAuthApi extends TransformedApi {
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger apiCalls = new AtomicInteger();
    final Set<String> accessTokensUsed = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final int tokenDelayMillis;

    RotatingOAuthApi(String firstRefreshToken, int tokenDelayMillis) {
        refreshTokens.add(firstRefreshToken);
        this.tokenDelayMillis = tokenDelayMillis;
    }

    /** Every refresh token it will still accept is spent: the next refresh is refused. */
    void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        var request = event.getRequest();
        if (request.getUrl().startsWith("/oauth/token")) {
            String sent = formValue(request.getBodyAsString(), "refresh_token");
            if (sent == null || !refreshTokens.remove(sent)) {
                refused.incrementAndGet();
                return json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token unknown or already used\"}", 0);
            }
            int n = refreshes.incrementAndGet();
            String access = "access-" + n + "-" + UUID.randomUUID();
            String rotated = "refresh-" + n + "-" + UUID.randomUUID();
            accessTokens.add(access);
            refreshTokens.add(rotated);
            return json(200, "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + rotated + "\",\"expires_in\":3600}", tokenDelayMillis);
        }
        String authorization = request.getHeader("Authorization");
        String token = authorization == null ? null : authorization.replace("Bearer ", "");
        if (token == null || !accessTokens.contains(token)) {
            return json(401, "{\"error\":\"invalid_token\"}", 0);
        }
        apiCalls.incrementAndGet();
        accessTokensUsed.add(token);
        return request.getUrl().startsWith("/v1/items") ? json(200, "{\"items\":[{\"id\":\"i-1\"},{\"id\":\"i-2\"}]}", 0) : json(200, "{}", 0);
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2 && parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
