package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.engine.Flows;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.FlowsApi.FlowView;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The console's flow pages: the applied flows, one flow's recent executions, and one execution with
 * its steps and the Cancel / Retry forms (editor+, CSRF-checked like every console form). Routes take
 * the guards of the API's flow routes: an execution of another tenant answers 404.
 */
public final class FlowPages implements ApiModule {
    /** Executions read per flow before confining them to the tenant; of those, {@link #SHOWN} are listed. */
    static final int SCANNED = 500;
    static final int SHOWN = 50;

    /** One flow's page: the flow and its newest executions the caller may see. */
    public record FlowPage(FlowView flow, List<FlowExecution> executions) {}

    /** One execution's page: the execution, its steps in order, and which forms it offers. */
    public record ExecutionPage(FlowExecution execution, List<FlowStepRecord> steps, boolean cancellable, boolean retryable) {}

    private final Engine engine;
    private final ConsolePages pages;

    FlowPages(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
    }

    @Override
    public void register(Routes routes) {
        Scope executionTenant = Scope.tenantOfObject(ctx -> engine.store().flowExecutions().find(ctx.pathParam("executionId")).map(FlowExecution::tenant));
        Param executionId = Param.path("executionId", "The execution's id");
        routes.get("/console/flows", Guard.token(Role.VIEWER, Scope.global()))
                .operation("console.flows", "console", "The applied flows with their triggers and step count")
                .response(200, "An HTML page")
                .handle(ctx -> pages.page(ctx, "flows.jte", "Flows", "flows", Map.of("flows", engine.flows().list().stream().map(FlowView::of).toList())));
        routes.get("/console/flows/{name}", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("console.flow", "console", "One flow with its recent executions")
                .param(Param.path("name", "An applied flow"))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    Flows.Applied applied = engine.flows().get(ctx.pathParam("name"));
                    pages.page(ctx, "flow.jte", applied.spec().name(), "flows",
                            Map.of("page", new FlowPage(FlowView.of(applied), executions(applied.spec().name(), ConsolePages.tenant(ctx)))));
                });
        routes.get("/console/flow-executions/{executionId}", Guard.token(Role.VIEWER, executionTenant))
                .operation("console.flowExecution", "console", "One flow execution: status and its steps' input, output or error")
                .param(executionId)
                .response(200, "An HTML page")
                .handle(ctx -> {
                    FlowExecution e = engine.flows().execution(ctx.pathParam("executionId"));
                    ExecutionPage page = new ExecutionPage(e, engine.flows().steps(e.id()),
                            !e.finished(), e.status() == FlowExecutionStatus.FAILED);
                    pages.page(ctx, "flow-execution.jte", "Execution " + e.id(), "flows", Map.of("page", page));
                });
        routes.post("/console/flow-executions/{executionId}/cancel", Guard.token(Role.EDITOR, executionTenant))
                .operation("console.cancelFlowExecution", "console", "Cancels a queued, waiting or running execution and shows it again")
                .param(executionId)
                .response(303, "Back to the execution's page")
                .handle(ctx -> back(ctx, engine.flows().cancel(ctx.pathParam("executionId"))));
        routes.post("/console/flow-executions/{executionId}/retry", Guard.token(Role.EDITOR, executionTenant))
                .operation("console.retryFlowExecution", "console", "Runs a failed execution again from its failed step and shows it again")
                .param(executionId)
                .response(303, "Back to the execution's page")
                .handle(ctx -> back(ctx, engine.flows().retry(ctx.pathParam("executionId"))));
    }

    private static void back(Context ctx, FlowExecution execution) {
        ApiRequest.of(ctx).auditObject("FlowExecution", execution.id());
        ConsoleHeaders.apply(ctx, false);
        ctx.status(303).header("Location", Links.flowExecution(execution.id())).result("");
    }

    /** The newest executions of a flow the tenant (null: any) may see, from the newest {@link #SCANNED}. */
    private List<FlowExecution> executions(String flow, String tenant) {
        List<FlowExecution> shown = new ArrayList<>();
        for (FlowExecution e : engine.flows().executions(flow, SCANNED)) {
            if ((tenant == null || Objects.equals(tenant, e.tenant())) && shown.size() < SHOWN) {
                shown.add(e);
            }
        }
        return shown;
    }
}
