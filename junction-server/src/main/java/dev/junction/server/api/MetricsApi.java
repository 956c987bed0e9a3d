package dev.junction.server.api;

import dev.junction.engine.Metrics;
import dev.junction.server.ApiModule;
import dev.junction.server.Guard;
import dev.junction.server.Routes;
import dev.junction.server.Schema;

/**
 * {@code GET /metrics}: the engine's meters for Prometheus, in the text format 0.0.4, or in
 * OpenMetrics 1.0 when the scraper's {@code Accept} asks for {@code application/openmetrics-text}.
 * Callers from the server's {@code metrics.allowFrom} networks need no token; see
 * {@link Guard#metricsScrape()}. The catalogue is in {@code docs/operations.md}.
 */
public final class MetricsApi implements ApiModule {
    private final Metrics metrics;

    public MetricsApi(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics", Guard.metricsScrape())
                .operation("getMetrics", "metrics", "The process's meters for Prometheus")
                .description("Prometheus text format 0.0.4; OpenMetrics 1.0 with Accept: application/openmetrics-text. Without a token only from the"
                        + " server's metrics.allowFrom networks; otherwise an operator token (viewer or higher).")
                .response(200, "The meters in the Prometheus text format", Schema.of(String.class), Metrics.PROMETHEUS_TEXT)
                .response(200, "The meters in OpenMetrics", Schema.of(String.class), Metrics.OPENMETRICS_TEXT)
                .handle(ctx -> {
                    Metrics.Scrape scrape = metrics.scrape(ctx.header("Accept"));
                    ctx.contentType(scrape.contentType()).result(scrape.body());
                });
    }
}
