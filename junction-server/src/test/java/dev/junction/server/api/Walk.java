package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Follows a list's pages over HTTP, by the Link header, checking it agrees with each page's {@code next}. */
final class Walk {
    private Walk() {}

    /** Every item of every page, starting at {@code path}; no page holds more than {@code limit}. */
    static List<JsonNode> items(ApiFixture api, String path, String token, int limit) {
        List<JsonNode> items = new ArrayList<>();
        URI next = api.uri(path);
        int pages = 0;
        while (next != null) {
            HttpResponse<String> answer = api.send(HttpRequest.newBuilder(next).GET(), token);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode page = api.body(answer);
            assertThat(page.path("items").size()).isLessThanOrEqualTo(limit);
            page.path("items").forEach(items::add);
            String link = answer.headers().firstValue("Link").orElse(null);
            if (page.path("next").isNull()) {
                assertThat(link).isNull();
                next = null;
            } else {
                assertThat(link).matches("<[^>]+>; rel=\"next\"");
                next = URI.create(link.substring(1, link.indexOf('>')));
                assertThat(next.getRawQuery()).contains("cursor=" + page.path("next").asText());
            }
            assertThat(++pages).as("pages").isLessThan(200);
        }
        return items;
    }
}
