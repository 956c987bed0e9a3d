package dev.junction.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Problem;
import dev.junction.server.ResponseSpec;
import dev.junction.server.Route;
import dev.junction.server.Scope;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document of the declared routes: every route is an operation with its parameters,
 * body, success answers and the problem answers its guard and body imply; token routes need the
 * bearer scheme, the others say they need none. Each operation also carries {@code x-junction-guard}.
 */
public final class OpenApiDocument {
    private static final List<String> METHOD_ORDER = List.of("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE");
    private final ObjectMapper json;

    public OpenApiDocument(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode write(List<Route> routes, String version, URI publicBaseUrl) {
        SchemaWriter schemas = new SchemaWriter(json);
        ObjectNode doc = json.createObjectNode().put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info").put("title", "Junction API").put("version", version)
                .put("description", "The REST API of a Junction server. Errors are RFC 9457 problem details (application/problem+json).");
        info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        if (publicBaseUrl != null) {
            doc.putArray("servers").addObject().put("url", publicBaseUrl.toString());
        }
        Set<String> tags = new TreeSet<>();
        ObjectNode paths = doc.putObject("paths");
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(Route::path).thenComparing(r -> METHOD_ORDER.indexOf(r.method())));
        for (Route route : sorted) {
            ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route, schemas));
            tags.add(route.operation().tag());
        }
        ArrayNode tagList = doc.putArray("tags");
        tags.forEach(tag -> tagList.addObject().put("name", tag));
        ObjectNode components = doc.putObject("components");
        ObjectNode componentSchemas = components.putObject("schemas");
        componentSchemas.set("Problem", problemSchema());
        componentSchemas.set("ProblemError", problemErrorSchema());
        schemas.components().forEach(componentSchemas::set);
        components.set("responses", problemResponses());
        components.putObject("securitySchemes").putObject("bearerToken").put("type", "http").put("scheme", "bearer")
                .put("description", "An API token (made with `junction tokens create`), sent as 'Authorization: Bearer <token>'.");
        return doc;
    }

    private ObjectNode operation(Route route, SchemaWriter schemas) {
        ObjectNode op = json.createObjectNode().put("operationId", route.operation().id()).put("summary", route.operation().summary());
        if (route.operation().description() != null) {
            op.put("description", route.operation().description());
        }
        op.putArray("tags").add(route.operation().tag());
        ArrayNode params = json.createArrayNode();
        for (Param param : parameters(route)) {
            ObjectNode p = params.addObject().put("name", param.name()).put("in", param.in().name().toLowerCase(Locale.ROOT))
                    .put("description", param.description()).put("required", param.required());
            p.set("schema", schemas.write(param.schema()));
        }
        if (!params.isEmpty()) {
            op.set("parameters", params);
        }
        if (route.operation().hasBody()) {
            ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
            for (String mediaType : route.operation().textMediaTypes()) {
                content.putObject(mediaType).putObject("schema").put("type", "string");
            }
            if (route.operation().bodyType() != null && !content.has("application/json")) {
                content.putObject("application/json").set("schema", schemas.forType(route.operation().bodyType()));
            }
        }
        ObjectNode responses = op.putObject("responses");
        for (ResponseSpec response : route.operation().responses()) {
            // one status may be answered in several media types (JSON or YAML by Accept): one response, several contents
            String status = Integer.toString(response.status());
            ObjectNode r = responses.has(status) ? (ObjectNode) responses.get(status) : responses.putObject(status).put("description", response.description());
            if (response.schema() != null) {
                ObjectNode content = r.has("content") ? (ObjectNode) r.get("content") : r.putObject("content");
                content.putObject(response.mediaType()).set("schema", schemas.write(response.schema()));
            } else if (response.status() >= 400 && !r.has("content")) {
                // an error a route declares itself (409, 412, 422) is a problem like every other
                r.putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema").put("$ref", "#/components/schemas/Problem");
            }
        }
        problems(route).forEach((status, name) -> {
            if (!responses.has(status)) {
                responses.putObject(status).put("$ref", "#/components/responses/" + name);
            }
        });
        ArrayNode security = op.putArray("security");
        ObjectNode guard = op.putObject("x-junction-guard");
        switch (route.guard()) {
            case Guard.Token t -> {
                security.addObject().putArray("bearerToken");
                guard.put("kind", "token").put("minimumRole", t.minimum().wireName()).put("scope", scopeName(t.scope()));
            }
            case Guard.WebhookSignature w -> guard.put("kind", "webhook-signature").put("scheme", w.scheme());
            case Guard.ConnectSession c -> guard.put("kind", "connect-session");
            case Guard.PublicHealth p -> guard.put("kind", "public");
            case Guard.ConsolePublic c -> guard.put("kind", "console-public");
            case Guard.MetricsScrape m -> {
                security.addObject(); // anonymous from metrics.allowFrom networks
                security.addObject().putArray("bearerToken");
                guard.put("kind", "metrics-scrape").put("minimumRole", Guard.METRICS_TOKEN.minimum().wireName()).put("scope", "operator");
            }
        }
        return op;
    }

    /** Declared parameters, then the undeclared path parameters (strings) and a query tenant filter. */
    private static List<Param> parameters(Route route) {
        Map<String, Param> byName = new LinkedHashMap<>();
        for (String name : RouteTable.pathParams(route)) {
            byName.put("PATH " + name, Param.path(name, "The " + name + "."));
        }
        if (route.guard() instanceof Guard.Token t && t.scope() instanceof Scope.TenantRequested r && r.source() == Scope.Source.QUERY) {
            byName.put("QUERY " + r.parameter(), Param.query(r.parameter(), "Only this tenant's objects (a tenant token always sees only its own).", String.class));
        }
        for (Param param : route.operation().params()) {
            byName.put(param.in() + " " + param.name(), param);
        }
        return new ArrayList<>(byName.values());
    }

    /** The problem answers a route can give, by status, named after the shared component responses. */
    private static Map<String, String> problems(Route route) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (route.operation().hasBody()) {
            problems.put("400", "BadRequest");
        }
        switch (route.guard()) {
            case Guard.Token t -> {
                problems.put("401", "Unauthorized");
                problems.put("403", "Forbidden");
                if (t.scope().tenantOwned()) {
                    problems.put("404", "NotFound");
                }
            }
            case Guard.WebhookSignature w -> problems.put("401", "Unauthorized");
            case Guard.ConnectSession c -> problems.put("401", "Unauthorized");
            case Guard.PublicHealth p -> { }
            case Guard.ConsolePublic c -> { }
            case Guard.MetricsScrape m -> {
                problems.put("401", "Unauthorized");
                problems.put("403", "Forbidden");
            }
        }
        if (route.operation().hasBody()) {
            problems.put("413", "PayloadTooLarge");
            problems.put("415", "UnsupportedMediaType");
        }
        problems.put("503", "ServiceUnavailable");
        problems.put("default", "Problem");
        return problems;
    }

    private static String scopeName(Scope scope) {
        return switch (scope) {
            case Scope.Global g -> "global";
            case Scope.Operator o -> "operator";
            case Scope.TenantRequested r -> "tenant-from-" + r.source().name().toLowerCase(Locale.ROOT);
            case Scope.TenantOfObject o -> "tenant-of-object";
        };
    }

    private ObjectNode problemResponses() {
        ObjectNode responses = json.createObjectNode();
        problemResponse(responses, "BadRequest", "The request (body, parameters) is not valid; errors[] says where.", null);
        problemResponse(responses, "Unauthorized", "No valid credentials.", "WWW-Authenticate");
        problemResponse(responses, "Forbidden", "The token's role or tenant does not allow this.", null);
        problemResponse(responses, "NotFound", "Nothing at this address is visible to this token.", null);
        problemResponse(responses, "PayloadTooLarge", "The body is larger than the server accepts.", null);
        problemResponse(responses, "UnsupportedMediaType", "The body is not in a media type the route takes (application/json, or the text types it lists; UTF-8).", null);
        problemResponse(responses, "ServiceUnavailable", "The store cannot be reached; retry after Retry-After seconds.", "Retry-After");
        problemResponse(responses, "Problem", "Any other error, as problem details.", null);
        return responses;
    }

    private void problemResponse(ObjectNode responses, String name, String description, String header) {
        ObjectNode response = responses.putObject(name).put("description", description);
        if (header != null) {
            response.putObject("headers").putObject(header).putObject("schema").put("type", "string");
        }
        response.putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema").put("$ref", "#/components/schemas/Problem");
    }

    private ObjectNode problemSchema() {
        ObjectNode schema = json.createObjectNode().put("type", "object").put("description", "RFC 9457 problem details.");
        ObjectNode p = schema.putObject("properties");
        p.putObject("type").put("type", "string").put("format", "uri-reference");
        p.putObject("title").put("type", "string");
        p.putObject("status").put("type", "integer");
        p.putObject("detail").put("type", "string");
        p.putObject("instance").put("type", "string").put("format", "uri-reference");
        p.putObject("errors").put("type", "array").putObject("items").put("$ref", "#/components/schemas/ProblemError");
        schema.putArray("required").add("type").add("title").add("status");
        return schema;
    }

    private ObjectNode problemErrorSchema() {
        ObjectNode schema = json.createObjectNode().put("type", "object");
        ObjectNode p = schema.putObject("properties");
        p.putObject("file").put("type", "string");
        p.putObject("line").put("type", "integer");
        p.putObject("column").put("type", "integer");
        p.putObject("path").put("type", "string").put("description", "A JSON path into the body or document, like $.items[0].name.");
        p.putObject("message").put("type", "string");
        schema.putArray("required").add("message");
        return schema;
    }
}
