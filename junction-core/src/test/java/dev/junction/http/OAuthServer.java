package dev.junction.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;

/**
 * mock-oauth2-server in-process on 127.0.0.1. It computes {@code expires_in} from the real time,
 * so tests start their fake clock at the real time and move it past expiry with a second's slack.
 */
final class OAuthServer implements AutoCloseable {
    static final String ISSUER = "default";

    final MockOAuth2Server server;

    OAuthServer(boolean rotateRefreshTokens) {
        server = new MockOAuth2Server(new OAuth2Config(false, null, null, rotateRefreshTokens));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tokenUrl() {
        return server.tokenEndpointUrl(ISSUER).toString().replace("//localhost:", "//127.0.0.1:");
    }

    /** Every request the server has received (token requests and authorizations). */
    int requestCount() {
        return ((MockWebServerWrapper) server.getConfig().getHttpServer()).getMockWebServer().getRequestCount();
    }

    /**
     * What a connect flow does before Junction takes over: an authorization code, exchanged for an
     * access and a refresh token.
     */
    Map<String, String> authorizationCodeTokens(String clientId) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            URI authorize = URI.create(server.authorizationEndpointUrl(ISSUER).toString().replace("//localhost:", "//127.0.0.1:") + "?client_id=" + clientId
                    + "&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&scope=openid+offline_access&state=s1&nonce=n1");
            String location = client.send(java.net.http.HttpRequest.newBuilder(authorize).GET().build(), BodyHandlers.discarding())
                    .headers().firstValue("Location").orElseThrow();
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
            if (!code.find()) {
                throw new IllegalStateException("no code in " + location);
            }
            String form = "grant_type=authorization_code&code=" + code.group(1) + "&redirect_uri="
                    + URLEncoder.encode("http://127.0.0.1/callback", StandardCharsets.UTF_8) + "&client_id=" + clientId + "&client_secret=ignored";
            String body = client.send(java.net.http.HttpRequest.newBuilder(URI.create(tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString()).body();
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return Map.of("access_token", json.path("access_token").asText(), "refresh_token", json.path("refresh_token").asText());
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
