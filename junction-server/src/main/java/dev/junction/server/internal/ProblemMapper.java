package dev.junction.server.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.EngineException;
import dev.junction.server.ApiProblem;
import dev.junction.server.Problem;
import dev.junction.server.ProblemError;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become answers: every exception a guard, a handler or Javalin throws ends here
 * as an RFC 9457 problem. {@link ApiProblem}s keep their status and detail; Javalin's own (unknown
 * route, wrong method, body too large) are rephrased; the engine's refusals ({@link EngineException}) become
 * 404, 400, 409 or 412, a sync already running 409, a failed upstream call 502 and any other Junction error
 * but the store's 422 ({@link EngineProblems}); Jackson's become 400s saying where; a store that
 * cannot be reached is a 503 with {@code Retry-After}; anything else is a 500 with a generic detail and
 * an error id, logged here with its stack trace. No body ever carries a stack trace or a class name.
 * A browser on the connect routes gets an HTML page or a redirect to the product instead ({@link BrowserProblems}).
 */
public final class ProblemMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public ProblemMapper(ObjectMapper json, long maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The exception handler for every {@link Exception} (Javalin picks it for its own too). */
    public void handle(Exception failure, Context ctx) {
        String id = UUID.randomUUID().toString();
        ApiProblem problem = toProblem(failure, ctx, id);
        if (problem.status() >= 500) {
            if (problem instanceof ApiProblem.ServiceUnavailable && !(failure instanceof ApiProblem)) {
                LOG.warn("{} {} answered 503 (error id {}): the store cannot be reached: {}", ctx.method(), ctx.path(), id, failure.toString());
            } else if (!(failure instanceof ApiProblem) && problem.status() == 500) {
                LOG.error("{} {} failed (error id {})", ctx.method(), ctx.path(), id, failure);
            } else {
                LOG.warn("{} {} answered {} (error id {}): {}", ctx.method(), ctx.path(), problem.status(), id, problem.detail());
            }
        } else {
            LOG.debug("{} {} answered {}: {}", ctx.method(), ctx.path(), problem.status(), problem.detail());
        }
        write(ctx, problem, id);
    }

    /** After every request: an error status set without a body (a bare {@code ctx.status(404)}) still gets a problem. */
    public void completeBareError(Context ctx) {
        int status = ctx.statusCode();
        String type = ctx.res().getContentType();
        if (status >= 400 && ctx.resultInputStream() == null && (type == null || !type.startsWith(Problem.MEDIA_TYPE))) {
            HttpStatus known = HttpStatus.forStatus(status);
            String title = known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
            write(ctx, new ApiProblem(status, "http-" + status, title, "The request failed with status " + status + "."), UUID.randomUUID().toString());
        }
    }

    /** For {@link Error}s (stack overflow, out of memory) Javalin hands over only the servlet response. */
    public void handleError(HttpServletResponse response, Error error) {
        String id = UUID.randomUUID().toString();
        LOG.error("a request failed with an error (error id {})", id, error);
        try {
            response.setStatus(500);
            response.setContentType(Problem.MEDIA_TYPE);
            response.getOutputStream().write(json.writeValueAsBytes(body(internal(id), id)));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("could not write the 500 answer (error id {}): {}", id, e.toString());
        }
    }

    private ApiProblem toProblem(Throwable failure, Context ctx, String id) {
        if (failure instanceof ApiProblem p) {
            return p;
        }
        ApiProblem refused = failure instanceof EngineException e ? engineProblem(e) : null;
        if (refused != null) {
            return refused;
        }
        if (failure instanceof ValidationException v) {
            return validation(v);
        }
        if (failure instanceof HttpResponseException h) {
            return fromJavalin(h, ctx);
        }
        // a handler that read the body itself (ctx.bodyAsClass): the caller's JSON is wrong. A Jackson error
        // wrapped in something else, or one while writing, is the server's own: 500 below.
        if (failure instanceof JsonProcessingException j && j.getProcessor() instanceof JsonParser) {
            return JacksonProblems.badRequest(j);
        }
        ApiProblem upstream = EngineProblems.refusal(failure);
        if (upstream != null) {
            return upstream; // before the outage check: an upstream call that could not connect is not the store
        }
        if (StoreOutages.isOutage(failure)) {
            return new ApiProblem.ServiceUnavailable("The store cannot be reached right now; retry after the time in Retry-After.", STORE_RETRY_AFTER);
        }
        ApiProblem unprocessable = EngineProblems.unprocessable(failure);
        return unprocessable != null ? unprocessable : internal(id);
    }

    /**
     * What the engine refused, by why: an unknown object 404, a wrong argument 400, a version the caller
     * no longer holds 412 ({@code If-Match}), any other state that forbids it 409, an inbox that takes no
     * events now (closing, or full) 503 with Retry-After. The engine's message
     * says what and what to do; it becomes the detail. Other engine failures are the server's (500).
     */
    private static ApiProblem engineProblem(EngineException e) {
        String detail = sentence(e.getMessage());
        return switch (e) {
            case EngineException.NotFound n -> new ApiProblem.NotFound(detail);
            case EngineException.Invalid i -> new ApiProblem.BadRequest(detail);
            case EngineException.Stale s -> new ApiProblem.PreconditionFailed(detail).with("currentVersion", s.currentVersion());
            case EngineException.Conflict c -> new ApiProblem.Conflict(detail);
            case dev.junction.engine.Inbox.Unavailable u -> new ApiProblem.ServiceUnavailable(detail, java.time.Duration.ofSeconds(1));
            case dev.junction.engine.Webhooks.NotReady n -> new ApiProblem.ServiceUnavailable(detail, java.time.Duration.ofSeconds(60));
            default -> null;
        };
    }

    /** The engine writes messages as clauses ("no sync named 'x' is applied"); a detail is a sentence. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "The request was refused.";
        }
        String text = message.strip();
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return text.matches("(?s).*[.!?]$") ? text : text + ".";
    }

    private static ApiProblem internal(String id) {
        return new ApiProblem(500, "internal-error", "Internal server error",
                "The server failed to answer this request. Report error id " + id + " to the operator; it is in the server's log.");
    }

    private ApiProblem fromJavalin(HttpResponseException h, Context ctx) {
        int status = h.getStatus();
        if (h instanceof EndpointNotFound || status == 404) {
            return new ApiProblem.NotFound("No route answers " + ctx.method() + " " + ctx.path() + ". The API is described at /api/v1/openapi.json.");
        }
        if (status == 405) {
            String allowed = h.getDetails().getOrDefault("availableMethods", "");
            List<String> methods = List.of(allowed.split("\\s*,\\s*"));
            return new ApiProblem.MethodNotAllowed(ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + String.join(", ", methods) + ".", methods);
        }
        if (status == 413) {
            return JsonBodies.tooLarge(maxBodyBytes);
        }
        if (status == 415) {
            return new ApiProblem.UnsupportedMediaType("This route does not take the content type sent.");
        }
        if (status == 400) {
            return new ApiProblem.BadRequest("The request is malformed.");
        }
        HttpStatus known = HttpStatus.forStatus(status);
        String title = known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
        return new ApiProblem(status >= 400 && status <= 599 ? status : 500, "http-" + status, title, title + ".");
    }

    private static ApiProblem validation(ValidationException v) {
        List<ProblemError> errors = new ArrayList<>();
        for (Map.Entry<String, List<ValidationError<Object>>> field : v.getErrors().entrySet()) {
            for (ValidationError<Object> error : field.getValue()) {
                errors.add(ProblemError.at(field.getKey(), field.getKey() + ": " + error.getMessage() + (error.value == null ? "" : " (got '" + error.value + "')")));
            }
        }
        return new ApiProblem.BadRequest("Some parameters are not valid: " + String.join("; ", errors.stream().map(ProblemError::message).toList()) + ".", errors);
    }

    void write(Context ctx, ApiProblem problem, String id) {
        ctx.attribute(AuditRecorder.PROBLEM_ATTRIBUTE, problem.type().toString().substring(ApiProblem.TYPE_PREFIX.length()));
        if (BrowserProblems.wanted(ctx)) {
            BrowserProblems.write(ctx, problem); // a browser on the connect page: a page or a redirect, not JSON
            return;
        }
        if (ConsoleProblems.wanted(ctx)) {
            ConsoleProblems.write(ctx, problem); // a browser on the console: the sign-in form or an error page
            return;
        }
        ctx.status(problem.status());
        problem.headers().forEach(ctx::header);
        ctx.contentType(Problem.MEDIA_TYPE);
        try {
            ctx.result(json.writeValueAsBytes(body(problem, id)));
        } catch (JsonProcessingException e) {
            ctx.result(("{\"title\":\"Internal server error\",\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Problem body(ApiProblem problem, String id) {
        return new Problem(problem.type().toString(), problem.title(), problem.status(), problem.detail(), "urn:uuid:" + id, problem.errors(),
                problem.extensions());
    }
}
