package dev.junction.engine.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The small secrets of connect sessions: random tokens (256 bits, base64url), their SHA-256 hashes
 * (all the store keeps), and values made with HMAC-SHA256 under a key derived from the master key —
 * the page's CSRF token (bound to the session and the browser) and the PKCE verifier (bound to the
 * OAuth state), so neither is stored. Also the URL building of the flow.
 */
public final class ConnectDrafts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Supplier<SecretKey> key;

    /** {@code key}: the connect flow's HMAC key, derived from the master key ({@code EnvelopeCipher.derivedKey("connect")}). */
    public ConnectDrafts(Supplier<SecretKey> key) {
        this.key = key;
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the text, hex. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connect page's CSRF token: bound to the session and the browser cookie. */
    public String csrf(String sessionHash, String browser) {
        return mac("csrf", sessionHash + ":" + hash(browser == null ? "" : browser));
    }

    /** The PKCE code verifier of an OAuth state (RFC 7636: 43 characters of base64url). */
    public String verifier(String state) {
        return mac("pkce", state);
    }

    private String mac(String purpose, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key.get());
            mac.update((purpose + ":").getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** {@code a=1&b=2}, each part form-encoded. */
    public static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The URL with the parameters added to its query (its fragment kept last). */
    public static URI withParams(String url, Map<String, String> params) {
        String fragment = "";
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash);
            url = url.substring(0, hash);
        }
        return URI.create(url + (url.contains("?") ? "&" : "?") + query(new java.util.TreeMap<>(params)) + fragment);
    }

    /** The config values a session keeps between the page and the callback, as JSON. */
    public static String configJson(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config values {@link #configJson} wrote; empty for null. */
    public static Map<String, String> configOf(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a connect session's config is not the JSON it was saved as", e);
        }
    }
}
