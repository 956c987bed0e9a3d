package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.connector.internal.SoapFaults;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.http.TestPeers.RecordingSleeper;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.store.ExchangeRecord;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every attempt on the wire is one row of the exchange log: the JDK client's own retries of a GET on
 * a pooled connection that broke are off ({@link JdkClientRetries}), and the pipeline's retries are
 * logged. Rows of answers an {@code errors:} rule calls errors say so in {@code error}.
 */
class ExchangeLogCompletenessTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final CollectingSink sink = new CollectingSink();

    private HttpPipeline pipeline(List<ErrorRuleSpec> rules) {
        PipelineOptions options = PipelineOptions.builder().exchangeSink(sink).sleeper(new RecordingSleeper()).build();
        return HttpPipeline.builder(options).retry(new RetrySpec(5, Duration.ofMillis(1), Duration.ofMillis(1))).errorRules(rules).build();
    }

    /**
     * A flaky endpoint: fine, an empty answer, fine, a reset, fine... Each failure hits a connection
     * the client took from its pool (the previous answer left it open), where the JDK client would
     * silently send the GET again.
     */
    private static void flakyEndpoint() {
        String[] states = {Scenario.STARTED, "empty", "ok-2", "reset"};
        var answers = List.of(okJson("{\"n\":1}"), aResponse().withFault(Fault.EMPTY_RESPONSE), okJson("{\"n\":2}"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        for (int i = 0; i < states.length; i++) {
            server.stubFor(get("/items").inScenario("flaky").whenScenarioStateIs(states[i])
                    .willReturn(answers.get(i)).willSetStateTo(states[(i + 1) % states.length]));
        }
    }

    @Test
    void logsAsManyAttemptsAsTheServerReceivedWhenAFlakyEndpointResetsAndAnswersNothing() {
        flakyEndpoint();

        try (HttpPipeline pipeline = pipeline(null)) {
            for (int i = 0; i < 12; i++) {
                pipeline.execute(HttpRequest.of("GET", URI.create(server.baseUrl() + "/items")), CallContext.of("flaky-api"));
            }
        }

        int onTheWire = server.getAllServeEvents().size();
        assertThat(JdkClientRetries.off()).as("the test JVM turns the JDK client's retries off").isTrue();
        assertThat(sink.exchanges).hasSize(onTheWire);
        assertThat(sink.exchanges.stream().filter(e -> e.status() == 200)).hasSize(12);
        assertThat(sink.exchanges.stream().filter(e -> e.status() == 0).map(ExchangeRecord::error).toList())
                .hasSize(onTheWire - 12).isNotEmpty().allSatisfy(error -> assertThat(error).isNotBlank());
    }

    @Test
    void logsTheErrorARuleFindsInA200AnswerAsTheExchangesError() {
        server.stubFor(post("/graphql").willReturn(okJson("{\"data\":null,\"errors\":[{\"message\":\"Field 'nme' doesn't exist\"}]}")));
        var rule = new ErrorRuleSpec(null, "errors", null, null, "permanent", "errors[0].message");

        try (HttpPipeline pipeline = pipeline(List.of(rule))) {
            var request = HttpRequest.of("POST", URI.create(server.baseUrl() + "/graphql")).withBody("{\"query\":\"{ nme }\"}", "application/json");
            assertThatThrownBy(() -> pipeline.execute(request, CallContext.of("gql"))).isInstanceOf(ApiException.class);
        }

        assertThat(sink.exchanges).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.error()).isEqualTo("permanent error_in_body: Field 'nme' doesn't exist");
        });
    }

    @Test
    void logsASoapFaultAsTheExchangesErrorOnEveryAttempt() {
        String fault = """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
                <faultcode>soap:Server</faultcode><faultstring>Database busy</faultstring>
                </soap:Fault></soap:Body></soap:Envelope>""";
        server.stubFor(post("/soap").willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/xml").withBody(fault)));
        CallContext context = CallContext.of("erp").withIdempotent(true).withErrorRules(ErrorRules.fallback(new SoapFaults()));

        try (HttpPipeline pipeline = pipeline(null)) {
            var request = HttpRequest.of("POST", URI.create(server.baseUrl() + "/soap")).withBody("<soap:Envelope/>", "text/xml");
            assertThatThrownBy(() -> pipeline.execute(request, context)).isInstanceOf(ApiException.class);
        }

        assertThat(sink.exchanges).hasSize(5).extracting(ExchangeRecord::error).containsOnly("retryable soap_fault: SOAP fault soap:Server: Database busy");
    }

    @Test
    void logsAJsonRpcErrorWithItsCodeAsTheExchangesError() {
        server.stubFor(post("/rpc").willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"Invalid params\"}}")));
        var rule = new ErrorRuleSpec(null, "$.error", null, null, "permanent", "$.error.message");

        try (HttpPipeline pipeline = pipeline(List.of(rule))) {
            var request = HttpRequest.of("POST", URI.create(server.baseUrl() + "/rpc")).withBody("{}", "application/json");
            assertThatThrownBy(() -> pipeline.execute(request, CallContext.of("rpc"))).isInstanceOf(ApiException.class);
        }

        assertThat(sink.exchanges).singleElement().extracting(ExchangeRecord::error)
                .isEqualTo("permanent error_in_body: JSON-RPC error -32602: Invalid params");
    }

    @Test
    void logsAFailedAnswerWithACodedProviderErrorWithItsCategoryAndCodeAndAPlainOneWithItsStatusAlone() {
        server.stubFor(get("/coded").willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://api.example/validation\",\"title\":\"Validation failed\",\"errors\":[{\"field\":\"email\",\"message\":\"is invalid\"}]}")));
        server.stubFor(get("/plain").willReturn(aResponse().withStatus(404).withBody("not here")));

        try (HttpPipeline pipeline = pipeline(null)) {
            for (String path : List.of("/coded", "/plain")) {
                assertThatThrownBy(() -> pipeline.execute(HttpRequest.of("GET", URI.create(server.baseUrl() + path)), CallContext.of("api")))
                        .isInstanceOf(ApiException.class);
            }
        }

        assertThat(sink.exchanges).extracting(ExchangeRecord::error)
                .containsExactly("permanent http_422: problem https://api.example/validation: Validation failed; email: is invalid", null);
    }
}
