package dev.junction.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a HMAC signatures checked as a provider checks them, written again for the tests from
 * RFC 5849 (section 3.4.1 base string, 3.4.2 HMAC-SHA1, 3.5.1 the {@code Authorization} header,
 * 3.6 percent-encoding), sharing no code with the signer under test.
 */
public final class OAuth1Verifier {
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z0-9_%.~-]+)=\"([^\"]*)\"");

    private OAuth1Verifier() {}

    /** The parameters of an {@code Authorization: OAuth ...} header, names and values decoded, in the order sent. */
    public static Map<String, String> parameters(String authorization) {
        if (authorization == null || !authorization.startsWith("OAuth ")) {
            throw new AssertionError("not an OAuth Authorization header: " + authorization);
        }
        Map<String, String> sent = new LinkedHashMap<>();
        Matcher pair = PARAMETER.matcher(authorization.substring("OAuth ".length()));
        while (pair.find()) {
            sent.put(decode(pair.group(1)), decode(pair.group(2)));
        }
        return sent;
    }

    /**
     * Checks the HMAC-SHA1 or HMAC-SHA256 signature of a request as the server received it.
     *
     * @param url the absolute URL sent, query included, as sent (percent-encoded)
     * @param contentType the request's Content-Type, or null; the body is signed only when it is a form
     * @return the header's parameters
     */
    public static Map<String, String> verify(String method, String url, String contentType, String body, String authorization,
            String consumerSecret, String tokenSecret) {
        Map<String, String> sent = parameters(authorization);
        String algorithm = switch (String.valueOf(sent.get("oauth_signature_method"))) {
            case "HMAC-SHA1" -> "HmacSHA1";
            case "HMAC-SHA256" -> "HmacSHA256";
            default -> throw new AssertionError("not an HMAC signature method: " + sent.get("oauth_signature_method"));
        };
        String expected = hmac(algorithm, encode(consumerSecret) + "&" + encode(tokenSecret), baseString(method, url, contentType, body, sent));
        if (!expected.equals(sent.get("oauth_signature"))) {
            throw new AssertionError("oauth_signature does not verify:\n  sent     " + sent.get("oauth_signature") + "\n  expected " + expected
                    + "\n  base string " + baseString(method, url, contentType, body, sent));
        }
        return sent;
    }

    /** Section 3.4.1: method, base string URI and the normalized parameters, each percent-encoded, joined by {@code &}. */
    static String baseString(String method, String url, String contentType, String body, Map<String, String> oauth) {
        URI uri = URI.create(url);
        List<String[]> parameters = new ArrayList<>();
        form(uri.getRawQuery(), parameters);
        if (body != null && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            form(body, parameters);
        }
        oauth.forEach((name, value) -> {
            if (!name.equals("realm") && !name.equals("oauth_signature")) {
                parameters.add(new String[] {name, value});
            }
        });
        String normalized = parameters.stream().map(p -> new String[] {encode(p[0]), encode(p[1])})
                .sorted(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]))
                .map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = uri.getPort() == -1 || scheme.equals("http") && uri.getPort() == 80 || scheme.equals("https") && uri.getPort() == 443;
        String baseUri = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort())
                + (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUri) + "&" + encode(normalized);
    }

    /** Name/value pairs of a form-encoded text ({@code +} a space), decoded. */
    private static void form(String text, List<String[]> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String pair : text.split("&")) {
            if (!pair.isEmpty()) {
                String[] nameValue = pair.split("=", 2);
                into.add(new String[] {decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : ""});
            }
        }
    }

    /** Section 3.6: every UTF-8 byte but {@code A-Z a-z 0-9 - . _ ~} as {@code %XX}, upper-case hex. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
            out.append(unreserved ? String.valueOf((char) c) : String.format(Locale.ROOT, "%%%02X", c));
        }
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String hmac(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
