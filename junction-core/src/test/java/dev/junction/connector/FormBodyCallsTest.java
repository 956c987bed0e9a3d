package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that declare {@code Content-Type: application/x-www-form-urlencoded} send their body
 * expression's object as form fields: an action's (Stripe's create customer), and a stream's POST
 * body on every page.
 */
class FormBodyCallsTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client() {
        String connector = """
                kind: Connector
                name: payments
                secrets: { key: {} }
                baseUrl: %s
                auth: { type: bearer, token: "{{ secrets.key }}" }
                streams:
                  search:
                    request:
                      method: POST
                      path: /v1/search
                      headers: { Content-Type: application/x-www-form-urlencoded }
                      body: "{ 'query': 'status:open', 'page': $cursor }"
                    records: "$.data"
                    primaryKey: id
                    pagination: { type: cursor, nextPath: "$.next_page", in: body }
                actions:
                  createCustomer:
                    request:
                      method: POST
                      path: /v1/customers
                      headers: { Content-Type: application/x-www-form-urlencoded }
                      body: "{ 'email': $record.email, 'name': $record.name, 'metadata': { 'external_id': $record.id } }"
                    idempotencyKey: { header: Idempotency-Key }
                  badForm:
                    request: { method: POST, path: /v1/customers, headers: { Content-Type: application/x-www-form-urlencoded }, body: "[$record]" }
                """.formatted(server.baseUrl());
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("payments.yaml", connector), new SourceText("c.yaml", """
                kind: Connection
                name: payments
                connector: payments
                secrets: { key: "${env:KEY}" }
                """)));
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("payments"), loaded.connections().get("payments"),
                new EnvSecretResolver(Map.of("KEY", "sk_test_1")::get), PipelineOptions.builder().build());
        clients.add(client);
        return client;
    }

    @Test
    void anActionSendsItsBodyAsFormFields() throws Exception {
        server.stubFor(post("/v1/customers").willReturn(okJson("{\"id\": \"cus_1\", \"object\": \"customer\"}")));

        ActionResult result = client().call("createCustomer", List.of(JSON.readTree("{\"id\": \"u-7\", \"email\": \"ada@example.com\", \"name\": \"Ada L\"}")),
                CallContext.of("payments"), "key-1");

        assertThat(result.outcomes()).allMatch(RecordOutcome::ok);
        server.verify(postRequestedFor(urlPathEqualTo("/v1/customers"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Idempotency-Key", equalTo("key-1"))
                .withRequestBody(equalTo("email=ada%40example.com&name=Ada+L&metadata%5Bexternal_id%5D=u-7")));
    }

    @Test
    void aFormBodyThatIsNotAnObjectFailsTheCallBeforeItIsSent() throws Exception {
        // a sync's sink turns this into a dead letter for each record of the call, with this message
        var record = JSON.readTree("{\"id\": \"u-7\"}");
        assertThatThrownBy(() -> client().call("badForm", List.of(record), CallContext.of("payments"))).isInstanceOf(ConnectorException.class)
                .hasMessage("action 'badForm' request.body: a form body (Content-Type: application/x-www-form-urlencoded) takes an object of fields;"
                        + " the expression gave an array");
        server.verify(0, postRequestedFor(urlPathEqualTo("/v1/customers")));
    }

    @Test
    void aStreamSendsItsFormBodyOnEveryPage() {
        server.stubFor(post("/v1/search").withRequestBody(equalTo("query=status%3Aopen")).willReturn(okJson("{\"data\": [{\"id\": 1}], \"next_page\": \"p2\"}")));
        server.stubFor(post("/v1/search").withRequestBody(equalTo("query=status%3Aopen&page=p2")).willReturn(okJson("{\"data\": [{\"id\": 2}], \"next_page\": null}")));

        PageReader reader = client().readStream("search", ReadOptions.full(CallContext.of("payments")));
        List<Integer> ids = new ArrayList<>();
        for (Optional<Page> page = reader.nextPage(); page.isPresent(); page = reader.nextPage()) {
            page.get().records().forEach(r -> ids.add(r.path("id").asInt()));
        }

        assertThat(ids).containsExactly(1, 2);
        server.verify(2, postRequestedFor(urlPathEqualTo("/v1/search")).withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Authorization", equalTo("Bearer sk_test_1")).withQueryParam("page", absent()));
    }
}
