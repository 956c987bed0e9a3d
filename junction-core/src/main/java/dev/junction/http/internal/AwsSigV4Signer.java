package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs every attempt with AWS Signature Version 4 ({@code auth: { type: aws-sigv4 }}), through the
 * AWS SDK's standalone signer ({@link AwsV4HttpSigner}, no SDK client): sets
 * {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...},
 * {@code X-Amz-Date} (the clock's time), {@code X-Amz-Content-Sha256} (the SHA-256 of the body, which
 * S3 requires and every other service accepts) and, with temporary credentials,
 * {@code X-Amz-Security-Token}.
 *
 * <p>It sits in the chain after retry, the rate limit and the attempt steps, before redirects,
 * tracing and the exchange log, so each attempt is signed anew over what is sent — the final URL,
 * every header the hooks, the call and the attempt steps set, the final body — and logged as sent,
 * its {@code Authorization} and {@code X-Amz-Security-Token} redacted. Headers the JDK client sets
 * by itself ({@code Host}, {@code Content-Length}, {@code Connection}) are left to it; the signed
 * {@code host} is the URL's, as the client sends it. Headers added after this step (the tracing
 * {@code traceparent}) go unsigned, which SigV4 allows.
 *
 * <p>{@code service: s3} switches on S3's rules: the path is signed encoded once and not normalized,
 * and is sent as signed (every byte of each segment but {@code A-Z a-z 0-9 - . _ ~} percent-encoded).
 * Other services sign the path as sent, encoded again and normalized, as the AWS SDKs do.
 *
 * <p>Not offered: chunked (streaming) payload signing, unsigned payloads, presigned URLs, SigV4a.
 * A redirected hop keeps the first hop's signature (to another origin it loses it, with every
 * credential header). Thread-safe.
 */
public final class AwsSigV4Signer implements Interceptor {
    /** Set by the JDK client itself, whatever the request says: not signed (host is signed as the client sends it). */
    private static final List<String> SET_BY_CLIENT = List.of("host", "content-length", "connection");
    /** What this step writes, by its lower-case name, with the name it is sent under. */
    private static final Map<String, String> WRITTEN = Map.of("authorization", "Authorization", "x-amz-date", "X-Amz-Date",
            "x-amz-content-sha256", "X-Amz-Content-Sha256", "x-amz-security-token", "X-Amz-Security-Token");

    /** AWS codes that refuse a session's temporary credentials (expired, revoked) rather than a permission. */
    private static final java.util.regex.Pattern ROLE_CREDENTIALS_REFUSED = java.util.regex.Pattern.compile(
            "ExpiredToken|TokenRefreshRequired|InvalidClientTokenId|InvalidToken|UnrecognizedClientException");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity identity;
    private final String region;
    private final String service;
    private final boolean s3;
    private final Clock clock;
    /** The role's temporary credentials, when the keys assume one ({@code assumeRole}); null: the keys sign. */
    private final AssumedRole role;

    /**
     * @param auth the rendered settings: access key id, secret key, region and service non-blank
     * @param clock the time each attempt is signed at
     * @throws IllegalArgumentException when a setting is missing
     */
    public AwsSigV4Signer(AuthSpec.AwsSigV4 auth, Clock clock) {
        this(auth, clock, null);
    }

    /**
     * Signs with the temporary credentials of the role the keys assume, {@code role} obtaining them (and again before they
     * expire); with {@code role} null, with the keys themselves.
     *
     * @throws IllegalArgumentException when a setting is missing
     */
    public AwsSigV4Signer(AuthSpec.AwsSigV4 auth, Clock clock, AssumedRole role) {
        Objects.requireNonNull(auth, "auth");
        this.role = role;
        String accessKeyId = required(auth.accessKeyId(), "accessKeyId");
        String secretAccessKey = required(auth.secretAccessKey(), "secretAccessKey");
        this.identity = auth.sessionToken() == null || auth.sessionToken().isBlank() ? AwsCredentialsIdentity.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentialsIdentity.create(accessKeyId, secretAccessKey, auth.sessionToken());
        this.region = required(auth.region(), "region");
        this.service = required(auth.service(), "service");
        this.s3 = service.equals("s3");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        AwsCredentialsIdentity as = role == null ? identity : role.credentials(chain.context());
        HttpResponse response = chain.proceed(sign(chain.request(), as));
        if (role != null && (response.status() == 400 || response.status() == 401 || response.status() == 403)
                && ROLE_CREDENTIALS_REFUSED.matcher(response.bodyText() + " " + java.util.Objects.toString(response.header("x-amzn-ErrorType"), ""))
                        .find()) {
            role.forget(as); // the role's session expired or was revoked early: the next call obtains new credentials
        }
        return response;
    }

    /** The request as it is sent: signed now, with its signature headers set (replacing any it had). */
    public HttpRequest sign(HttpRequest request) {
        return sign(request, identity);
    }

    private HttpRequest sign(HttpRequest request, AwsCredentialsIdentity identity) {
        HttpRequest unsigned = request;
        for (String name : WRITTEN.keySet()) {
            unsigned = unsigned.withoutHeader(name);
        }
        if (s3) {
            unsigned = unsigned.withUri(encodedOnce(unsigned.uri()));
        }
        SdkHttpRequest.Builder toSign = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(unsigned.method())).uri(unsigned.uri());
        unsigned.headers().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                toSign.putHeader(name, values);
            }
        });
        byte[] body = unsigned.body();
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                .request(toSign.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        HttpRequest out = unsigned;
        for (Map.Entry<String, String> header : WRITTEN.entrySet()) {
            String value = signed.firstMatchingHeader(header.getKey()).orElse(null);
            if (value != null) {
                out = out.withHeader(header.getValue(), value);
            }
        }
        return out;
    }

    /**
     * The URI with its path as S3 signs it: each segment decoded (a {@code +} stays a plus), then every
     * UTF-8 byte but {@code A-Z a-z 0-9 - . _ ~} percent-encoded; slashes, empty segments and the query kept.
     */
    static URI encodedOnce(URI uri) {
        String raw = uri.getRawPath();
        if (raw == null || raw.isEmpty()) {
            return uri;
        }
        String path = Arrays.stream(raw.split("/", -1))
                .map(segment -> Urls.percentEncode(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)))
                .collect(Collectors.joining("/"));
        return path.equals(raw) ? uri
                : URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("auth." + field + ": expected a value for aws-sigv4 signing, found none");
        }
        return value;
    }

    @Override
    public String toString() {
        return "aws-sigv4(" + service + ", " + region + (role == null ? "" : ", " + role) + ")";
    }
}
