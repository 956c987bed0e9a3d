package dev.junction.server.internal;

import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.Guard;
import dev.junction.server.Readiness;
import dev.junction.server.ReadinessCheck;
import dev.junction.server.Routes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: every readiness check is up and
 * the server is not stopping; otherwise 503 problem+json with {@code Retry-After} and the checks.
 */
public final class HealthApi implements ApiModule {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private final List<ReadinessCheck> checks;
    private final BooleanSupplier stopping;

    public record Status(String status, List<Readiness> checks) {}

    public HealthApi(List<ReadinessCheck> checks, BooleanSupplier stopping) {
        this.checks = List.copyOf(checks);
        this.stopping = stopping;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/health/live", Guard.publicHealth())
                .operation("getLiveness", "health", "Answers while the process runs")
                .response(200, "The process is up", Status.class)
                .handle(ctx -> ctx.json(new Status("up", List.of())));
        routes.get("/health/ready", Guard.publicHealth())
                .operation("getReadiness", "health", "Answers 200 when the server can serve requests (store reachable, schema migrated)")
                .response(200, "Ready", Status.class)
                .handle(ctx -> ctx.json(ready()));
    }

    private Status ready() {
        if (stopping.getAsBoolean()) {
            throw new ApiProblem.ServiceUnavailable("The server is shutting down.", RETRY_AFTER);
        }
        List<Readiness> results = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            Readiness result = check.check();
            results.add(result);
            if (!result.ready()) {
                down.add(result.component() + ": " + result.detail());
            }
        }
        if (!down.isEmpty()) {
            throw new ApiProblem.ServiceUnavailable("Not ready: " + String.join("; ", down), RETRY_AFTER).with("checks", results);
        }
        return new Status("ready", results);
    }
}
