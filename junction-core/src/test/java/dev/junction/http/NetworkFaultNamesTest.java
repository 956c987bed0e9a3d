package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each way a server can break a connection is named for what happened, against WireMock's faults:
 * an empty answer, an answer that is not HTTP and a broken chunked body were all "connection reset"
 * (or a raw {@code IOException: Illegal character in chunk size}).
 */
class NetworkFaultNamesTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private HttpPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CONNECTION_RESET_BY_PEER | connection_reset   | connection reset
            EMPTY_RESPONSE           | empty_response     | the server closed the connection without answering
            RANDOM_DATA_THEN_CLOSE   | invalid_response   | the server answered with something that is not HTTP
            MALFORMED_RESPONSE_CHUNK | malformed_response | the response body broke off: its chunked encoding is malformed
            """)
    void eachFaultIsNamedForWhatHappened(Fault fault, String code, String description) {
        server.stubFor(post("/tickets").willReturn(aResponse().withFault(fault)));
        pipeline = HttpPipeline.builder(PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build())
                .retry(new dev.junction.spec.RetrySpec(1, Duration.ofMillis(1), Duration.ofMillis(1))).build();
        var request = HttpRequest.of("POST", URI.create(server.baseUrl() + "/tickets")).withBody("{}", "application/json");

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> pipeline.execute(request, new CallContext("run-1", "acme", "helpdesk", List.of(), false)));

        assertThat(e.error().code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).contains("failed: " + description).doesNotContain("IOException");
        assertThat(e.category()).isEqualTo(ApiError.Category.RETRYABLE);
    }
}
