package dev.junction.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.Flows;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.ProblemError;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.internal.FlowOpenApi;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowStepRecord;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Flows as endpoints: {@code POST /api/v1/flows/{name}} runs an API-triggered flow (synchronously up
 * to a timeout, or asynchronously with {@code Prefer: respond-async}), honouring
 * {@code Idempotency-Key}; executions are shown with their steps. Executions are their tenant's.
 */
public final class FlowsApi implements ApiModule {
    /**
     * An applied flow: its current version, triggers ({@code api} and {@code manual}, and all it has
     * in {@code triggers}: api, manual, schedule, webhook, poll), input and output schemas, step names
     * in order and (an API-triggered flow) the path of its own OpenAPI document.
     */
    public record FlowView(String name, String description, int version, boolean api, boolean manual, List<String> triggers, JsonNode input,
            JsonNode output, List<String> steps, String openapi) {
        public static FlowView of(Flows.Applied applied) {
            FlowSpec f = applied.spec();
            FlowSpec.Trigger t = f.trigger();
            return new FlowView(f.name(), f.description(), applied.version(), t.api(), t.manual(), triggers(t), f.input(), f.output(),
                    f.steps().stream().map(FlowSpec.Step::name).toList(), t.api() ? "/api/v1/flows/" + f.name() + "/openapi.json" : null);
        }

        private static List<String> triggers(FlowSpec.Trigger t) {
            List<String> triggers = new java.util.ArrayList<>();
            if (t.api()) {
                triggers.add("api");
            }
            if (t.manual()) {
                triggers.add("manual");
            }
            if (t.schedule() != null) {
                triggers.add("schedule");
            }
            if (t.webhook() != null) {
                triggers.add("webhook");
            }
            if (t.poll() != null) {
                triggers.add("poll");
            }
            return List.copyOf(triggers);
        }
    }

    public record FlowsPage(List<FlowView> items) {}

    /** One step an execution ran: what it was given ({@code input}) and its output (both redacted, capped) or error. */
    public record StepView(int seq, String name, String status, JsonNode input, JsonNode output, String error, Instant startedAt, Instant finishedAt) {}

    /**
     * An execution: status ({@code queued}, {@code running}, {@code waiting}, {@code succeeded},
     * {@code failed}, {@code cancelled}), the answer once it ended ({@code responseStatus},
     * {@code output}), and its steps in the order they ran.
     */
    public record ExecutionView(String id, String flow, int version, String tenant, String status, Integer responseStatus, JsonNode output,
            String error, Instant createdAt, Instant updatedAt, List<StepView> steps) {}

    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 300;
    static final int MAX_KEY_LENGTH = 255;
    private static final int EXCHANGES_LIMIT = 50;
    static final String CALLBACK_HEADER = "Junction-Callback";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Engine engine;

