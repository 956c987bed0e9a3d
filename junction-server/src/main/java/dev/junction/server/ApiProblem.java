package dev.junction.server;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request that cannot be answered as asked, thrown by guards and handlers and turned into an RFC 9457
 * {@code application/problem+json} answer by the server's one exception mapper. Handlers never write
 * error bodies themselves.
 *
 * <p>{@code detail} is shown to the caller: say what was wrong and what to do, never internals (no
 * exception classes, SQL, stack traces, or another tenant's data). Anything that is not an
 * {@code ApiProblem} is answered as a generic 500 (or 503 when the store is unreachable) and logged with
 * an error id.
 *
 * <p>The nested subclasses are the statuses the API uses; extend this class for another.
 */
public class ApiProblem extends RuntimeException {
    /** Problem types are tag URIs (RFC 4151): identifiers, not pages to fetch. */
    public static final String TYPE_PREFIX = "tag:junction.dev,2026:problem:";

    private final int status;
    private final String slug;
    private final String title;
    private final List<ProblemError> errors;
    private final Map<String, String> headers;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiProblem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of(), Map.of());
    }

    protected ApiProblem(int status, String slug, String title, String detail, List<ProblemError> errors, Map<String, String> headers) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 400..599, was " + status);
        }
        if (!slug.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a problem type slug is lower-case letters, digits and '-', was '" + slug + "'");
        }
        this.status = status;
        this.slug = slug;
        this.title = Objects.requireNonNull(title, "title");
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_PREFIX + slug);
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<ProblemError> errors() {
        return errors;
    }

    /** Response headers that belong to the problem ({@code WWW-Authenticate}, {@code Retry-After}, {@code Allow}). */
    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, Object> extensions() {
        return Map.copyOf(extensions);
    }

    /** Adds an extension member to the body (RFC 9457 section 3.2). */
    public ApiProblem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public static final class BadRequest extends ApiProblem {
        public BadRequest(String detail) {
            this(detail, List.of());
        }

        public BadRequest(String detail, List<ProblemError> errors) {
            super(400, "bad-request", "Bad request", detail, errors, Map.of());
        }
    }

    public static final class Unauthorized extends ApiProblem {
        /** {@code invalidToken}: a token was sent but is unknown, revoked or malformed (RFC 6750 {@code invalid_token}). */
        public Unauthorized(String detail, boolean invalidToken) {
            super(401, "unauthorized", "Unauthorized", detail, List.of(),
                    Map.of("WWW-Authenticate", invalidToken ? "Bearer realm=\"junction\", error=\"invalid_token\"" : "Bearer realm=\"junction\""));
        }
    }

    public static final class Forbidden extends ApiProblem {
        public Forbidden(String detail) {
            super(403, "forbidden", "Forbidden", detail, List.of(), Map.of());
        }
    }

    /**
     * The one answer for another tenant's object, an object of no tenant asked for with a tenant token,
     * or a missing one: a tenant token cannot tell them apart. Guards give it; handlers that find out
     * only later (a dead letter named in a body) give it too.
     */
    public static NotFound notVisible() {
        return new NotFound(NOT_VISIBLE);
    }

    private static final String NOT_VISIBLE = "Nothing at this address is visible to this token.";

    public static final class NotFound extends ApiProblem {
        public NotFound(String detail) {
            super(404, "not-found", "Not found", detail, List.of(), Map.of());
        }
    }

    public static final class MethodNotAllowed extends ApiProblem {
        public MethodNotAllowed(String detail, Collection<String> allowed) {
            super(405, "method-not-allowed", "Method not allowed", detail, List.of(), Map.of("Allow", String.join(", ", allowed)));
        }
    }

    public static final class Conflict extends ApiProblem {
        public Conflict(String detail) {
            this(detail, List.of());
        }

        /** {@code errors}: what stands in the way, e.g. the definitions that still refer to the one to delete. */
        public Conflict(String detail, List<ProblemError> errors) {
            super(409, "conflict", "Conflict", detail, errors, Map.of());
        }
    }

    public static final class PreconditionFailed extends ApiProblem {
        public PreconditionFailed(String detail) {
            super(412, "precondition-failed", "Precondition failed", detail, List.of(), Map.of());
        }
    }

    public static final class PayloadTooLarge extends ApiProblem {
        public PayloadTooLarge(String detail) {
            super(413, "payload-too-large", "Payload too large", detail, List.of(), Map.of());
        }
    }

    /**
     * The body was read (well-formed, the right media type) but what it says cannot be done: definitions
     * with problems, each in {@code errors} with its file, line, column and path.
     */
    public static final class UnprocessableContent extends ApiProblem {
        public UnprocessableContent(String detail, List<ProblemError> errors) {
            super(422, "unprocessable-content", "Unprocessable content", detail, errors, Map.of());
        }
    }

    public static final class UnsupportedMediaType extends ApiProblem {
        public UnsupportedMediaType(String detail) {
            super(415, "unsupported-media-type", "Unsupported media type", detail, List.of(), Map.of());
        }
    }

    public static final class NotImplemented extends ApiProblem {
        public NotImplemented(String detail) {
            super(501, "not-implemented", "Not implemented", detail, List.of(), Map.of());
        }
    }

    public static final class ServiceUnavailable extends ApiProblem {
        public ServiceUnavailable(String detail, Duration retryAfter) {
            super(503, "service-unavailable", "Service unavailable", detail, List.of(),
                    Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
        }
    }
}
