package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.WebhookScheme;
import dev.junction.template.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs every attempt with an HMAC of what it sends ({@code auth: { type: hmac }}): the query
 * parameters without {@code {{ signature }}} are added first (Binance's {@code timestamp}), then the
 * fields of {@code auth.body} are put first in the body (Kraken's nonce, Gemini's payload:
 * {@link HmacBodyFields}), then the MAC of {@code signedContent} — the attempt's method, path, raw
 * query and raw body as they are sent, its timestamp and nonce, an inner digest, config and secrets —
 * is computed with the secret, and the headers and the query parameters that carry it are set, those
 * parameters last in the query; a body that travels in a header ({@code sendBody: false}) is then
 * dropped.
 *
 * <p>A refusal of the request's time ({@link #signingAgainMayFix}) whose {@code Date} says the API's
 * clock is a second or more away teaches the signer the API's time: the retry step sends the request
 * again, and every later attempt is signed at it.
 *
 * <p>It sits in the chain after retry, the rate limit and the attempt steps, like {@link AwsSigV4Signer}:
 * each attempt is signed anew at its own time (APIs refuse a timestamp outside their window of a few
 * seconds, so a retry carrying the first attempt's would fail), over its final URL and body, and is
 * logged as sent, the signature's headers and parameters redacted by name ({@link #secretNames}). A
 * redirected hop keeps the first hop's signature (to another origin it loses it). Thread-safe.
 */
public final class HmacSigner implements Interceptor {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A header or query parameter this step sends: its name and template. */
    private record Sent(String name, Template template) {}

    private final AuthSpec.Hmac auth;
    private final SecretKeySpec key;
    /** The private key that signs instead of an HMAC ({@code algorithm: ed25519 | rsa-sha256}); null for an HMAC. */
    private final java.security.PrivateKey privateKey;
    private final Template content;
    private final List<Sent> unsignedQuery = new ArrayList<>();
    private final List<Sent> signedQuery = new ArrayList<>();
    private final List<Sent> headers = new ArrayList<>();
    private final Map<String, String> values;
    /** The HMACs of the secret values the templates name as {@code hmac.secrets.NAME}: the same for every attempt. */
    private final Map<String, String> macsOfValues = new java.util.HashMap<>();
    /** The fields put in the body before it is signed ({@code auth.body}), in order. */
    private final List<Sent> bodyFields = new ArrayList<>();
    /** The inner digest's content ({@code {{ digest }}}); null when there is none. */
    private final Template digestContent;
    private final Clock clock;
    private final Supplier<String> nonces;
    /** The time attempts are signed at: the API's, once the {@code Date} of a refusal of a timestamp said it. */
    private final ApiTime apiTime;
    /** The refusal the API's time was last learned from: its request is worth signing again. */
    private final AtomicReference<HttpResponse> learnedFrom = new AtomicReference<>();
    private final ProviderErrors problems = new ProviderErrors(new com.fasterxml.jackson.databind.ObjectMapper());

    /** Nonces are random UUIDs, or increasing integers when the connector says so; timestamps come from {@code clock}. */
    public HmacSigner(AuthSpec.Hmac auth, Clock clock) {
        this(auth, clock, auth.body().increasingNonce() ? increasing(clock, LAST_NONCES.computeIfAbsent(keyId(auth.secret()),
                id -> new java.util.concurrent.atomic.AtomicLong())) : () -> UUID.randomUUID().toString());
    }

    /**
     * The last increasing nonce per secret (by its SHA-256) in this process: every signer of one API key counts on from the same
     * number, so a connection made again (a new run) never sends a nonce below one already sent.
     */
    private static final Map<String, java.util.concurrent.atomic.AtomicLong> LAST_NONCES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Integers, each above {@code last} and at least the clock's Unix time in milliseconds (Kraken's nonce); {@code last} is updated. */
    static Supplier<String> increasing(Clock clock, java.util.concurrent.atomic.AtomicLong last) {
        return () -> Long.toString(last.updateAndGet(previous -> Math.max(previous + 1, clock.millis())));
    }

    private static String keyId(String secret) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Objects.requireNonNullElse(secret, "").getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * @param auth the settings rendered for a connection: the secret's text and the values of the config and secrets its templates name
     * @throws IllegalArgumentException when the secret is missing or not in its {@code secretEncoding}, or a template names a value not given
     */
    public HmacSigner(AuthSpec.Hmac auth, Clock clock, Supplier<String> nonces) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.apiTime = new ApiTime(clock);
        this.values = auth.values();
        this.privateKey = auth.keyAlgorithm() == null ? null : privateKey(auth.secret(), auth.passphrase(), auth.keyAlgorithm());
        this.key = privateKey != null ? null : new SecretKeySpec(key(auth.secret(), auth.secretEncoding()), auth.algorithm().jcaName());
        this.content = parse("signedContent", auth.signedContent());
        auth.query().forEach((name, text) -> {
            Template template = parse("query." + name, text);
            (template.variables().contains(AuthSpec.Hmac.SIGNATURE) ? signedQuery : unsignedQuery).add(new Sent(name, template));
        });
        auth.headers().forEach((name, text) -> headers.add(new Sent(name, parse("headers." + name, text))));
        auth.body().fields().forEach((name, text) -> bodyFields.add(new Sent(name, parse("body." + name, text))));
        this.digestContent = auth.body().digestContent() == null ? null : parse("digest.content", auth.body().digestContent());
        if (privateKey == null) {
            mac(); // fail now, not at the first call, when the JDK lacks the algorithm
        } else {
            signature(new byte[0]); // and the key: one the JDK refuses for the algorithm fails now
        }
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpResponse response = chain.proceed(sign(chain.request()));
        if (timeRefused(response)) {
            learnApiTime(response);
        }
        return response;
    }

    /** The request as it is sent: signed now (by the API's time, once a refusal taught it), with a new nonce. */
    public HttpRequest sign(HttpRequest request) {
        return sign(request, timestamp(apiTime.now()), nonces.get());
    }

    /**
     * Whether the API refused {@code response}'s request for its time and this signer learned the API's time from it (its {@code Date}
     * header, at least a second away from the time it signed by): the retry step sends such a request again, whatever its method (the
     * API did nothing with it), signed at the API's time.
     */
    public boolean signingAgainMayFix(HttpResponse response) {
        return learnedFrom.get() == response;
    }

    /** A 400, 401 or 403 whose provider code or message refuses the request's time (Binance's -1021, OKX's 50102, "timestamp expired"). */
    private boolean timeRefused(HttpResponse response) {
        if (response.status() != 400 && response.status() != 401 && response.status() != 403) {
            return false;
        }
        ProviderErrors.ProviderError error = problems.read(response, null);
        return error != null && CredentialRefusal.hmacTime(error.code(), error.text());
    }

    /** The API's time from the refusal's {@code Date} header signs the following attempts, when it is a second or more from the time used so far. */
    private void learnApiTime(HttpResponse response) {
        if (apiTime.learnFromDate(response)) {
            learnedFrom.set(response);
        }
    }

    /** The request with the unsigned query parameters added, then the signature's headers and parameters set. */
    HttpRequest sign(HttpRequest request, String timestamp, String nonce) {
        HttpRequest out = request;
        for (Sent parameter : unsignedQuery) {
            out = out.withQueryParam(parameter.name(), render(parameter, out, timestamp, nonce, null));
        }
        if (!bodyFields.isEmpty()) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (Sent field : bodyFields) {
                fields.put(field.name(), render(field, out, timestamp, nonce, null));
            }
            out = HmacBodyFields.put(out, fields, auth.body().json());
        }
        String signature = signature(signedContent(out, timestamp, nonce));
        for (Sent parameter : signedQuery) {
            out = out.withQueryParam(parameter.name(), render(parameter, out, timestamp, nonce, signature));
        }
        for (Sent header : headers) {
            out = out.withHeader(header.name(), render(header, out, timestamp, nonce, signature));
        }
        return auth.body().send() ? out : out.withBody((byte[]) null); // the body went in a header ({{ bodyBase64 }}: Gemini's payload)
    }

    /** What is signed for this request (its unsigned query parameters already added): literal text as UTF-8, the body byte for byte. */
    byte[] signedContent(HttpRequest request, String timestamp, String nonce) {
        return bytes(content, request, timestamp, nonce);
    }

    /** A template rendered to bytes: literal text as UTF-8, the body byte for byte, {@code {{ digest }}} as the inner digest's raw bytes. */
    private byte[] bytes(Template template, HttpRequest request, String timestamp, String nonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        template.forEachPart(literal -> out.writeBytes(literal.getBytes(StandardCharsets.UTF_8)), variable -> out.writeBytes(switch (variable) {
            case "body" -> Objects.requireNonNullElse(request.body(), new byte[0]);
            case AuthSpec.Hmac.DIGEST -> rawDigest(auth.body().digestAlgorithm(), bytes(digestContent, request, timestamp, nonce));
            default -> value(variable, request, timestamp, nonce, null).getBytes(StandardCharsets.UTF_8);
        }));
        return out.toByteArray();
    }

    /** The digest of {@code content} by the hash of {@code algorithm} (sha256: SHA-256), raw. */
    private static byte[] rawDigest(WebhookScheme.Algorithm algorithm, byte[] content) {
        String name = algorithm == WebhookScheme.Algorithm.SHA1 ? "SHA-1" : "SHA-" + algorithm.yamlName().substring(3);
        try {
            return java.security.MessageDigest.getInstance(name).digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    /** The MAC of {@code content} with the secret, encoded as the connector says. */
    String signature(byte[] content) {
        if (privateKey != null) {
            return encode(signed(content));
        }
        Mac mac = mac();
        try {
            mac.init(key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("the JDK refused the HMAC key of " + auth.algorithm().jcaName(), e);
        }
        return encode(mac.doFinal(content));
    }

    private String encode(byte[] signature) {
        return auth.encoding() == WebhookScheme.Encoding.BASE64 ? Base64.getEncoder().encodeToString(signature) : HexFormat.of().formatHex(signature);
    }

    /** The private key's signature of {@code content} (Ed25519 and SHA256withRSA are deterministic, RSASSA-PSS salted). */
    private byte[] signed(byte[] content) {
        try {
            java.security.Signature signer = auth.keyAlgorithm().newSignature();
            signer.initSign(privateKey);
            signer.update(content);
            return signer.sign();
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("auth.secret: the private key is not a key for " + auth.keyAlgorithm().yamlName()
                    + " (algorithm: " + auth.keyAlgorithm().yamlName() + "); check the connection's key or the connector's algorithm", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot sign with " + auth.keyAlgorithm().jcaName(), e);
        }
    }

    /** The PEM private key of the secret's text, decrypted with the passphrase when it is encrypted; the message never shows either. */
    private static java.security.PrivateKey privateKey(String secret, String passphrase, WebhookScheme.KeyAlgorithm algorithm) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("auth.secret: expected a PEM private key for " + algorithm.yamlName() + " signing, found none");
        }
        return PemKeys.privateKey(secret, passphrase, "auth.secret", "auth.passphrase");
    }

    /** The attempt's time as the connector writes it: Unix seconds, milliseconds, ISO 8601 UTC with milliseconds (OKX), or to the second without a zone (HTX). */
    String timestamp(Instant at) {
        return switch (auth.timestampUnit()) {
            case SECONDS -> Long.toString(at.getEpochSecond());
            case MILLISECONDS -> Long.toString(at.toEpochMilli());
            case ISO8601 -> ISO_MILLIS.format(at);
            case ISO8601_SECONDS -> ISO_SECONDS.format(at);
        };
    }

    /**
     * The names of the headers and query parameters whose values are secret — the signature, or a secret
     * in the template — for the exchange log to hide whatever they are called ({@code X-BAPI-SIGN}).
     */
    public static List<String> secretNames(AuthSpec.Hmac auth) {
        List<String> names = new ArrayList<>();
        for (Map<String, String> sent : List.of(auth.headers(), auth.query())) {
            sent.forEach((name, text) -> {
                if (Template.parse(text).variables().stream().anyMatch(v -> v.equals(AuthSpec.Hmac.SIGNATURE) || v.startsWith("secrets.")
                        || v.startsWith(AuthSpec.Hmac.MAC_OF))) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    private String render(Sent sent, HttpRequest request, String timestamp, String nonce, String signature) {
        return sent.template().render(variable -> value(variable, request, timestamp, nonce, signature));
    }

    private String value(String variable, HttpRequest request, String timestamp, String nonce, String signature) {
        URI uri = request.uri();
        String path = Urls.path(uri);
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        return switch (variable) {
            case "method" -> request.method().toUpperCase(Locale.ROOT);
            case "host" -> Urls.host(uri);
            case "contentType" -> request.body() == null ? "" : Objects.requireNonNullElse(request.header("Content-Type"), "");
            case "bodySha256" -> digest("SHA-256", request.body());
            case "bodySha512" -> digest("SHA-512", request.body());
            case "bodyBase64" -> Base64.getEncoder().encodeToString(request.body() == null ? new byte[0] : request.body());
            case "path" -> path;
            case "query" -> query;
            case "sortedQuery" -> sorted(query);
            case "pathAndQuery" -> query.isEmpty() ? path : path + "?" + query;
            case "timestamp" -> timestamp;
            case "nonce" -> nonce;
            case AuthSpec.Hmac.SIGNATURE -> signature;
            default -> variable.startsWith(AuthSpec.Hmac.MAC_OF) ? macsOfValues.get(variable)
                    : values.get(variable); // config.* and secrets.*, each checked when this step was made
        };
    }

    /** The query's {@code name=value} pairs as sent, sorted by name, then by value, in code unit order (HTX, Poloniex). */
    private static String sorted(String query) {
        if (query.isEmpty()) {
            return query;
        }
        List<String> pairs = new ArrayList<>(List.of(query.split("&")));
        pairs.sort(java.util.Comparator.comparing((String pair) -> pair.split("=", 2)[0]).thenComparing(pair -> pair));
        return String.join("&", pairs);
    }

    /** The lower-case hex digest of the body (of no bytes when there is none). */
    private static String digest(String algorithm, byte[] body) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(body == null ? new byte[0] : body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** A template of the settings, each config or secret it names given a value. */
    private Template parse(String field, String text) {
        Template template = Template.parse(text);
        for (String variable : template.variables()) {
            if (variable.startsWith(AuthSpec.Hmac.MAC_OF)) {
                String of = variable.substring(AuthSpec.Hmac.MAC_OF.length());
                if (values.get(of) == null) {
                    throw new IllegalArgumentException("auth." + field + ": no value for '" + of + "', whose HMAC '" + variable + "' is");
                }
                macsOfValues.computeIfAbsent(variable, v -> signature(values.get(of).getBytes(StandardCharsets.UTF_8)));
                continue;
            }
            if ((variable.startsWith("config.") || variable.startsWith("secrets.")) && values.get(variable) == null) {
                throw new IllegalArgumentException("auth." + field + ": no value for '" + variable + "'; hmac signing needs every config"
                        + " and secret value its templates name");
            }
        }
        return template;
    }

    /** The key bytes of the secret's text, decoded as {@code secretEncoding} says; the message never shows the secret. */
    private static byte[] key(String secret, WebhookScheme.Encoding encoding) {
        return key(secret, encoding, "auth.secret");
    }

    /** A shared secret's bytes as {@code encoding} says (hex, base64 or base64url, or the text's UTF-8); messages name {@code field}. */
    static byte[] key(String secret, WebhookScheme.Encoding encoding, String field) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(field + ": expected a value for hmac signing, found none");
        }
        String text = secret.strip();
        try {
            return switch (encoding) {
                case TEXT -> secret.getBytes(StandardCharsets.UTF_8);
                case HEX -> HexFormat.of().parseHex(text);
                case BASE64 -> text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": the secret is not " + (encoding == WebhookScheme.Encoding.HEX ? "hex" : "base64")
                    + " text, which secretEncoding: " + encoding.name().toLowerCase(Locale.ROOT) + " says it is; check the connection's secret"
                    + " (as the provider shows it) or the connector's secretEncoding");
        }
    }

    private Mac mac() {
        try {
            return Mac.getInstance(auth.algorithm().jcaName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + auth.algorithm().jcaName(), e);
        }
    }

    @Override
    public String toString() {
        return "hmac(" + (auth.keyAlgorithm() != null ? auth.keyAlgorithm().yamlName() : auth.algorithm().yamlName()) + ")";
    }
}
