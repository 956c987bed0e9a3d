package dev.junction.importer.internal;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a parsed OpenAPI document (3.0, 3.1, or Swagger 2.0 as swagger-parser converts it) into an
 * {@link ApiDescription}: the first server, the security scheme the document requires (its global
 * requirement first), and each operation with its query parameters and the shape of its successful
 * JSON answer, {@code $ref}s to components resolved.
 */
public final class OpenApiSource {
    private static final int MAX_DEPTH = 8;
    private final OpenAPI openApi;
    private final ApiDescription api = new ApiDescription();

    public OpenApiSource(OpenAPI openApi, String kind) {
        this.openApi = openApi;
        api.kind = kind;
    }

    public ApiDescription read() {
        if (openApi.getInfo() != null) {
            api.title = openApi.getInfo().getTitle();
            api.version = openApi.getInfo().getVersion();
            api.description = oneLine(openApi.getInfo().getSummary() != null ? openApi.getInfo().getSummary() : openApi.getInfo().getDescription());
        }
        servers();
        security();
        if (openApi.getPaths() != null) {
            openApi.getPaths().forEach(this::path);
        }
        return api;
    }

    private void servers() {
        List<Server> servers = openApi.getServers();
        if (servers == null || servers.isEmpty()) {
            return;
        }
        Server server = servers.get(0);
        String url = server.getUrl();
        if (server.getVariables() != null) {
            for (var e : server.getVariables().entrySet()) {
                String value = e.getValue().getDefault() == null ? "" : e.getValue().getDefault();
                url = url.replace("{" + e.getKey() + "}", value);
                api.serverVariables.put(e.getKey(), "'" + value + "'" + (e.getValue().getEnum() == null ? "" : " (one of " + String.join(", ", e.getValue().getEnum()) + ")"));
            }
        }
        api.baseUrl = url;
        if (servers.size() > 1) {
            List<String> others = servers.subList(1, servers.size()).stream().map(Server::getUrl).toList();
            api.guessed.add("of " + servers.size() + " servers the first is the default; the others: " + String.join(", ", others));
        }
    }

    private void security() {
        Map<String, SecurityScheme> schemes = openApi.getComponents() == null || openApi.getComponents().getSecuritySchemes() == null
                ? Map.of() : openApi.getComponents().getSecuritySchemes();
        if (schemes.isEmpty()) {
            return;
        }
        // the global requirement names the scheme; else the first an operation requires; else the first declared
        Map<String, List<String>> required = new LinkedHashMap<>();
        collect(openApi.getSecurity(), required);
        if (openApi.getPaths() != null) {
            for (PathItem item : openApi.getPaths().values()) {
                for (Operation op : item.readOperations()) {
                    collect(op.getSecurity(), required);
                }
            }
        }
        String chosen = required.keySet().stream().filter(schemes::containsKey).findFirst().orElse(schemes.keySet().iterator().next());
        SecurityScheme scheme = schemes.get(chosen);
        List<String> scopes = required.getOrDefault(chosen, List.of());
        Set<String> others = new LinkedHashSet<>(schemes.keySet());
        others.remove(chosen);
        if (!others.isEmpty()) {
            api.guessed.add("auth from security scheme '" + chosen + "'; the description also declares " + String.join(", ", others) + " (not used)");
        }
        api.auth = auth(chosen, scheme, scopes);
    }

