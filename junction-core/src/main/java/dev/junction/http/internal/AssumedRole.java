package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.json.internal.XmlTrees;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The temporary credentials of a role that a connection's AWS keys assume ({@code auth.assumeRole}): obtained from AWS STS
 * with {@code AssumeRole} (a form POST signed with the keys, service {@code sts}), kept until shortly before they expire and
 * obtained again then. The STS requests go through their own short chain (retry, the keys' signature, the exchange log,
 * {@link #capture}, the transport), so they are logged like token requests, the returned secret key and session token
 * hidden. Thread-safe: one request at a time, callers waiting for it.
 */
public final class AssumedRole {
    /** STS error codes that mean the keys or the role's trust refused the call: fixing them takes new settings. */
    private static final Set<String> REFUSALS = Set.of("AccessDenied", "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken",
            "RegionDisabledException", "MalformedPolicyDocument");
    private static final Duration AHEAD = Duration.ofMinutes(5);

    private final AuthSpec.AwsSigV4.AssumeRole spec;
    private final List<Interceptor> chain;
    private final Clock clock;
    /** One STS request at a time; a lock rather than a monitor, so virtual threads waiting for it are not pinned (JDK 21). */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private AwsSessionCredentialsIdentity current;
    private Instant renewAt;

    /**
     * @param chain what an STS request goes through, the transport last; it must sign with the keys ({@link AwsSigV4Signer}, service
     *     {@code sts}) and should hold {@link #capture} between the exchange log and the transport
     */
    public AssumedRole(AuthSpec.AwsSigV4.AssumeRole spec, List<Interceptor> chain, Clock clock) {
        this.spec = spec;
        this.chain = List.copyOf(chain);
        this.clock = clock;
    }

    /** The settings STS requests are signed with: the keys, the STS region, service {@code sts}. */
    public static AuthSpec.AwsSigV4 stsAuth(AuthSpec.AwsSigV4 keys) {
        return new AuthSpec.AwsSigV4(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken(), keys.assumeRole().stsRegion(), "sts");
    }

    /**
     * The role's credentials now: the kept ones, or new ones from STS when none are kept or they expire within 5 minutes (or
     * within a quarter of their lifetime, if that is shorter).
     *
     * @throws ApiException when STS refuses (AUTH for refused keys or trust, RETRYABLE for throttling and its own failures)
     */
    public AwsCredentialsIdentity credentials(CallContext context) throws IOException {
        lock.lock();
        try {
            return kept(context);
        } finally {
            lock.unlock();
        }
    }

    private AwsCredentialsIdentity kept(CallContext context) throws IOException {
        Instant now = clock.instant();
        if (current != null && now.isBefore(renewAt)) {
            return current;
        }
        String form = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + encode(spec.roleArn()) + "&RoleSessionName=" + encode(spec.sessionName())
                + "&DurationSeconds=" + spec.duration().toSeconds() + (spec.externalId() == null ? "" : "&ExternalId=" + encode(spec.externalId()));
        HttpRequest request = HttpRequest.of("POST", URI.create(stripSlash(spec.endpoint()) + "/"))
                .withBody(form, "application/x-www-form-urlencoded; charset=UTF-8");
        CallContext asking = context.withOperation("auth:assumeRole").withIdempotent(true).withRecordKeys(List.of());
        HttpResponse response = RealChain.start(chain, request, asking);
        JsonNode answer = XmlTrees.readOrNull(response.bodyText());
        if (!response.isSuccessful()) {
            throw refused(response, answer == null ? null : answer.path("Error"));
        }
        JsonNode credentials = answer == null ? null : answer.path("AssumeRoleResult").path("Credentials");
        String key = text(credentials, "AccessKeyId");
        String secret = text(credentials, "SecretAccessKey");
        String token = text(credentials, "SessionToken");
        Instant expiration;
        try {
            expiration = Instant.parse(text(credentials, "Expiration"));
        } catch (DateTimeParseException | NullPointerException e) {
            expiration = null;
        }
        if (key == null || secret == null || token == null || expiration == null) {
            throw new ApiException(new ApiError(ApiError.Category.PERMANENT, response.status(), "unexpected_response", "auth.assumeRole: STS answered"
                    + " HTTP " + response.status() + " without AssumeRoleResult.Credentials (AccessKeyId, SecretAccessKey, SessionToken, Expiration)",
                    null, false, "POST " + spec.endpoint()));
        }
        current = AwsSessionCredentialsIdentity.create(key, secret, token);
        Duration lifetime = Duration.between(now, expiration);
        Duration ahead = lifetime.dividedBy(4).compareTo(AHEAD) < 0 ? lifetime.dividedBy(4) : AHEAD;
        renewAt = expiration.minus(ahead);
        return current;
    }

    /** Drops {@code used} if they are still the kept credentials (an API refused them): the next call obtains new ones. */
    public void forget(AwsCredentialsIdentity used) {
        lock.lock();
        try {
            if (current == used) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private ApiException refused(HttpResponse response, JsonNode error) {
        String code = error == null ? null : text(error, "Code");
        String message = error == null ? null : text(error, "Message");
        ApiError.Category category = code != null && REFUSALS.contains(code) || response.status() == 403 ? ApiError.Category.AUTH
                : response.status() >= 500 || response.status() == 429 || "Throttling".equals(code) ? ApiError.Category.RETRYABLE
                : ApiError.Category.PERMANENT;
        String why = (code == null ? "HTTP " + response.status() : code) + (message == null ? "" : ": " + message);
        String hint = category == ApiError.Category.AUTH ? "; check that the role's trust policy lets these keys assume it, with this external id,"
                + " and that the keys may call sts:AssumeRole" : "";
        return new ApiException(new ApiError(category, response.status(), code == null ? "sts_" + response.status() : code,
                "auth.assumeRole: STS did not let the connection's keys assume " + spec.roleArn() + ": " + why + hint, null,
                category == ApiError.Category.RETRYABLE, "POST " + spec.endpoint()));
    }

    /**
     * Sits between the exchange log and the transport of STS requests: the secret key and session token of an answer become
     * known secrets before the exchange is logged, so the log never holds them.
     */
    public static Interceptor capture(Redactor redactor) {
        return new Interceptor() {
            @Override
            public HttpResponse intercept(Chain chain) throws IOException {
                HttpResponse response = chain.proceed(chain.request());
                JsonNode answer = XmlTrees.readOrNull(response.bodyText());
                JsonNode credentials = answer == null ? null : answer.path("AssumeRoleResult").path("Credentials");
                for (String field : List.of("SecretAccessKey", "SessionToken")) {
                    String value = text(credentials, field);
                    if (value != null) {
                        redactor.addSecret(value);
                    }
                }
                return response;
            }

            @Override
            public String toString() {
                return "assumeRoleCapture";
            }
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.path(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "assuming " + spec.roleArn();
    }
}
