package dev.junction.server;

import dev.junction.engine.Role;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Declares one route, ended by {@link #handle}, which adds it to the server. Example:
 *
 * <pre>{@code
 * routes.get("/api/v1/runs/{id}", Guard.token(Role.VIEWER, Scope.tenantOfObject(ctx -> runs.tenantOf(ctx.pathParam("id")))))
 *       .operation("runs.get", "runs", "Shows one run with its live counters")
 *       .param(Param.path("id", "The run's id"))
 *       .response(200, "The run", RunView.class)
 *       .handle(ctx -> ctx.json(runs.view(ctx.pathParam("id"))));
 * }</pre>
 */
public final class RouteBuilder {
    private final String method;
    private final String path;
    private final Guard guard;
    private final Consumer<Route> sink;
    private String operationId;
    private String tag;
    private String summary;
    private String description;
    private Class<?> bodyType;
    private final List<String> textMediaTypes = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    private final List<ResponseSpec> responses = new ArrayList<>();
    private boolean done;

    RouteBuilder(String method, String path, Guard guard, Consumer<Route> sink) {
        this.method = method;
        this.path = Objects.requireNonNull(path, "path");
        this.guard = Objects.requireNonNull(guard, "guard of " + method + " " + path);
        this.sink = sink;
    }

    /**
     * Required: a unique operationId, the resource's tag and a one-line summary. Write the id as
     * {@code resource.verb} ({@code runs.cancel}, {@code definitions.apply}): on a mutating route it is the
     * action its audit log entries record. lowerCamelCase ({@code getRun}) is accepted too.
     */
    public RouteBuilder operation(String operationId, String tag, String summary) {
        this.operationId = operationId;
        this.tag = tag;
        this.summary = summary;
        return this;
    }

    public RouteBuilder description(String description) {
        this.description = description;
        return this;
    }

    public RouteBuilder param(Param param) {
        params.add(Objects.requireNonNull(param, "param"));
        return this;
    }

    /**
     * The JSON body the route takes. The server reads it before the handler (content type, size limit,
     * unknown fields, types) and refuses a bad one with 400/413/415; the handler gets it from
     * {@link ApiRequest#body}.
     */
    public RouteBuilder body(Class<?> type) {
        this.bodyType = Objects.requireNonNull(type, "type");
        return this;
    }

    /**
     * Media types the route takes as text, read raw instead of as JSON: e.g. {@code application/yaml}
     * for definitions. The server checks the content type (415 for another), the size limit (413) and
     * that the bytes are UTF-8 (400), and leaves the text to the handler ({@link ApiRequest#textBody}).
     * With {@link #body} as well, {@code application/json} is parsed into that type; listing
     * {@code application/json} here instead takes JSON as text too. The OpenAPI document lists each type.
     */
    public RouteBuilder textBody(String... mediaTypes) {
        for (String mediaType : mediaTypes) {
            if (mediaType == null || !mediaType.strip().matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")) {
                throw new IllegalArgumentException(method + " " + path + ": a text body's media type is type/subtype like application/yaml, was '"
                        + mediaType + "'");
            }
            textMediaTypes.add(mediaType);
        }
        return this;
    }

    public RouteBuilder response(int status, String description) {
        responses.add(new ResponseSpec(status, description, null, null));
        return this;
    }

    public RouteBuilder response(int status, String description, Class<?> type) {
        return response(status, description, Schema.of(type), "application/json");
    }

    public RouteBuilder response(int status, String description, Schema schema) {
        return response(status, description, schema, "application/json");
    }

    public RouteBuilder response(int status, String description, Schema schema, String mediaType) {
        responses.add(new ResponseSpec(status, description, schema, mediaType));
        return this;
    }

    /** Ends the declaration and adds the route. */
    public void handle(Handler handler) {
        if (done) {
            throw new IllegalStateException(method + " " + path + " was already handled once");
        }
        if (operationId == null) {
            throw new IllegalStateException(method + " " + path + " declares no operation: call operation(id, tag, summary) before handle");
        }
        done = true;
        sink.accept(new Route(method, path, guard, new Operation(operationId, tag, summary, description, params, bodyType, textMediaTypes, responses), handler));
    }
}