    private static void collect(List<SecurityRequirement> requirements, Map<String, List<String>> into) {
        if (requirements == null) {
            return;
        }
        for (SecurityRequirement requirement : requirements) {
            requirement.forEach((name, scopes) -> into.merge(name, scopes == null ? List.of() : scopes, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(s -> !all.contains(s)).forEach(all::add);
                return all;
            }));
        }
    }

    private ApiDescription.Auth auth(String name, SecurityScheme scheme, List<String> scopes) {
        SecurityScheme.Type type = scheme.getType();
        if (type == SecurityScheme.Type.APIKEY) {
            return Auths.apiKey(scheme.getIn() == null ? "header" : scheme.getIn().toString(), scheme.getName());
        }
        if (type == SecurityScheme.Type.HTTP && "basic".equalsIgnoreCase(scheme.getScheme())) {
            return Auths.basic();
        }
        if (type == SecurityScheme.Type.HTTP && "digest".equalsIgnoreCase(scheme.getScheme())) {
            return Auths.digest();
        }
        if (type == SecurityScheme.Type.HTTP && "bearer".equalsIgnoreCase(scheme.getScheme())) {
            return Auths.bearer();
        }
        if (type == SecurityScheme.Type.OAUTH2 && scheme.getFlows() != null) {
            OAuthFlow client = scheme.getFlows().getClientCredentials();
            OAuthFlow code = scheme.getFlows().getAuthorizationCode();
            List<String> wanted = scopes;
            if (client != null) {
                wanted = scopesOf(client, scopes, name);
                if (code != null) {
                    api.guessed.add("security scheme '" + name + "' offers client credentials and authorization code; client credentials chosen");
                }
                return Auths.clientCredentials(client.getTokenUrl(), wanted);
            }
            if (code != null) {
                return Auths.authorizationCode(code.getTokenUrl(), code.getAuthorizationUrl(), scopesOf(code, scopes, name));
            }
            api.needsHuman.add("security scheme '" + name + "' is OAuth 2.0 with only the implicit or password flow; set auth by hand (docs/connectors.md#oauth-20)");
            return null;
        }
        api.needsHuman.add("security scheme '" + name + "' (" + type + (scheme.getScheme() == null ? "" : " " + scheme.getScheme())
                + ") has no connector equivalent the importer knows; set auth by hand (docs/connectors.md#auth)");
        return null;
    }

    private List<String> scopesOf(OAuthFlow flow, List<String> required, String name) {
        if (!required.isEmpty() || flow.getScopes() == null || flow.getScopes().isEmpty()) {
            return required;
        }
        api.needsHuman.add("security scheme '" + name + "' declares scopes (" + String.join(", ", flow.getScopes().keySet())
                + ") but no operation requires one; add auth.scopes if the API needs them");
        return List.of();
    }

    private void path(String path, PathItem item) {
        for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
            String method = e.getKey().name();
            Operation op = e.getValue();
            List<Parameter> params = new ArrayList<>();
            if (item.getParameters() != null) {
                params.addAll(item.getParameters());
            }
            if (op.getParameters() != null) {
                params.addAll(op.getParameters());
            }
            List<Endpoint.Param> query = new ArrayList<>();
            List<String> pathParams = new ArrayList<>();
            for (Parameter raw : params) {
                Parameter p = resolve(raw);
                if ("query".equals(p.getIn())) {
                    Schema<?> s = schema(p.getSchema(), 0);
                    query.add(new Endpoint.Param(p.getName(), Boolean.TRUE.equals(p.getRequired()), s == null ? null : typeOf(s),
                            s == null || s.getDefault() == null ? null : String.valueOf(s.getDefault()),
                            s == null ? null : number(s.getMaximum()), s == null ? null : number(s.getMinimum())));
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                pathParams.add(m.group(1));
            }
            ApiResponse ok = success(op);
            Shape response = Shape.UNKNOWN;
            boolean link = false;
            if (ok != null) {
                response = shape(json(ok.getContent()), 0);
                link = ok.getHeaders() != null && ok.getHeaders().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Link"));
            }
            api.endpoints.add(new Endpoint(method, path, op.getOperationId(), oneLine(op.getSummary()), query, pathParams,
                    op.getRequestBody() != null, response, link, method + " " + path));
        }
    }

    private Parameter resolve(Parameter p) {
        if (p.get$ref() != null && openApi.getComponents() != null && openApi.getComponents().getParameters() != null) {
            Parameter found = openApi.getComponents().getParameters().get(refName(p.get$ref()));
            return found == null ? p : found;
        }
        return p;
    }

    /** The first 2xx answer (200 first), resolved, or null. */
    private ApiResponse success(Operation op) {
        if (op.getResponses() == null) {
            return null;
        }
        ApiResponse found = op.getResponses().get("200");
        if (found == null) {
            found = op.getResponses().entrySet().stream().filter(r -> r.getKey().startsWith("2")).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (found != null && found.get$ref() != null && openApi.getComponents() != null && openApi.getComponents().getResponses() != null) {
            ApiResponse resolved = openApi.getComponents().getResponses().get(refName(found.get$ref()));
            return resolved == null ? found : resolved;
        }
        return found;
    }

    /** The schema of the JSON media type (application/json, anything +json, or any), or null when the answer is not JSON. */
    private static Schema<?> json(Content content) {
        if (content == null || content.isEmpty()) {
            return null;
        }
        MediaType chosen = null;
        for (Map.Entry<String, MediaType> e : content.entrySet()) {
            String type = e.getKey().toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json") || type.contains("+json") || type.equals("*/*")) {
                chosen = e.getValue();
                break;
            }
        }
        return chosen == null ? null : chosen.getSchema(); // XML or text answers: their shape is not read
    }

    private Shape shape(Schema<?> raw, int depth) {
        if (raw == null || depth > MAX_DEPTH) {
            return Shape.UNKNOWN;
        }
        String name = raw.get$ref() == null ? null : refName(raw.get$ref());
        Schema<?> s = schema(raw, 0);
        if (s == null) {
            return Shape.UNKNOWN;
        }
        if (s.getAllOf() != null && !s.getAllOf().isEmpty()) {
            Map<String, Shape> merged = new LinkedHashMap<>();
            for (Schema<?> part : s.getAllOf()) {
                Shape p = shape(part, depth + 1);
                merged.putAll(p.properties());
            }
            properties(s, depth, merged);
            return Shape.object(merged, name);
        }
        List<Schema> alternatives = s.getOneOf() != null && !s.getOneOf().isEmpty() ? s.getOneOf() : s.getAnyOf();
        if (alternatives != null && !alternatives.isEmpty()) {
            return shape(alternatives.stream().filter(a -> !"null".equals(typeOf(schema(a, 0)))).findFirst().orElse(alternatives.get(0)), depth + 1);
        }
        String type = typeOf(s);
        if ("array".equals(type) || (type == null && s.getItems() != null)) {
            return Shape.array(shape(s.getItems(), depth + 1));
        }
        if ("object".equals(type) || (type == null && s.getProperties() != null)) {
            Map<String, Shape> props = new LinkedHashMap<>();
            properties(s, depth, props);
            return Shape.object(props, name);
        }
        return type == null ? Shape.UNKNOWN : Shape.scalar(type, s.getFormat());
    }

    private void properties(Schema<?> s, int depth, Map<String, Shape> into) {
        if (s.getProperties() != null) {
            s.getProperties().forEach((k, v) -> into.put(k, shape(v, depth + 1)));
        }
    }

    /** A schema with its {@code $ref} followed to the component (cycles end at a depth). */
    private Schema<?> schema(Schema<?> s, int hops) {
        if (s == null || s.get$ref() == null) {
            return s;
        }
        if (hops > MAX_DEPTH || openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return null;
        }
        return schema(openApi.getComponents().getSchemas().get(refName(s.get$ref())), hops + 1);
    }

    /** The schema's type; OpenAPI 3.1 lists types (["string", "null"]): the first that is not null. */
    private static String typeOf(Schema<?> s) {
        if (s == null) {
            return null;
        }
        if (s.getType() != null) {
            return s.getType();
        }
        if (s.getTypes() != null) {
            return s.getTypes().stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
        }
        return null;
    }

    private static Long number(BigDecimal value) {
        return value == null ? null : value.longValue();
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
