package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.internal.StreamSource;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RecordSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stream read by a sync reports the API's own count at the pagination's {@code totalPath} as the run's expected total. */
class StreamExpectedTotalTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private ConnectionClient client(String totalPath) {
        var pagination = new PaginationSpec.Offset("offset", "limit", 2, PaginationSpec.StopOn.SHORT, null, totalPath);
        var stream = new StreamSpec("contacts", new RequestSpec("GET", "/contacts", Map.of(), Map.of(), null), "$.results", "id", pagination, null, 20,
                List.of(), null, StreamSpec.Format.JSON);
        var connector = Specs.connector(server.baseUrl(), new AuthSpec.None(), Map.of("contacts", stream), Map.of());
        return ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()), new EnvSecretResolver(Map.<String, String>of()::get),
                PipelineOptions.builder().build());
    }

    @Test
    void theTotalAtTotalPathIsTheExpectedTotalAndWithoutOneThereIsNone() {
        server.stubFor(get(urlPathEqualTo("/contacts")).withQueryParam("offset", com.github.tomakehurst.wiremock.client.WireMock.equalTo("0"))
                .willReturn(okJson("{\"results\":[{\"id\":1},{\"id\":2}],\"total\":3}")));
        server.stubFor(get(urlPathEqualTo("/contacts")).withQueryParam("offset", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2"))
                .willReturn(okJson("{\"results\":[{\"id\":3}],\"total\":3}")));

        try (ConnectionClient counted = client("$.total"); ConnectionClient uncounted = client(null)) {
            RecordSource.Reader reader = new StreamSource(counted, "contacts", "default").open(null, "run-1");
            assertThat(reader.expected()).isNull();
            assertThat(reader.nextPage()).hasSize(2);
            assertThat(reader.expected()).isEqualTo(new ExpectedTotal(3, ExpectedTotal.Basis.SOURCE));

            RecordSource.Reader plain = new StreamSource(uncounted, "contacts", "default").open(null, "run-2");
            assertThat(plain.nextPage()).hasSize(2);
            assertThat(plain.expected()).isNull();
        }
    }
}
