package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sandbox.Contact;
import dev.junction.spec.SourceText;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow as its own endpoint (examples/flows), over HTTP against the sandbox: the synchronous answer is the
 * respond step's; bad input is a 400 listing what is wrong; an Idempotency-Key runs once per body
 * (422 for another body); Prefer: respond-async answers 202 with the execution's address.
 */
class FlowsApiTest {
    /** The example flow: get the contact, map it to a card, write it to the Helpdesk, answer the card. */
    private static final Path FLOW = Path.of("..", "examples", "flows", "contact-card.flow.yaml");


    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static String contactId;
    static String contactName;

    @BeforeAll
    static void start() throws java.io.IOException {
        api = ApiFixture.start(dataDir);
        assertThat(api.engine.definitions().apply(List.of(new SourceText(FLOW.toString(), java.nio.file.Files.readString(FLOW)))).ok()).isTrue();
        contactId = api.demo.crm().changeContacts(1).getFirst();
        Contact contact = api.demo.crm().contact(contactId).orElseThrow();
        contactName = contact.property("firstname") + " " + contact.property("lastname");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private HttpResponse<String> call(String body, String key, String prefer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/api/v1/flows/contact-card")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return api.send(request, api.editor());
    }

    @Test
    void aSynchronousCallAnswersTheRespondStepsBodyAndTheExecutionShowsItsSteps() {
        HttpResponse<String> response = call("{\"id\": \"" + contactId + "\"}", null, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(api.body(response).path("id").asText()).isEqualTo(contactId);
        assertThat(api.body(response).path("name").asText()).isEqualTo(contactName);
        String location = response.headers().firstValue("Location").orElseThrow();
        JsonNode execution = api.body(api.get(location.substring(location.indexOf("/api/")), api.viewer()));
        assertThat(execution.path("status").asText()).isEqualTo("succeeded");
        assertThat(execution.path("version").asInt()).isEqualTo(1);
        assertThat(execution.path("steps").valueStream().map(step -> step.path("name").asText()))
                .containsExactly("contact", "found", "card", "user", "answer");
        assertThat(api.body(api.get("/api/v1/flows", api.viewer())).path("items").valueStream().map(flow -> flow.path("name").asText()))
                .as("with the flows other tests of this class apply").contains("contact-card");
        assertThat(api.body(api.get("/api/v1/flows/contact-card", api.viewer())).path("steps").size()).isEqualTo(5);
    }

    @Test
    void inputThatDoesNotMatchTheSchemaIsA400ListingWhatIsWrong() {
        HttpResponse<String> response = call("{\"id\": 7}", null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = api.body(response);
        assertThat(problem.path("errors").get(0).path("path").asText()).isEqualTo("/id");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("string");
        assertThat(call("{not json", null, null).statusCode()).isEqualTo(400);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstResultAndAnotherBodyIs422() {
        String body = "{\"id\": \"" + contactId + "\"}";
        HttpResponse<String> first = call(body, "card-1", null);
        HttpResponse<String> again = call(body, "card-1", null);
        HttpResponse<String> other = call("{\"id\": \"someone-else\"}", "card-1", null);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(api.body(other).path("detail").asText()).contains("card-1").contains("another body");
    }

    @Test
    void preferRespondAsyncAnswers202WithTheExecutionsAddress() {
        HttpResponse<String> response = call("{\"id\": \"" + contactId + "\"}", null, "respond-async");

        assertThat(response.statusCode()).isEqualTo(202);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/api/v1/flow-executions/" + api.body(response).path("id").asText());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.body(api.get(location.substring(location.indexOf("/api/")), api.viewer())).path("output").path("name").asText())
                .isEqualTo(contactName));
    }

    @Test
    void aViewerCannotRunAFlow() {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/flows/contact-card"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"x\"}")), api.viewer());
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void eachApiFlowHasItsOwnOpenApiDocumentFromItsSchemasListedWithTheFlow() {
        HttpResponse<String> response = api.get("/api/v1/flows/contact-card/openapi.json", api.viewer());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        io.swagger.v3.parser.core.models.ParseOptions options = new io.swagger.v3.parser.core.models.ParseOptions();
        options.setResolve(true);
        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.parser.OpenAPIParser().readContents(response.body(), null, options);
        assertThat(parsed.getMessages()).isEmpty();
        JsonNode doc = api.body(response);
        JsonNode post = doc.path("paths").path("/api/v1/flows/contact-card").path("post");
        assertThat(post.path("operationId").asText()).isEqualTo("runContactCard");
        assertThat(post.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/Input");
        assertThat(doc.path("components").path("schemas").path("Input"))
                .isEqualTo(api.body(api.get("/api/v1/flows/contact-card", api.viewer())).path("input"));
        assertThat(post.path("parameters").valueStream().map(p -> p.path("name").asText())).contains("Idempotency-Key", "Prefer", "timeout");
        assertThat(post.path("responses").fieldNames()).toIterable().contains("200", "202", "400", "422");
        assertThat(api.body(api.get("/api/v1/flows", api.viewer())).path("items").valueStream()
                .filter(f -> f.path("name").asText().equals("contact-card")).findFirst().orElseThrow().path("openapi").asText())
                .isEqualTo("/api/v1/flows/contact-card/openapi.json"); // the class's fixture is shared: other tests apply flows too
        assertThat(api.body(api.get("/api/v1/openapi.json", api.viewer())).path("paths").has("/api/v1/flows/{name}/openapi.json")).isTrue();
        assertThat(api.get("/api/v1/flows/no-such-flow/openapi.json", api.viewer()).statusCode()).isEqualTo(404);
    }

    private void applyFlow(String yaml) {
        assertThat(api.engine.definitions().apply(List.of(new SourceText("api-flows.yaml", yaml))).ok()).isTrue();
    }

    @Test
    void aFailedExecutionIsRetriedFromItsFailedStepOrRefusedWith409WhenThatStepIsGone() {
        applyFlow("""
                kind: Flow
                name: api-fixable
                trigger: { api: {} }
                steps: [ { name: a, fail: { status: 503, message: "= 'down'" } } ]
                """);
        HttpResponse<String> failed = api.send(HttpRequest.newBuilder(api.uri("/api/v1/flows/api-fixable")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), api.editor());
        assertThat(failed.statusCode()).isEqualTo(503);
        String id = api.body(failed).path("execution").asText();
        String retry = "/api/v1/flow-executions/" + id + "/retry";

        assertThat(api.post(retry, api.viewer(), "").statusCode()).isEqualTo(403);
        assertThat(api.post(retry, api.tenant("northwind", dev.junction.engine.Role.EDITOR), "").statusCode()).as("another tenant's").isEqualTo(404);
        applyFlow("""
                kind: Flow
                name: api-fixable
                trigger: { api: {} }
                steps: [ { name: b, respond: { body: { fixed: true } } } ]
                """);
        HttpResponse<String> refused = api.post(retry, api.editor(), "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.body(refused).path("detail").asText()).contains("failed at step 'a', which version 2 of flow 'api-fixable' no longer has");

        applyFlow("""
                kind: Flow
                name: api-fixable
                trigger: { api: {} }
                steps: [ { name: a, respond: { status: 201, body: { fixed: true } } } ]
                """);
        HttpResponse<String> accepted = api.post(retry, api.editor(), "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/flow-executions/" + id));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode execution = api.body(api.get("/api/v1/flow-executions/" + id, api.viewer()));
            assertThat(execution.path("status").asText()).isEqualTo("succeeded");
            assertThat(execution.path("responseStatus").asInt()).isEqualTo(201);
            assertThat(execution.path("version").asInt()).isEqualTo(3);
        });
        assertThat(api.post(retry, api.editor(), "").statusCode()).as("no longer failed").isEqualTo(409);
        assertThat(api.post("/api/v1/flow-executions/" + id + "/cancel", api.editor(), "").statusCode()).as("ended").isEqualTo(409);
    }

    @Test
    void aWaitingExecutionIsCancelled() {
        applyFlow("""
                kind: Flow
                name: api-later
                trigger: { api: {} }
                steps:
                  - name: pause
                    wait: { for: 1h }
                  - name: answer
                    respond: { body: { done: true } }
                """);
        HttpResponse<String> started = api.send(HttpRequest.newBuilder(api.uri("/api/v1/flows/api-later")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofString("{}")), api.editor());
        String id = api.body(started).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.body(api.get("/api/v1/flow-executions/" + id, api.viewer())).path("status").asText(),
                "waiting"::equals);

        assertThat(api.post("/api/v1/flow-executions/" + id + "/cancel", api.viewer(), "").statusCode()).isEqualTo(403);
        HttpResponse<String> cancelled = api.post("/api/v1/flow-executions/" + id + "/cancel", api.editor(), "");

        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(api.body(cancelled).path("status").asText()).isEqualTo("cancelled");
        assertThat(api.body(cancelled).path("steps").get(0).path("status").asText()).isEqualTo("waiting");
        assertThat(api.post("/api/v1/flow-executions/nope/cancel", api.editor(), "").statusCode()).isEqualTo(404);
    }
}
