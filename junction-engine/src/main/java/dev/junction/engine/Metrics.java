package dev.junction.engine;

import dev.junction.engine.internal.InboxGauges;
import dev.junction.engine.internal.PipelineMeters;
import dev.junction.engine.internal.RunMeters;
import dev.junction.http.PipelineListener;
import dev.junction.store.InboxStats;
import dev.junction.store.RunRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The process's meters, in one Micrometer registry the engine owns and the server only serves
 * ({@link #scrape}). Core knows nothing of Micrometer: the engine turns what core reports (pipeline
 * listener callbacks, run ends, inbox stats) into meters here. The catalogue, with labels and what they
 * mean, is in {@code docs/operations.md}.
 *
 * <p>Labels are bounded: connection, endpoint (the stream or action name, never a URL), sync,
 * trigger, status, outcome, event type and tenant. Tenants are the one label that grows with use
 * (one series per sync and tenant); {@link Settings#tenantLabel()} false drops it.
 */
public final class Metrics implements AutoCloseable {
    /** Prometheus text format 0.0.4, the default answer. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, when the scraper asks for it. */
    public static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /**
     * @param tenantLabel label record counts with the tenant (one series per tenant); false: summed over tenants
     * @param gaugeRefresh how long store-backed gauges (inbox depth and age) reuse what they read, so a
     *     scrape every second queries the store at most once per this
     */
    public record Settings(boolean tenantLabel, Duration gaugeRefresh) {
        public static final Settings DEFAULT = new Settings(true, Duration.ofSeconds(5));

        public Settings {
            Objects.requireNonNull(gaugeRefresh, "gaugeRefresh");
            if (gaugeRefresh.isNegative()) {
                throw new IllegalArgumentException("gaugeRefresh must not be negative, was " + gaugeRefresh);
            }
        }

        public Settings withTenantLabel(boolean value) {
            return new Settings(value, gaugeRefresh);
        }
    }

    /** One scrape: the body and the content type it is written in. */
    public record Scrape(String contentType, String body) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Settings settings;
    private final PipelineMeters pipeline;
    private final RunMeters runs;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pipeline = new PipelineMeters(registry);
        this.runs = new RunMeters(registry, settings.tenantLabel());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        warmUp();
    }

    /**
     * Registers (and removes) one meter of each kind the run meters use, so the classes behind them are
     * loaded now and not when the first run ends: that moment is inside the run's end, while its
     * sync's lease is still held, and should stay short.
     */
    private void warmUp() {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder("junction.warm.up")
                .serviceLevelObjectives(Duration.ofSeconds(1)).register(registry);
        timer.record(Duration.ZERO);
        io.micrometer.core.instrument.Counter counter = registry.counter("junction.warm.up.count");
        counter.increment();
        registry.scrape(PROMETHEUS_TEXT);
        registry.remove(timer);
        registry.remove(counter);
    }

    public Settings settings() {
        return settings;
    }

    /** The registry: add meters of your own; everything in it is scraped. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts every attempt of every pipeline it is part of (see {@link Connections#pipeline}). */
    PipelineListener pipelineListener() {
        return pipeline;
    }

    /** A run ended (stored finished): its records and duration. */
    void runEnded(RunRecord run) {
        runs.ended(run);
    }

    /** Buckets of flow execution durations: an API flow answers in milliseconds, one that waits may take hours. */
    private static final java.time.Duration[] FLOW_BUCKETS = {java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50),
        java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1),
        java.time.Duration.ofMillis(2500), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(30),
        java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(1)};

    /** A flow execution ended here (succeeded, failed or cancelled): counted, and how long from its creation to its end. */
    void flowEnded(dev.junction.store.FlowExecution execution) {
        String status = execution.status().word();
        io.micrometer.core.instrument.Counter.builder("junction.flow.executions").description("Flow executions that ended in this process, by flow and status")
                .tags("flow", execution.flow(), "status", status).register(registry).increment();
        io.micrometer.core.instrument.Timer.builder("junction.flow.execution.duration").description("Flow executions: from stored to ended")
                .tags("flow", execution.flow(), "status", status).serviceLevelObjectives(FLOW_BUCKETS).register(registry)
                .record(java.time.Duration.between(execution.createdAt(), execution.updatedAt()));
    }

    /** One attempt to deliver an outbound event: {@code outcome} delivered, failed (retried later) or dead. */
    void eventDelivery(String type, String outcome) {
        registry.counter("junction.event.deliveries", "type", type, "outcome", outcome).increment();
    }

    /** One attempt to send an alert notification: {@code channelType} slack, webhook, pagerduty, email (unknown: no such channel); {@code outcome} delivered, failed or dead. */
    void alertNotification(String channelType, String outcome) {
        registry.counter("junction.alert.notifications", "channel_type", channelType, "outcome", outcome).increment();
    }

    /** Gauges of the inbox's depth and age, read through {@code stats} at most once per {@link Settings#gaugeRefresh()}. */
    void inbox(Supplier<InboxStats> stats, java.util.function.IntSupplier acceptQueue, Clock clock) {
        new InboxGauges(stats, clock, settings.gaugeRefresh()).bindTo(registry);
        io.micrometer.core.instrument.Gauge.builder("junction.inbox.accept.queue", acceptQueue::getAsInt)
                .description("Webhook and poll events accepted and waiting to be stored by the group committer")
                .register(registry);
    }

    /** A gauge of how many nodes share {@code connection}'s rate budget (1: this node's alone); see {@link RateShares}. */
    void rateBudgetNodes(String connection, java.util.function.IntSupplier nodes) {
        io.micrometer.core.instrument.Gauge.builder("junction.rate.budget.nodes", nodes::getAsInt)
                .description("Nodes that share the connection's rate budget, this one included: each sends its even share of the declared rate")
                .tag("connection", connection).register(registry);
    }

    /** Hikari's pool meters ({@code hikaricp_*}) for the store's pool, when it is a Hikari pool. */
    void storePool(javax.sql.DataSource dataSource) {
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null) {
            hikari.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
        }
    }

    /**
     * Everything in the registry, in OpenMetrics when {@code accept} (a request's {@code Accept} header,
     * may be null) asks for {@code application/openmetrics-text}, else in the Prometheus text format 0.0.4.
     */
    public Scrape scrape(String accept) {
        boolean openMetrics = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text");
        String type = openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return new Scrape(type, registry.scrape(type));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
