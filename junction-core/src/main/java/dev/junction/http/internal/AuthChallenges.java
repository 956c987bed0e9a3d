package dev.junction.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The challenges of a {@code WWW-Authenticate} header (RFC 9110 section 11.6.1): one or more
 * {@code scheme param=value, param="quoted \"value\""} separated by commas, a new challenge starting
 * at a token that no {@code =} follows. Parameter names are lower case; quoted values unescaped.
 */
final class AuthChallenges {
    private AuthChallenges() {}

    /** The parameters of each challenge of {@code scheme} (any case) in {@code header}, in order; empty when there is none. */
    static List<Map<String, String>> parse(String header, String scheme) {
        List<Map<String, String>> found = new ArrayList<>();
        if (header == null) {
            return found;
        }
        Map<String, String> params = null;
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(header.charAt(i)) && header.charAt(i) != ',' && header.charAt(i) != '=') {
                i++;
            }
            String token = header.substring(start, i);
            int afterToken = i;
            while (i < n && Character.isWhitespace(header.charAt(i))) {
                i++;
            }
            if (i < n && header.charAt(i) == '=' && !token.isEmpty()) {
                i++; // a parameter of the current challenge
                while (i < n && Character.isWhitespace(header.charAt(i))) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && header.charAt(i) == '"') {
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        if (header.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(header.charAt(i++));
                    }
                    i++; // the closing quote
                } else {
                    while (i < n && header.charAt(i) != ',') {
                        value.append(header.charAt(i++));
                    }
                }
                if (params != null) {
                    params.putIfAbsent(token.toLowerCase(Locale.ROOT), value.toString().strip());
                }
            } else if (token.isEmpty()) {
                i = Math.max(afterToken, i) + 1; // a stray '=': skip it
            } else {
                params = token.equalsIgnoreCase(scheme) ? new LinkedHashMap<>() : null; // a new challenge
                if (params != null) {
                    found.add(params);
                }
            }
        }
        return found;
    }
}
