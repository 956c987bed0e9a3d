package dev.junction.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with OAuth 1.0a (RFC 5849): the signature base string of section 3.4.1 (method,
 * base URI, the query and {@code application/x-www-form-urlencoded} body parameters and the
 * protocol parameters, sorted and percent-encoded), signed with HMAC-SHA1, HMAC-SHA256 or sent as
 * PLAINTEXT, in an {@code Authorization: OAuth ...} header.
 *
 * <p>As a step of the chain it sits after retry, the rate limit and the attempt steps, like
 * {@link AwsSigV4Signer}: every attempt is signed anew, with a nonce of its own (providers refuse
 * a nonce they have seen, so a retry carrying the first attempt's would fail for good) and the time
 * it leaves, over its final URL and form body, and is logged as sent, {@code Authorization} redacted.
 * A redirected hop keeps the first hop's header (to another origin it loses it).
 *
 * <p>An answer whose OAuth problem report refuses only the nonce or the timestamp
 * ({@link #signingAgainMayFix}) is sent again by the retry step, and signed anew here: a refused
 * timestamp also sets the time later attempts are signed at to the API's, from the window the report
 * accepts or the answer's {@code Date} (a host clock minutes off no longer fails every call). Thread-safe.
 */
public final class OAuth1Signer implements Interceptor {
    private static final String FORM = "application/x-www-form-urlencoded";
    /** {@code oauth_acceptable_timestamps="1700000000-1700000600"} in a challenge, or {@code =1700000000-1700000600} in a form body. */
    private static final Pattern ACCEPTABLE_TIMESTAMPS = Pattern.compile("oauth_acceptable_timestamps=\"?(\\d{1,12})-(\\d{1,12})");

    private final AuthSpec.OAuth1 auth;
    private final Supplier<String> nonces;
    /** The time requests are signed at: the API's, once a refusal of a timestamp said it. */
    private final ApiTime apiTime;
    private final ProviderErrors problems = new ProviderErrors(new ObjectMapper());

    /** Nonces are 16 random bytes in hex; timestamps come from {@code clock}. */
    public OAuth1Signer(AuthSpec.OAuth1 auth, Clock clock) {
        this(auth, clock, randomNonces());
    }

    public OAuth1Signer(AuthSpec.OAuth1 auth, Clock clock, Supplier<String> nonces) {
        this.auth = auth;
        this.nonces = nonces;
        this.apiTime = new ApiTime(clock);
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpResponse response = chain.proceed(sign(chain.request()));
        if (response.status() == 401 && CredentialRefusal.oauth1Time(problem(response))) {
            learnApiTime(response);
        }
        return response;
    }

    /** The request with its {@code Authorization} header set, signed now (by the API's time, once known) with a new nonce. */
    public HttpRequest sign(HttpRequest request) {
        return request.withHeader("Authorization", authorization(request, nonces.get(), apiTime.now().getEpochSecond()));
    }

    /**
     * Whether {@code response} refuses only how its attempt was signed — a nonce the API had seen
     * ({@code nonce_used}), a timestamp outside its window ({@code timestamp_refused}, X's code 135) —
     * which the next attempt, signed anew with a new nonce and the API's time, may not repeat. The retry
     * step sends such a request again.
     */
    public boolean signingAgainMayFix(HttpResponse response) {
        return response.status() == 401 && CredentialRefusal.oauth1SigningAgainFixes(problem(response));
    }

    /** The OAuth problem (or other provider code) of a refused answer, or null. */
    private String problem(HttpResponse response) {
        ProviderErrors.ProviderError error = problems.read(response, null);
        return error == null ? null : error.code();
    }

    /**
     * A timestamp refused: the API's time, from the middle of the window its problem report accepts
     * ({@code oauth_acceptable_timestamps="1700000000-1700000600"}), else its {@code Date} header,
     * signs the following attempts. Nothing is learned from an answer that says neither.
     */
    private void learnApiTime(HttpResponse response) {
        Instant told = null;
        List<String> places = new ArrayList<>(response.headers("WWW-Authenticate"));
        places.add(response.bodyText());
        for (String place : places) {
            Matcher window = ACCEPTABLE_TIMESTAMPS.matcher(place);
            if (window.find()) {
                told = Instant.ofEpochSecond((Long.parseLong(window.group(1)) + Long.parseLong(window.group(2))) / 2);
                break;
            }
        }
        if (told == null) {
            told = ApiTime.date(response);
        }
        if (told != null) {
            apiTime.set(told);
        }
    }

    /** The {@code Authorization} header value for this request, nonce and timestamp. */
    public String authorization(HttpRequest request, String nonce, long timestamp) {
        Map<String, String> oauth = protocolParameters(nonce, timestamp);
        oauth.put("oauth_signature", signature(baseString(request, oauth)));
        StringBuilder header = new StringBuilder("OAuth ");
        List<String> parts = new ArrayList<>();
        if (auth.realm() != null) {
            parts.add("realm=\"" + encode(auth.realm()) + "\"");
        }
        oauth.forEach((name, value) -> parts.add(encode(name) + "=\"" + encode(value) + "\""));
        return header.append(String.join(", ", parts)).toString();
    }

    /** The protocol parameters without the signature, in the order they are sent. */
    public Map<String, String> protocolParameters(String nonce, long timestamp) {
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", auth.consumerKey());
        if (auth.token() != null) {
            oauth.put("oauth_token", auth.token());
        }
        oauth.put("oauth_signature_method", auth.signatureMethod().yamlName());
        oauth.put("oauth_timestamp", Long.toString(timestamp));
        oauth.put("oauth_nonce", nonce); // oauth_version is optional (RFC 5849 section 3.1) and left out, as in the RFC's examples
        return oauth;
    }

    /** RFC 5849 section 3.4.1: {@code METHOD&base-uri&normalized-parameters}. */
    public static String baseString(HttpRequest request, Map<String, String> oauthParameters) {
        List<String[]> parameters = new ArrayList<>();
        addForm(parameters, request.uri().getRawQuery());
        String contentType = request.header("Content-Type");
        if (request.hasBody() && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            addForm(parameters, request.bodyText());
        }
        oauthParameters.forEach((name, value) -> {
            if (!name.equals("realm") && !name.equals("oauth_signature")) {
                parameters.add(new String[] {name, value});
            }
        });
        List<String> encoded = new ArrayList<>();
        for (String[] pair : parameters) {
            encoded.add(encode(pair[0]) + "=" + encode(pair[1]));
        }
        encoded.sort((a, b) -> {
            String[] x = a.split("=", 2);
            String[] y = b.split("=", 2);
            int byName = x[0].compareTo(y[0]);
            return byName != 0 ? byName : x[1].compareTo(y[1]);
        });
        return request.method() + "&" + encode(baseUri(request.uri())) + "&" + encode(String.join("&", encoded));
    }

    /** RFC 5849 section 3.4.1.2: lower-case scheme and host, the port only when not the default, no query. */
    static String baseUri(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String path = Urls.path(uri);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** The signature of a base string with this connection's secrets (section 3.4.2 to 3.4.4). */
    public String signature(String baseString) {
        String key = encode(nullToEmpty(auth.consumerSecret())) + "&" + encode(nullToEmpty(auth.tokenSecret()));
        String algorithm = switch (auth.signatureMethod()) {
            case PLAINTEXT -> null;
            case HMAC_SHA1 -> "HmacSHA1";
            case HMAC_SHA256 -> "HmacSHA256";
        };
        if (algorithm == null) {
            return key;
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot compute " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /** The PLAINTEXT signature (the secrets themselves): a value to redact. */
    public static String plaintextSignature(AuthSpec.OAuth1 auth) {
        return encode(nullToEmpty(auth.consumerSecret())) + "&" + encode(nullToEmpty(auth.tokenSecret()));
    }

    /** RFC 5849 section 3.6: RFC 3986 unreserved characters stay, everything else is %XX of UTF-8. */
    public static String encode(String text) {
        return Urls.percentEncode(text);
    }

    private static void addForm(List<String[]> parameters, String form) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            parameters.add(new String[] {decode(parts[0]), parts.length > 1 ? decode(parts[1]) : ""});
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static Supplier<String> randomNonces() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        };
    }

    @Override
    public String toString() {
        return "oauth1(" + auth.signatureMethod().yamlName() + ")";
    }
}
