package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.RequestSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An action's own {@code errors:} rules, tried before the connector's, through {@link ConnectionClient}. */
class OperationErrorRulesTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private ConnectionClient client(List<ErrorRuleSpec> actionRules, List<ErrorRuleSpec> connectorRules) {
        var action = new ActionSpec("save", new RequestSpec("POST", "/save", Map.of(), Map.of(), "{ 'items': $records }"),
                new ActionSpec.BatchLimits(10), null, actionRules);
        var base = Specs.connector(server.baseUrl(), new AuthSpec.None(), Map.of(), Map.of("save", action));
        var connector = new dev.junction.spec.ConnectorSpec(base.name(), base.version(), base.description(), base.config(), base.secrets(),
                base.baseUrl(), base.auth(), base.headers(), base.retry(), base.rateLimit(), base.streams(), base.actions(), base.location(),
                null, connectorRules);
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        return ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()), new EnvSecretResolver(Map.<String, String>of()::get), options);
    }

    @Test
    void anActionsSuccessFalseRuleRefusesTheCallThatAnsweredTwoHundred() throws Exception {
        server.stubFor(post("/save").willReturn(okJson("{\"success\":false,\"message\":\"quota exceeded for today\"}")));
        var records = List.of(new ObjectMapper().readTree("{\"id\":\"1\"}"));

        try (var client = client(List.of(new ErrorRuleSpec(null, "$.success", false, null, "permanent", null)), List.of())) {
            ApiException e = catchThrowableOfType(ApiException.class,
                    () -> client.call("save", records, new CallContext("run-1", null, null, List.of("1"), true)));

            assertThat(e.getMessage()).isEqualTo("POST " + server.baseUrl() + "/save answered HTTP 200 with an error: quota exceeded for today");
            assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        }
    }

    @Test
    void theActionsRetryableRuleWinsOverTheConnectorsPermanentOne() throws Exception {
        server.stubFor(post("/save").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"success\":false,\"code\":\"BUSY\"}")).willSetStateTo("free"));
        server.stubFor(post("/save").inScenario("busy").whenScenarioStateIs("free").willReturn(okJson("{\"success\":true}")));
        var records = List.of(new ObjectMapper().readTree("{\"id\":\"1\"}"));

        try (var client = client(List.of(new ErrorRuleSpec(200, "$.code", "BUSY", null, "retryable", null)),
                List.of(new ErrorRuleSpec(null, "$.success", false, null, "permanent", null)))) {
            ActionResult result = client.call("save", records, new CallContext("run-1", null, null, List.of("1"), true));

            assertThat(result.outcomes()).hasSize(1);
            server.verify(2, postRequestedFor(urlPathEqualTo("/save")));
        }
    }
}
