package dev.junction.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, written again for the tests from AWS's description of it (canonical
 * request, string to sign, the HMAC chain from {@code "AWS4" + secret} through date, region, service
 * and {@code aws4_request}), sharing no code with the signer under test: it computes the
 * {@code Authorization} a request should carry and checks the one a server received.
 */
public final class SigV4Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private SigV4Verifier() {}

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    public record Parsed(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {}

    /** The parts of {@code authorization}; fails when it is not a SigV4 header. */
    public static Parsed parse(String authorization) {
        Matcher m = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
        if (!m.matches()) {
            throw new AssertionError("not an AWS4-HMAC-SHA256 Authorization header: " + authorization);
        }
        return new Parsed(m.group(1), m.group(2), m.group(3), m.group(4), List.of(m.group(5).split(";")), m.group(6));
    }

    /**
     * The {@code Authorization} header that signs this request.
     *
     * @param rawPath the path as sent (percent-encoded)
     * @param rawQuery the query as sent, or null
     * @param header every value of a header, by its lower-case name (empty when absent)
     * @param signedHeaders the lower-case names to sign, sorted
     * @param s3 S3's rules: the path signed as sent; other services encode it again
     */
    public static String authorization(String method, String rawPath, String rawQuery, Function<String, List<String>> header, List<String> signedHeaders,
            byte[] body, String accessKeyId, String secretAccessKey, String region, String service, boolean s3) {
        String amzDate = single(header, "x-amz-date");
        String date = amzDate.substring(0, 8);
        String canonicalRequest = String.join("\n", method, canonicalUri(rawPath, s3), canonicalQuery(rawQuery),
                signedHeaders.stream().map(name -> name + ":" + canonicalValue(header.apply(name)) + "\n").collect(Collectors.joining()),
                String.join(";", signedHeaders), hex(sha256(body == null ? new byte[0] : body)));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope, hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        for (String part : List.of(region, service, "aws4_request")) {
            key = hmac(key, part);
        }
        return "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + String.join(";", signedHeaders) + ", Signature="
                + hex(hmac(key, stringToSign));
    }

    /**
     * Checks the signature a server received, with the secret key; also that {@code host} and
     * {@code x-amz-date} are signed, that a session token is signed, and that
     * {@code x-amz-content-sha256}, when sent, is the body's hash.
     *
     * @return the parts of its Authorization header
     */
    public static Parsed verify(String method, String rawPath, String rawQuery, Function<String, List<String>> header, byte[] body,
            String secretAccessKey, boolean s3) {
        Parsed sent = parse(single(header, "authorization"));
        if (!sent.signedHeaders().containsAll(List.of("host", "x-amz-date"))
                || !header.apply("x-amz-security-token").isEmpty() && !sent.signedHeaders().contains("x-amz-security-token")) {
            throw new AssertionError("host, x-amz-date and a session token must be signed; signed: " + sent.signedHeaders());
        }
        List<String> contentHash = header.apply("x-amz-content-sha256");
        if (!contentHash.isEmpty() && !contentHash.equals(List.of(hex(sha256(body == null ? new byte[0] : body))))) {
            throw new AssertionError("x-amz-content-sha256 " + contentHash + " is not the SHA-256 of the body");
        }
        String expected = authorization(method, rawPath, rawQuery, header, sent.signedHeaders(), body, sent.accessKeyId(), secretAccessKey,
                sent.region(), sent.service(), s3);
        if (!expected.equals(single(header, "authorization"))) {
            throw new AssertionError("signature does not verify:\n  sent     " + single(header, "authorization") + "\n  expected " + expected);
        }
        return sent;
    }

    /** A header lookup over a map of lower-case names. */
    public static Function<String, List<String>> headers(Map<String, List<String>> byLowerCaseName) {
        return name -> byLowerCaseName.getOrDefault(name, List.of());
    }

    /** Each segment of the path encoded (once more, unless S3); an empty path is "/". */
    private static String canonicalUri(String rawPath, boolean s3) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        return s3 ? path : Arrays.stream(path.split("/", -1)).map(SigV4Verifier::encode).collect(Collectors.joining("/"));
    }

    /** Names and values decoded, encoded again, sorted by name then value. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            String[] nameValue = pair.split("=", 2);
            pairs.add(new String[] {encode(decode(nameValue[0])), encode(decode(nameValue.length > 1 ? nameValue[1] : ""))});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    /** Values trimmed, inner runs of spaces made one, joined by commas. */
    private static String canonicalValue(List<String> values) {
        return values.stream().map(v -> v.strip().replaceAll(" +", " ")).collect(Collectors.joining(","));
    }

    private static String single(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        if (values.size() != 1) {
            throw new AssertionError("expected one " + name + " header, found " + values);
        }
        return values.getFirst();
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            out.append(Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0 ? String.valueOf(c) : String.format(Locale.ROOT, "%%%02X", b & 0xff));
        }
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
