package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.JsonPath;
import dev.junction.spec.AuthSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a token endpoint's JSON answer where the connector's {@code tokenResponse} says: the access
 * token, the refresh token and when the access token expires (RFC 6749's fields unless it names
 * others, such as {@code $.data.access_token}). Shared by the token requests of a connection and the
 * connect page's code exchange. Immutable.
 */
public final class TokenAnswer {
    private final AuthSpec.TokenResponse paths;
    private final JsonPath access;
    private final JsonPath refresh;
    private final JsonPath expiresIn;
    private final JsonPath expiresAt;

    private TokenAnswer(AuthSpec.TokenResponse paths) {
        this.paths = paths;
        this.access = JsonPath.parse(paths.accessToken());
        this.refresh = JsonPath.parse(paths.refreshToken());
        this.expiresIn = paths.expiresIn() == null ? null : JsonPath.parse(paths.expiresIn());
        this.expiresAt = paths.expiresAt() == null ? null : JsonPath.parse(paths.expiresAt());
    }

    public static TokenAnswer of(AuthSpec.TokenResponse paths) {
        return new TokenAnswer(paths == null ? AuthSpec.TokenResponse.STANDARD : paths);
    }

    /** The access token, or null when the answer has no non-blank text there. */
    public String accessToken(JsonNode body) {
        return text(access.find(body));
    }

    /** The refresh token, or null. */
    public String refreshToken(JsonNode body) {
        return text(refresh.find(body));
    }

    /** Where the access token is looked for, for messages: {@code access_token}, or the connector's path. */
    public String accessTokenPlace() {
        return paths.accessToken().equals(AuthSpec.TokenResponse.STANDARD.accessToken()) ? "an access_token"
                : "an access token at " + paths.accessToken() + " (auth.tokenResponse.accessToken)";
    }

    /**
     * When the access token expires: at the connector's {@code expiresIn} (seconds from {@code now})
     * or {@code expiresAt} (epoch seconds or milliseconds, or ISO 8601), else as {@link TokenExpiry}
     * reads the standard fields. Null when the answer says nothing usable.
     */
    public Instant expiresAt(JsonNode body, Instant now) {
        if (expiresIn != null) {
            Long seconds = TokenExpiry.seconds(expiresIn.find(body));
            return seconds == null ? null : now.plusSeconds(seconds);
        }
        if (expiresAt != null) {
            return instant(expiresAt.find(body));
        }
        return TokenExpiry.of(body, now);
    }

    /** The tokens in the answer at this connector's places, to hide before the answer is logged. */
    List<String> tokens(JsonNode body) {
        List<String> tokens = new ArrayList<>(2);
        for (String token : new String[] {accessToken(body), refreshToken(body)}) {
            if (token != null) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static Instant instant(JsonNode value) {
        Long number = TokenExpiry.seconds(value);
        if (number != null) {
            return number > 100_000_000_000L ? Instant.ofEpochMilli(number) : number > 1_000_000_000L ? Instant.ofEpochSecond(number) : null;
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.asText().strip()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
