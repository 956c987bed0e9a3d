package dev.junction.server.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests of any method, content type and headers against an {@link ApiFixture}'s server. */
final class Calls {
    static final String YAML = "application/yaml";

    private Calls() {}

    /** {@code headers}: name, value, name, value... */
    static HttpResponse<String> call(ApiFixture api, String method, String path, String token, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return api.send(request, token);
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
