package dev.junction.http.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Query-string editing on URIs, keeping every other part as written. */
public final class Urls {
    private Urls() {}

    /** Percent-encodes a query name or value ({@code %20} for spaces, not {@code +}). */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Percent-encodes every UTF-8 byte of {@code text} but RFC 3986's unreserved characters
     * ({@code A-Z a-z 0-9 - . _ ~}), with upper-case hex: the encoding OAuth 1.0a and AWS Signature
     * Version 4 sign.
     */
    public static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(java.util.HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    public static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public static URI addQueryParam(URI uri, String name, String value) {
        checkName(name);
        List<String> pairs = pairs(uri);
        pairs.add(encode(name) + "=" + encode(value == null ? "" : value));
        return withRawQuery(uri, pairs);
    }

    public static URI setQueryParam(URI uri, String name, String value) {
        checkName(name);
        List<String> pairs = pairs(uri);
        pairs.removeIf(pair -> decode(pair.split("=", 2)[0]).equals(name));
        pairs.add(encode(name) + "=" + encode(value == null ? "" : value));
        return withRawQuery(uri, pairs);
    }

    /** The raw (still encoded) {@code name=value} pairs of the query, in order. */
    public static List<String> pairs(URI uri) {
        List<String> pairs = new ArrayList<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
        }
        return pairs;
    }

    public static URI withRawQuery(URI uri, List<String> pairs) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String withoutFragment = hash < 0 ? text : text.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        String base = question < 0 ? withoutFragment : withoutFragment.substring(0, question);
        String query = String.join("&", pairs);
        return URI.create(query.isEmpty() ? base + fragment : base + "?" + query + fragment);
    }

    /** The host as a request names it: with its port only when the URI gives one ({@code api.example.com}, {@code 127.0.0.1:8080}). */
    public static String host(URI uri) {
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The raw path, {@code /} when the URI has none. */
    public static String path(URI uri) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    /** {@code host:port}, with the scheme's default port when the URI names none. */
    public static String hostAndPort(URI uri) {
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getHost() + ":" + port;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a query parameter name must not be empty");
        }
    }

    /** Whether two URLs share scheme, host and port (the default port when none is given), case aside: RFC 6454's origin. */
    public static boolean sameOrigin(URI a, URI b) {
        return origin(a).equals(origin(b));
    }

    /** {@code scheme://host:port}, lower case, the port explicit. */
    public static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT)) + ":" + port;
    }
}
