package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.internal.StreamSource;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.sync.RecordSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stripe's list pagination: no cursor in the answer, the next page starts after the last record's id
 * ({@code starting_after}), and {@code has_more} says whether there is one. A cursor pagination whose
 * {@code nextPath} is the last record's id ({@code $.data[-1].id}) with {@code hasMorePath} reads it.
 */
class StartingAfterPaginationTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @Test
    void readsEveryPageStartingAfterTheLastIdUntilHasMoreIsFalse() {
        server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", absent())
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"cus_1\"},{\"id\":\"cus_2\"}],\"has_more\":true}")));
        server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", equalTo("cus_2"))
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"cus_3\"},{\"id\":\"cus_4\"}],\"has_more\":true}")));
        server.stubFor(get(urlPathEqualTo("/v1/customers")).withQueryParam("starting_after", equalTo("cus_4"))
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"cus_5\"}],\"has_more\":false}")));
        var pagination = new PaginationSpec.Cursor("$.data[-1].id", "starting_after", null, PaginationSpec.CursorIn.QUERY, "$.has_more", null);
        var stream = new StreamSpec("customers", new RequestSpec("GET", "/v1/customers", Map.of("limit", "2"), Map.of(), null), "$.data", "id",
                pagination, null, 20, List.of(), null, StreamSpec.Format.JSON);
        var connector = Specs.connector(server.baseUrl(), new AuthSpec.None(), Map.of("customers", stream), Map.of());

        List<String> ids = new ArrayList<>();
        try (ConnectionClient client = ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()),
                new EnvSecretResolver(Map.<String, String>of()::get), PipelineOptions.builder().build())) {
            RecordSource.Reader reader = new StreamSource(client, "customers", "default").open(null, "run-1");
            for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
                page.forEach(record -> ids.add(record.path("id").asText()));
            }
        }

        assertThat(ids).containsExactly("cus_1", "cus_2", "cus_3", "cus_4", "cus_5");
        server.verify(3, getRequestedFor(urlPathEqualTo("/v1/customers")).withQueryParam("limit", equalTo("2")));
    }
}