    public FlowsApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        routes.post("/api/v1/flows/{name}", Guard.token(Role.EDITOR, Scope.tenantFromQuery("tenant")))
                .operation("flows.run", "flows", "Runs a flow with the body as its input")
                .description("For flows with trigger: { api: {} }. The body (JSON) is checked against the flow's input schema (400 listing what is"
                        + " wrong). The execution is stored before it runs. Synchronous by default: the answer is the respond step's status and"
                        + " body once the flow ends, or 202 with Location (the execution) when it has not ended within ?timeout= seconds."
                        + " Prefer: respond-async answers 202 at once. Idempotency-Key: the same key with the same body answers the first"
                        + " execution's result without running again; with another body, 422. A tenant token runs it as its tenant."
                        + " Junction-Callback (or ?callback=): when the execution ends, its result is POSTed to that URL, signed per Standard"
                        + " Webhooks with the secret of the caller's active event subscription the URL lies below (400 when it lies below none)."
                        + " Each flow's own OpenAPI document, with its input and output schemas, is at /api/v1/flows/{name}/openapi.json.")
                .textBody("application/json")
                .param(Param.path("name", "An applied flow with an api trigger"))
                .param(Param.query("timeout", "Seconds to wait for the end, 0 to " + MAX_TIMEOUT_SECONDS + " (default " + DEFAULT_TIMEOUT_SECONDS + ")",
                        Integer.class))
                .param(Param.query("tenant", "The tenant to run it for (an operator; a tenant token runs as its own)", String.class))
                .param(Param.header("Idempotency-Key", "Runs the flow once per key and body (at most " + MAX_KEY_LENGTH + " characters)"))
                .param(Param.header("Prefer", "respond-async: answer 202 at once"))
                .param(Param.header(CALLBACK_HEADER, "A URL the result is POSTed to, signed, when the execution ends (below an event subscription's URL)"))
                .param(Param.query("callback", "The same as " + CALLBACK_HEADER, String.class))
                .response(200, "The respond step's body (its status may be another 2xx)")
                .response(202, "Running: Location names the execution", ExecutionView.class)
                .response(422, "The Idempotency-Key was used with another body")
                .handle(this::run);
        routes.get("/api/v1/flows", Guard.token(Role.VIEWER, Scope.global()))
                .operation("flows.list", "flows", "Lists the applied flows")
                .response(200, "The flows", FlowsPage.class)
                .handle(ctx -> ctx.json(new FlowsPage(engine.flows().list().stream().map(FlowView::of).toList())));
        routes.get("/api/v1/flows/{name}", Guard.token(Role.VIEWER, Scope.global()))
                .operation("flows.get", "flows", "Shows an applied flow")
                .param(Param.path("name", "An applied flow"))
                .response(200, "The flow", FlowView.class)
                .handle(ctx -> ctx.json(FlowView.of(engine.flows().get(ctx.pathParam("name")))));
        routes.get("/api/v1/flows/{name}/openapi.json", Guard.token(Role.VIEWER, Scope.global()))
                .operation("flows.openapi", "flows", "The OpenAPI document of one API-triggered flow")
                .description("POST /api/v1/flows/{name} as an OpenAPI 3.1 document: the flow's input schema as the request body, its output"
                        + " schema as the 200 answer, the Idempotency-Key, Prefer and timeout parameters and the problems it answers; generated"
                        + " from the flow's current version, so a client can be generated for one flow.")
                .param(Param.path("name", "An applied flow with an api trigger"))
                .response(200, "The document", dev.junction.server.Schema.json(JSON.createObjectNode().put("type", "object")))
                .handle(this::openApi);
        routes.get("/api/v1/flow-executions/{executionId}", Guard.token(Role.VIEWER,
                        Scope.tenantOfObject(ctx -> engine.store().flowExecutions().find(ctx.pathParam("executionId")).map(FlowExecution::tenant))))
                .operation("flows.execution", "flows", "Shows a flow execution with its steps")
                .param(Param.path("executionId", "The execution's id (the Location of a run)"))
                .response(200, "The execution", ExecutionView.class)
                .handle(ctx -> ctx.json(view(engine.flows().execution(ctx.pathParam("executionId")))));
        routes.get("/api/v1/flow-executions/{executionId}/exchanges", Guard.token(Role.VIEWER, executionTenant()))
                .operation("flows.exchanges", "flows", "The requests a flow execution made, newest first, in pages")
                .description("The request log of one execution (its calls, lookups, raw requests and those of its forEach items; a sub-flow's"
                        + " are under its own execution), as GET /api/v1/exchanges?run=flow:{executionId} shows them: secrets redacted and"
                        + " bodies truncated when logged. Follow 'next' (or the Link header) for the next page.")
                .param(Param.path("executionId", "The execution's id"))
                .param(Param.query("cursor", "The 'next' of the previous page", String.class))
                .param(Param.query("limit", "At most this many, 1 to 1000 (default 50)", Integer.class))
                .response(200, "A page of exchanges", ExchangesApi.ExchangesPage.class)
                .handle(this::exchanges);
        routes.post("/api/v1/flow-executions/{executionId}/retry", Guard.token(Role.EDITOR, executionTenant()))
                .operation("flows.retry", "flows", "Runs a failed execution again from its failed step")
                .description("On the flow's current definition: the steps that succeeded before (matched by name) are not run again, their"
                        + " outputs are reused; the failed step and those after it run. 409 when the execution did not fail, or its failed"
                        + " step is no longer in the current definition (the detail names it and the steps there are).")
                .param(Param.path("executionId", "A failed execution"))
                .response(202, "Queued again: Location names the execution", ExecutionView.class)
                .response(409, "It did not fail, or its failed step is gone")
                .handle(ctx -> accepted(ctx, engine.flows().retry(ctx.pathParam("executionId"))));
        routes.post("/api/v1/flow-executions/{executionId}/cancel", Guard.token(Role.EDITOR, executionTenant()))
                .operation("flows.cancel", "flows", "Cancels a flow execution")
                .description("A queued or waiting execution ends cancelled at once; a running one stops before its next step (the answer then"
                        + " still says running). 409 when it had ended.")
                .param(Param.path("executionId", "A queued, waiting or running execution"))
                .response(202, "Cancelled, or asked to stop", ExecutionView.class)
                .response(409, "It had ended")
                .handle(ctx -> accepted(ctx, engine.flows().cancel(ctx.pathParam("executionId"))));
    }

    /** The tenant of the execution the path names (404 for another tenant's). */
    private Scope executionTenant() {
        return Scope.tenantOfObject(ctx -> engine.store().flowExecutions().find(ctx.pathParam("executionId")).map(FlowExecution::tenant));
    }

    private void accepted(Context ctx, FlowExecution execution) {
        ApiRequest request = ApiRequest.of(ctx);
        request.auditObject("FlowExecution", execution.id());
        ctx.header("Location", request.location("/api/v1/flow-executions/" + execution.id()).toString());
        ctx.status(202).json(view(execution));
    }

    private void exchanges(Context ctx) {
        FlowExecution execution = engine.flows().execution(ctx.pathParam("executionId"));
        QueryParams query = QueryParams.of(ctx);
        // the guard checked the execution is the caller's tenant's: every request it made is shown, a shared connection's too
        dev.junction.store.ResultPage<dev.junction.store.ExchangeRecord> page = engine.exchanges().page(new dev.junction.store.ExchangeQuery(
                "flow:" + execution.id(), null, null, null, null, null, null, query.cursor(dev.junction.store.ExchangeQuery.CURSOR_KIND, true),
                query.limit(EXCHANGES_LIMIT)));
        Pages.write(ctx, new ExchangesApi.ExchangesPage(page.items().stream().map(ExchangesApi.ExchangeView::of).toList(), page.nextCursor()),
                page.nextCursor());
    }

    private void openApi(Context ctx) {
        Flows.Applied applied = engine.flows().get(ctx.pathParam("name"));
        if (!applied.spec().trigger().api()) {
            throw new dev.junction.engine.EngineException.NotFound("flow '" + applied.spec().name()
                    + "' is not called through the API (it has no trigger: { api: {} }), so it has no OpenAPI document");
        }
        ctx.contentType("application/json").result(FlowOpenApi.document(applied.spec(), applied.version(), ApiRequest.of(ctx).baseUrl()).toString());
    }

    private void run(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        String name = ctx.pathParam("name");
        request.auditObject("Flow", name);
        String body = request.textBody().map(dev.junction.server.TextBody::text).orElse("");
        JsonNode input;
        try {
            input = body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiProblem.BadRequest("The body is not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").");
        }
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
            throw new ApiProblem.BadRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters, found " + key.length() + ".");
        }
        Integer timeout = QueryParams.of(ctx).integer("timeout", 0, MAX_TIMEOUT_SECONDS);
        boolean async = ctx.header("Prefer") != null && ctx.header("Prefer").toLowerCase(java.util.Locale.ROOT).contains("respond-async");
        String callback = ctx.header(CALLBACK_HEADER) != null ? ctx.header(CALLBACK_HEADER) : QueryParams.of(ctx).text("callback");
        Flows.Started started;
        try {
            started = engine.flows().start(new Flows.Request(name, request.tenant().orElse(null), input, key, body, Flows.Trigger.API, callback));
        } catch (Flows.InvalidInput e) {
            throw new ApiProblem.BadRequest("The body does not match the input schema of flow '" + name + "'.",
                    e.problems().stream().map(p -> ProblemError.at(p.substring(0, Math.max(0, p.indexOf(": "))), p.substring(p.indexOf(": ") + 2)))
                            .toList());
        } catch (Flows.KeyReused e) {
            throw new ApiProblem.UnprocessableContent(e.getMessage(), List.of());
        }
        String id = started.execution().id();
        request.auditDetail("execution", id);
        FlowExecution execution = async ? started.execution()
                : engine.flows().await(id, Duration.ofSeconds(timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout));
        ctx.header("Location", request.location("/api/v1/flow-executions/" + id).toString());
        if (!execution.finished()) {
            ctx.status(202).json(view(execution));
            return;
        }
        answer(ctx, execution);
    }

    /** The ended execution's answer: the respond step's status and body, or a problem naming the execution. */
    private static void answer(Context ctx, FlowExecution execution) {
        JsonNode output = json(execution.output());
        int status = execution.responseStatus() == null ? 200 : execution.responseStatus();
        ctx.header("Junction-Flow-Execution", execution.id());
        if (execution.status() == dev.junction.store.FlowExecutionStatus.FAILED) {
            String detail = output == null ? execution.error() : output.path("detail").asText(execution.error());
            throw new ApiProblem(status, "flow-failed", "The flow failed", detail).with("execution", execution.id());
        }
        if (execution.status() == dev.junction.store.FlowExecutionStatus.CANCELLED) {
            throw new ApiProblem(409, "flow-cancelled", "The flow was cancelled", execution.error()).with("execution", execution.id());
        }
        if (output == null) {
            ctx.status(status == 200 ? 204 : status);
            return;
        }
        ctx.status(status).json(output);
    }

    private ExecutionView view(FlowExecution e) {
        List<StepView> steps = engine.flows().steps(e.id()).stream().map(FlowsApi::step).toList();
        return new ExecutionView(e.id(), e.flow(), e.version(), e.tenant(), e.status().word(), e.responseStatus(), json(e.output()), e.error(),
                e.createdAt(), e.updatedAt(), steps);
    }

    private static StepView step(FlowStepRecord s) {
        return new StepView(s.seq(), s.step(), s.status(), json(s.input()), json(s.output()), s.error(), s.startedAt(), s.finishedAt());
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
