package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** When an OAuth 2.0 token answer says its access token expires, in the shapes providers send it. */
final class TokenExpiry {
    private TokenExpiry() {}

    /**
     * When a token answer says the token expires: {@code expires_in} seconds, as RFC 6749 has it, also
     * as text ({@code "3599"}, Azure AD v1); else {@code expires_on} or {@code expires_at} as epoch
     * seconds, number or text (Azure AD v1, Strava). Null when it says nothing usable: the token is
     * then used until the API refuses it.
     */
    static Instant of(JsonNode body, Instant now) {
        Long in = seconds(body.path("expires_in"));
        if (in != null) {
            return now.plusSeconds(in);
        }
        for (String field : new String[] {"expires_on", "expires_at"}) {
            Long epoch = seconds(body.path(field));
            if (epoch != null && epoch > 1_000_000_000L) {
                return Instant.ofEpochSecond(epoch);
            }
        }
        return null;
    }

    static Long seconds(JsonNode value) {
        if (value.isNumber() && value.canConvertToLong() && value.asLong() > 0) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().strip().matches("[1-9][0-9]{0,11}")) {
            return Long.parseLong(value.asText().strip());
        }
        return null;
    }
}
