package dev.junction.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * WireMock stubs built from the examples of an API description, so an imported connector can be read
 * end to end against a server that answers as the description says. Each GET example becomes a stub
 * on its path, matching the query it answers ({@code x-request-query} on an OpenAPI 3 example,
 * {@code query} in a Swagger 2.0 response's {@code x-examples}, a Postman example's original request)
 * and the headers the test requires (the auth); its {@code x-response-headers} are sent back. URLs of
 * the description's server inside bodies and headers are rewritten to the stub server's.
 */
public final class ExampleStubs {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ExampleStubs() {}

    /** The base URL the connection uses: the stub server with the path of the description's server. */
    public static String baseUrl(WireMockServer server, String describedServer) {
        return server.baseUrl() + URI.create(describedServer).getPath().replaceAll("/+$", "");
    }

    /** Stubs for the GET examples of an OpenAPI 3 or Swagger 2.0 file; returns how many. */
    public static int openApi(WireMockServer server, Path file, String describedServer, Map<String, String> headers) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        String base = baseUrl(server, describedServer);
        String basePath = URI.create(describedServer).getPath().replaceAll("/+$", "");
        int count = 0;
        for (var path : root.path("paths").properties()) {
            JsonNode ok = path.getValue().path("get").path("responses").path("200");
            for (JsonNode media : ok.path("content")) {
                for (JsonNode example : media.path("examples")) {
                    stub(server, basePath + path.getKey(), example.path("x-request-query"), example.path("x-response-headers"),
                            example.path("value"), headers, describedServer, base);
                    count++;
                }
            }
            for (JsonNode example : ok.path("x-examples")) {
                stub(server, basePath + path.getKey(), example.path("query"), example.path("headers"), example.path("body"), headers,
                        describedServer, base);
                count++;
            }
        }
        return count;
    }

    /** Stubs for the saved GET responses of a Postman collection whose URLs start with {@code {{baseUrl}}}; returns how many. */
    public static int postman(WireMockServer server, Path file, Map<String, String> headers) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        String described = null;
        for (JsonNode v : root.path("variable")) {
            if (v.path("key").asText().equals("baseUrl")) {
                described = v.path("value").asText();
            }
        }
        String base = baseUrl(server, described);
        String basePath = URI.create(described).getPath().replaceAll("/+$", "");
        int count = 0;
        for (JsonNode folder : root.path("item")) {
            for (JsonNode item : folder.path("item")) {
                if (!item.path("request").path("method").asText().equals("GET")) {
                    continue;
                }
                for (JsonNode example : item.path("response")) {
                    JsonNode url = example.path("originalRequest").path("url");
                    if (url.isMissingNode()) {
                        url = item.path("request").path("url");
                    }
                    String path = url.path("raw").asText().replace("{{baseUrl}}", "").replaceAll("\\?.*$", "");
                    var query = YAML.createObjectNode();
                    url.path("query").forEach(q -> query.put(q.path("key").asText(), q.path("value").asText()));
                    var responseHeaders = YAML.createObjectNode();
                    example.path("header").forEach(h -> responseHeaders.put(h.path("key").asText(), h.path("value").asText()));
                    stub(server, basePath + path, query, responseHeaders, YAML.readTree(example.path("body").asText()), headers, described, base);
                    count++;
                }
            }
        }
        return count;
    }

    private static void stub(WireMockServer server, String path, JsonNode query, JsonNode responseHeaders, JsonNode body,
            Map<String, String> headers, String described, String base) {
        MappingBuilder request = get(urlPathEqualTo(path)).atPriority(10 - query.size());
        query.properties().forEach(q -> request.withQueryParam(q.getKey(), equalTo(q.getValue().asText())));
        headers.forEach((name, value) -> request.withHeader(name, equalTo(value)));
        ResponseDefinitionBuilder response = aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.toString().replace(described, base));
        responseHeaders.properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                response.withHeader(h.getKey(), h.getValue().asText().replace(described, base));
            }
        });
        server.stubFor(request.willReturn(response));
    }
}
