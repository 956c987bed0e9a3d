package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.TestPeers.RecordingSleeper;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code errors:} rules, applied by the one classifier and by the retry step, against WireMock. */
class ErrorRulesTest {
    private static final RetrySpec FAST_RETRY = new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(4));
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void closePipelines() {
        pipelines.forEach(HttpPipeline::close);
    }

    private HttpPipeline pipeline(ErrorRuleSpec... rules) {
        var options = PipelineOptions.builder().sleeper(sleeper).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).retry(FAST_RETRY).errorRules(List.of(rules)).build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private static URI url(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static CallContext context() {
        return new CallContext("run-1", "acme", "graph", List.of(), false);
    }

    private static void stubScenario(String path, ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "step-" + (i + 1);
            server.stubFor(get(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(state).willReturn(responses[i]).willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void aRetryableRuleMatchWaitsForItsRetryAfterLikeA429() {
        // GitHub's secondary rate limit: a 403 whose message says so, with retry-after
        stubScenario("/repos/o/r/issues",
                aResponse().withStatus(403).withHeader("retry-after", "7").withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}"),
                okJson("[]"));
        var pipeline = pipeline(new ErrorRuleSpec(403, null, null, "(?i)rate limit", "retryable", null));

        HttpResponse response = pipeline.execute(HttpRequest.get(url("/repos/o/r/issues")), context());

        assertThat(response.status()).isEqualTo(200);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void graphQlErrorsInA200ArePermanentAndQuoteTheirMessage() {
        server.stubFor(post("/graphql").willReturn(okJson("{\"data\":null,\"errors\":[{\"message\":\"Field 'emial' doesn't exist on type 'Contact'\"}]}")));
        var pipeline = pipeline(new ErrorRuleSpec(200, "$.errors", null, null, "permanent", "$.errors[0].message"));

        var request = HttpRequest.of("POST", url("/graphql")).withBody("{\"query\":\"{ contacts { emial } }\"}", "application/json");
        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(request, context()));

        assertThat(e.getMessage()).isEqualTo("POST " + server.baseUrl()
                + "/graphql answered HTTP 200 with an error: Field 'emial' doesn't exist on type 'Contact'");
        assertThat(e.error().category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(e.error().code()).isEqualTo("error_in_body");
        assertThat(e.status()).isEqualTo(200);
    }

    @Test
    void aGraphQlAnswerWithoutErrorsPassesTheSameRule() {
        server.stubFor(post("/graphql").willReturn(okJson("{\"data\":{\"contacts\":[]},\"errors\":[]}")));
        var pipeline = pipeline(new ErrorRuleSpec(200, "$.errors", null, null, "permanent", "$.errors[0].message"));

        var response = pipeline.execute(HttpRequest.of("POST", url("/graphql")).withBody("{}", "application/json"), context());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void successFalseIsAPermanentErrorWithTheUsualMessagePlaces() {
        server.stubFor(get("/users").willReturn(okJson("{\"success\":false,\"error\":\"invalid_cursor\"}")));
        var pipeline = pipeline(new ErrorRuleSpec(null, "$.success", false, null, "permanent", null));

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(HttpRequest.get(url("/users")), context()));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/users answered HTTP 200 with an error: invalid_cursor");
        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        server.verify(1, getRequestedFor(urlPathEqualTo("/users")));
    }

    @Test
    void successTrueIsNotAnError() {
        server.stubFor(get("/users").willReturn(okJson("{\"success\":true}")));

        assertThat(pipeline(new ErrorRuleSpec(null, "$.success", false, null, "permanent", null))
                .execute(HttpRequest.get(url("/users")), context()).status()).isEqualTo(200);
    }

    @Test
    void aRuleTurnsA400WithAKnownCodeIntoARetryThatSucceeds() {
        stubScenario("/ledger",
                aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"code\":\"LOCK_TIMEOUT\",\"message\":\"row is locked\"}"),
                okJson("{\"entries\":[]}"));
        var pipeline = pipeline(new ErrorRuleSpec(400, "$.code", "LOCK_TIMEOUT", null, "retryable", null));

        var response = pipeline.execute(HttpRequest.get(url("/ledger")), context());

        assertThat(response.bodyText()).isEqualTo("{\"entries\":[]}");
        server.verify(2, getRequestedFor(urlPathEqualTo("/ledger")));
        assertThat(sleeper.waits).hasSize(1);
    }

    @Test
    void aRetryable400ThatNeverClearsEndsAsRetryableAfterEveryAttempt() {
        server.stubFor(get("/ledger").willReturn(aResponse().withStatus(400).withBody("{\"code\":\"LOCK_TIMEOUT\",\"message\":\"row is locked\"}")));
        var pipeline = pipeline(new ErrorRuleSpec(400, "$.code", "LOCK_TIMEOUT", null, "retryable", null));

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(HttpRequest.get(url("/ledger")), context()));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/ledger still failed with HTTP 400 after 3 attempts: error LOCK_TIMEOUT: row is locked");
        assertThat(e.error().providerCode()).isEqualTo("LOCK_TIMEOUT");
        assertThat(e.error().retryable()).isTrue();
        server.verify(3, getRequestedFor(urlPathEqualTo("/ledger")));
    }

    @Test
    void anOther400StaysPermanentAndIsNotRetried() {
        server.stubFor(get("/ledger").willReturn(aResponse().withStatus(400).withBody("{\"code\":\"BAD_DATE\",\"message\":\"date is wrong\"}")));
        var pipeline = pipeline(new ErrorRuleSpec(400, "$.code", "LOCK_TIMEOUT", null, "retryable", null));

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(HttpRequest.get(url("/ledger")), context()));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/ledger failed with HTTP 400: error BAD_DATE: date is wrong");
        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        server.verify(1, getRequestedFor(urlPathEqualTo("/ledger")));
    }

    @Test
    void aSoapFaultFoundByARegexIsPermanentEvenBehindA500() {
        server.stubFor(post("/soap").willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/xml").withBody("""
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
                <faultcode>soap:Client</faultcode><faultstring>Unknown account</faultstring></soap:Fault></soap:Body></soap:Envelope>""")));
        var pipeline = pipeline(new ErrorRuleSpec(null, null, null, "<(soap:)?Fault>[\\s\\S]*soap:Client", "permanent", null));

        var request = HttpRequest.of("PUT", url("/soap")).withMethod("POST").withBody("<Envelope/>", "text/xml");
        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(request, context().withIdempotent(true)));

        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(e.getMessage()).startsWith("POST " + server.baseUrl() + "/soap failed with HTTP 500: <soap:Envelope");
        server.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/soap")));
    }

    @Test
    void anAuthRuleMarksAnInvalidTokenBodyAsAnAuthFailure() {
        server.stubFor(get("/me").willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));
        var pipeline = pipeline(new ErrorRuleSpec(200, "$.error", "invalid_auth", null, "auth", "$.error"));

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(HttpRequest.get(url("/me")), context()));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/me answered HTTP 200 with an error: invalid_auth; check the credentials of connection 'graph'");
        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
    }

    @Test
    void theCallsOwnRulesComeBeforeTheConnectors() {
        server.stubFor(get("/items").willReturn(aResponse().withStatus(404).withBody("{\"message\":\"not yet indexed\"}")));
        var pipeline = pipeline(new ErrorRuleSpec(404, null, null, null, "permanent", null));
        var streamRules = ErrorRules.of(List.of(new ErrorRuleSpec(404, null, null, null, "retryable", null)));

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> pipeline.execute(HttpRequest.get(url("/items")), context().withErrorRules(streamRules)));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/items still failed with HTTP 404 after 3 attempts: not yet indexed");
        server.verify(3, getRequestedFor(urlPathEqualTo("/items")));
    }
}
