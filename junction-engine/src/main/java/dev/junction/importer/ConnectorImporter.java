package dev.junction.importer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.http.EgressProxy;
import dev.junction.importer.internal.AirbyteSource;
import dev.junction.importer.internal.ApiDescription;
import dev.junction.importer.internal.ConnectorDraft;
import dev.junction.importer.internal.GraphQlSchema;
import dev.junction.importer.internal.GraphQlSource;
import dev.junction.importer.internal.OpenApiSource;
import dev.junction.importer.internal.PostmanSource;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a connector from an API description: {@link #openApi} for OpenAPI 3.0/3.1 and Swagger 2.0
 * (parsed by swagger-parser), {@link #postman} for a Postman collection v2.1, {@link #graphQl} for a
 * GraphQL schema's introspection result, {@link #airbyte} for an Airbyte low-code manifest. Each takes a
 * file or an http(s) URL.
 *
 * <p>The result passes {@code junction validate}: it is loaded with the {@link SpecLoader} before it
 * is returned. What the description did not say (how paging works, which field is the key, which
 * security scheme to use) is decided by named heuristics and listed in the YAML's top comment, with
 * what a person has to finish; docs/import.md lists the rules.
 *
 * <pre>{@code
 * ImportedConnector c = new ConnectorImporter().openApi("petstore.yaml", null);
 * Files.writeString(Path.of("petstore.connector.yaml"), c.yaml());
 * }</pre>
 */
public final class ConnectorImporter {
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();
    private final YAMLMapper yaml = new YAMLMapper();

    /**
     * Imports an OpenAPI 3.0/3.1 or Swagger 2.0 description.
     *
     * @param location a file path or an http(s) URL
     * @param name the connector's name, or null for one made from the title
     * @throws ImportException when it cannot be read or is not such a description
     */
    public ImportedConnector openApi(String location, String name) {
        String text = read(location);
        JsonNode root = parse(location, text, yaml, "YAML or JSON");
        String kind;
        if (root.path("openapi").isValueNode() && root.path("openapi").asText().startsWith("3.")) {
            kind = "openapi";
        } else if (root.path("swagger").isValueNode() && root.path("swagger").asText().startsWith("2.")) {
            kind = "openapi";
        } else if (root.has("openapi") || root.has("swagger")) {
            throw new ImportException(location + ": version '" + root.path(root.has("openapi") ? "openapi" : "swagger").asText()
                    + "' is not supported; expected openapi: 3.0.x or 3.1.x, or swagger: \"2.0\"");
        } else {
            throw new ImportException(location + ": not an OpenAPI or Swagger description: expected a top-level key 'openapi' (3.0, 3.1)"
                    + " or 'swagger' (2.0), found " + keys(root)
                    + (root.has("info") && root.has("item") ? "; this looks like a Postman collection: use junction import postman" : ""));
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        String target = isUrl(location) ? location : Path.of(location).toAbsolutePath().toString();
        SwaggerParseResult result = new OpenAPIParser().readLocation(target, null, options);
        if (result == null || result.getOpenAPI() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw new ImportException(location + ": swagger-parser could not read it as OpenAPI"
                    + (messages.isEmpty() ? "" : ": " + String.join("; ", messages.subList(0, Math.min(5, messages.size())))));
        }
        ApiDescription api = new OpenApiSource(result.getOpenAPI(), kind).read();
        if (result.getMessages() != null && !result.getMessages().isEmpty()) {
            List<String> messages = result.getMessages();
            api.noteProblems("the parser reported: " + String.join("; ", messages.subList(0, Math.min(5, messages.size())))
                    + (messages.size() > 5 ? " (and " + (messages.size() - 5) + " more)" : ""));
        }
        return finish(api, name, location);
    }

    /**
     * Imports a Postman collection (v2.1; v2.0 has the same shape).
     *
     * @param location a file path or an http(s) URL
     * @param name the connector's name, or null for one made from the collection's name
     * @throws ImportException when it cannot be read or is not such a collection
     */
    public ImportedConnector postman(String location, String name) {
        String text = read(location);
        JsonNode root = parse(location, text, json, "JSON");
        if (root.has("requests") && !root.has("item")) {
            throw new ImportException(location + ": a Postman collection v1; export it again as Collection v2.1 (Postman: Export, Collection v2.1)");
        }
        if (!root.path("info").isObject() || !root.path("item").isArray()) {
            throw new ImportException(location + ": not a Postman collection: expected an object with 'info' and an 'item' array (a Collection v2.1"
                    + " export), found " + keys(root) + (root.has("openapi") || root.has("swagger") ? "; this looks like OpenAPI: use junction import openapi" : ""));
        }
        String schema = root.path("info").path("schema").asText("");
        if (!schema.isEmpty() && !schema.contains("v2.1") && !schema.contains("v2.0")) {
            throw new ImportException(location + ": info.schema is '" + schema + "'; expected a Collection v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/collection.json)");
        }
        return finish(new PostmanSource(root, json).read(), name, location);
    }

    /**
     * Imports a GraphQL schema from its introspection result ({@code {"data": {"__schema": ...}}} or the
     * bare {@code {"__schema": ...}}).
     *
     * @param location a file path; an http(s) URL ending in {@code .json}, fetched with GET; or any other
     *     http(s) URL, taken as the GraphQL endpoint and sent the standard introspection query (a POST)
     * @param name the connector's name, or null for one made from the file name or the endpoint's host
     * @throws ImportException when it cannot be read or is not an introspection result
     */
    public ImportedConnector graphQl(String location, String name) {
        boolean endpoint = isUrl(location) && !uri(location).getPath().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        String text = endpoint ? fetch(location, HttpRequest.newBuilder(uri(location)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(introspectionBody())), "the introspection result")
                : read(location);
        GraphQlSchema schema = GraphQlSchema.read(location, parse(location, text, json, "JSON"));
        return finish(new GraphQlSource(schema, location, endpoint ? location : null).read(), name, location);
    }

    /**
     * Imports an Airbyte low-code (declarative) connector manifest ({@code manifest.yaml}, {@code type: DeclarativeSource}).
     *
     * @param location a file path or an http(s) URL
     * @param name the connector's name, or null for one made from the spec's title (else the file name)
     * @throws ImportException when it cannot be read, is not such a manifest, or has a {@code $ref} that points nowhere or loops
     */
    public ImportedConnector airbyte(String location, String name) {
        JsonNode root = parse(location, read(location), yaml, "YAML or JSON");
        String type = root.path("type").asText("");
        if (!type.isEmpty() && !type.equals("DeclarativeSource")) {
            throw new ImportException(location + ": type is '" + type + "'; expected an Airbyte manifest with type: DeclarativeSource");
        }
        if (!root.path("streams").isArray() || root.path("streams").isEmpty()) {
            throw new ImportException(location + ": not an Airbyte declarative manifest: expected a non-empty 'streams' list (and type: DeclarativeSource), found "
                    + (root.has("streams") ? "streams that is not a list of streams, " : "") + keys(root)
                    + (root.has("dynamic_streams") ? "; dynamic_streams alone are not imported" : "")
                    + (root.has("openapi") || root.has("swagger") ? "; this looks like OpenAPI: use junction import openapi" : ""));
        }
        return finish(new AirbyteSource(location, root).read(), name, location);
    }

    /** {@code {"query": "<the standard introspection query>"}}. */
    private String introspectionBody() {
        try (InputStream in = ConnectorImporter.class.getResourceAsStream("introspection.graphql")) {
            return json.writeValueAsString(Map.of("query", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the introspection query is part of the engine's jar", e);
        }
    }

    private ImportedConnector finish(ApiDescription api, String name, String location) {
        ConnectorDraft draft = new ConnectorDraft(api, name);
        String text = draft.yaml(isUrl(location) ? location : Path.of(location).getFileName().toString());
        LoadResult check = new SpecLoader().loadTexts(List.of(new SourceText(draft.name() + ".yaml", text),
                new SourceText(draft.name() + ".connection.yaml", draft.connectionYaml())));
        if (!check.ok()) {
            // a bug of the importer, not of the description: say so, with what the loader found
            throw new ImportException(location + ": the connector written from it does not validate; please report this with the description: "
                    + check.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        return new ImportedConnector(draft.name(), text, draft.streams(), draft.actions(), draft.guessed(), draft.needsHuman(), draft.connectionYaml());
    }

    private String read(String location) {
        if (isUrl(location)) {
            return fetch(location, HttpRequest.newBuilder(uri(location)).GET(), "the description");
        }
        Path file = Path.of(location);
        try {
            if (Files.isDirectory(file)) {
                throw new ImportException(location + ": is a folder; expected a description file");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ImportException(location + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ImportException(location + ": is not UTF-8 text; expected a YAML or JSON description");
        } catch (IOException e) {
            throw new ImportException(location + ": cannot be read: " + e.getMessage());
        }
    }

    private static URI uri(String location) {
        try {
            return URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new ImportException(location + ": not a valid URL (" + e.getMessage() + ")");
        }
    }

    private static String fetch(String location, HttpRequest.Builder request, String expected) {
        EgressProxy proxy;
        try {
            proxy = EgressProxy.fromEnvironment(System::getenv); // behind a proxy, as every other request of the process
        } catch (IllegalArgumentException e) {
            throw new ImportException(location + ": could not be fetched: " + e.getMessage(), true);
        }
        String proxyAuthorization = proxy.authorizationFor(uri(location));
        if (proxyAuthorization != null) {
            request.header("Proxy-Authorization", proxyAuthorization);
        }
        try (HttpClient client = proxy.configure(HttpClient.newBuilder()).connectTimeout(FETCH_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<String> response = client.send(request.timeout(FETCH_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ImportException(location + ": answered HTTP " + response.statusCode() + "; expected " + expected + " (HTTP 200)", true);
            }
            return response.body();
        } catch (IOException e) {
            throw new ImportException(location + ": could not be fetched: " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(location + ": interrupted while fetching it", true);
        }
    }

    private static JsonNode parse(String location, String text, ObjectMapper mapper, String expected) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ImportException(location + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": not " + expected + ": "
                    + e.getOriginalMessage().lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).collect(Collectors.joining(": ")));
        }
        if (root == null || !root.isObject()) {
            throw new ImportException(location + ": expected " + expected + " with an object at the top, found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return root;
    }

    private static String keys(JsonNode root) {
        StringBuilder s = new StringBuilder();
        Iterator<String> names = root.fieldNames();
        for (int i = 0; names.hasNext() && i < 8; i++) {
            s.append(i == 0 ? "" : ", ").append(names.next());
        }
        return s.isEmpty() ? "no keys" : "keys " + s;
    }

    private static boolean isUrl(String location) {
        return location.regionMatches(true, 0, "http://", 0, 7) || location.regionMatches(true, 0, "https://", 0, 8);
    }
}
