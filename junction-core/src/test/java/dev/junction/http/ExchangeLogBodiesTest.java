package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.http.TestPeers.RecordingSleeper;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.ExchangeLogSpec;
import dev.junction.spec.ExchangeLogSpec.Bodies;
import dev.junction.spec.RetrySpec;
import dev.junction.store.ExchangeRecord;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the exchange log keeps of bodies under each {@code exchangeLog:} setting, against WireMock:
 * successful attempts as the setting says, failed ones (non-2xx, classified errors) always in full
 * up to the process cap, and the record keys under every setting.
 */
class ExchangeLogBodiesTest {
    /** 10 KB answers: more than the default head, less than the cap. */
    private static final String PAGE = "{\"results\": \"" + "r".repeat(10_000) + "\"}";
    private static final String REQUEST = "[{\"id\": \"" + "q".repeat(6_000) + "\"}]";

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final CollectingSink sink = new CollectingSink();

    /** What listeners (metrics, the deprecation watcher) were told of each attempt. */
    private final List<ExchangeRecord> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ExchangeRecord call(ExchangeLogSpec keep, List<ErrorRuleSpec> rules) {
        PipelineListener listener = new PipelineListener() {
            @Override
            public void onExchange(ExchangeRecord exchange) {
                heard.add(exchange);
            }
        };
        var options = PipelineOptions.builder().exchangeSink(sink).listener(listener).sleeper(new RecordingSleeper()).bodyLogLimit(64 * 1024).build();
        var context = new CallContext("run-1", "acme", "crm", List.of("c-1", "c-2"), true);
        try (var pipeline = HttpPipeline.builder(options).retry(new RetrySpec(1, Duration.ZERO, Duration.ZERO)).errorRules(rules)
                .exchangeLog(keep).build()) {
            pipeline.execute(HttpRequest.of("POST", URI.create(server.baseUrl() + "/users")).withBody(REQUEST, "application/json"), context);
        } catch (ApiException expected) {
            // a failed call is logged all the same
        }
        assertThat(sink.exchanges).hasSize(1);
        ExchangeRecord record = sink.exchanges.remove(0);
        assertThat(record.recordKeys()).as("the record-key index needs the keys under every setting").containsExactly("c-1", "c-2");
        return record;
    }

    private ExchangeRecord success(ExchangeLogSpec keep) {
        server.stubFor(post("/users").willReturn(okJson(PAGE).withHeader("X-Request-Id", "abc")));
        return call(keep, null);
    }

    @Test
    void fullKeepsBothBodiesWhole() {
        ExchangeRecord record = success(new ExchangeLogSpec(Bodies.FULL, 0));

        assertThat(record.requestBody()).isEqualTo(REQUEST);
        assertThat(record.responseBody()).isEqualTo(PAGE);
        assertThat(record.responseHeaders()).containsEntry("x-request-id", List.of("abc"));
    }

    @Test
    void headKeepsTheFirstBytesOfEachBodyAndTheDefaultIsAHeadOf4KiB() {
        ExchangeRecord record = success(new ExchangeLogSpec(Bodies.HEAD, 100));

        assertThat(record.requestBody()).isEqualTo(REQUEST.substring(0, 100) + "…[truncated " + (REQUEST.length() - 100) + " bytes]");
        assertThat(record.responseBody()).isEqualTo(PAGE.substring(0, 100) + "…[truncated " + (PAGE.length() - 100) + " bytes]");

        ExchangeRecord byDefault = success(null);
        assertThat(byDefault.responseBody()).startsWith(PAGE.substring(0, 4096) + "…[truncated " + (PAGE.length() - 4096) + " bytes]");
    }

    @Test
    void headersKeepsHeadersWithoutBodiesAndNoneKeepsNeither() {
        ExchangeRecord headers = success(new ExchangeLogSpec(Bodies.HEADERS, 0));
        assertThat(headers.requestBody()).isNull();
        assertThat(headers.responseBody()).isNull();
        assertThat(headers.responseHeaders()).containsEntry("x-request-id", List.of("abc"));
        assertThat(headers.requestHeaders()).containsKey("Content-Type");

        ExchangeRecord none = success(new ExchangeLogSpec(Bodies.NONE, 0));
        assertThat(none.requestBody()).isNull();
        assertThat(none.responseBody()).isNull();
        assertThat(none.requestHeaders()).isEmpty();
        assertThat(none.responseHeaders()).isEmpty();
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.url()).endsWith("/users");
        // listeners still see the headers (a Deprecation or Sunset header is noticed whatever is stored)
        assertThat(heard.getLast().responseHeaders()).containsEntry("x-request-id", List.of("abc"));
    }

    @Test
    void aNon2xxAnswerIsKeptInFullWhateverTheSetting() {
        String error = "{\"error\": \"" + "e".repeat(9_000) + "\"}";
        server.stubFor(post("/users").willReturn(aResponse().withStatus(422).withBody(error)));

        for (Bodies bodies : Bodies.values()) {
            ExchangeRecord record = call(new ExchangeLogSpec(bodies, 10), null);
            assertThat(record.responseBody()).as(bodies.word()).isEqualTo(error);
            assertThat(record.requestBody()).as(bodies.word()).isEqualTo(REQUEST);
            assertThat(record.status()).isEqualTo(422);
        }
    }

    @Test
    void anAnswerAnErrorRuleClassifiesIsKeptInFullEvenWhenItIs200() {
        String failed = "{\"success\": false, \"detail\": \"" + "d".repeat(8_000) + "\"}";
        server.stubFor(post("/users").willReturn(okJson(failed)));

        ExchangeRecord record = call(new ExchangeLogSpec(Bodies.NONE, 0), List.of(new ErrorRuleSpec(null, "$.success", false, null, "permanent", null)));

        assertThat(record.error()).startsWith("permanent error_in_body");
        assertThat(record.responseBody()).isEqualTo(failed);
        assertThat(record.responseHeaders()).isNotEmpty();
    }

    @Test
    void anErrorBodyIsStillCutAtTheProcessCap() {
        server.stubFor(post("/users").willReturn(aResponse().withStatus(500).withBody("x".repeat(70_000))));

        ExchangeRecord record = call(new ExchangeLogSpec(Bodies.FULL, 0), null);

        assertThat(record.responseBody()).isEqualTo("x".repeat(64 * 1024) + "…[truncated " + (70_000 - 64 * 1024) + " bytes]");
        assertThatThrownBy(() -> new ExchangeLogSpec(Bodies.HEAD, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
