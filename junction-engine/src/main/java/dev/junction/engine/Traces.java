package dev.junction.engine;

import dev.junction.trace.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The process's traces: an OpenTelemetry SDK exporting over OTLP/HTTP (protobuf) to
 * {@link Settings#endpoint()}, or nothing at all when no endpoint is set (the default): core then
 * gets {@link Tracing#off()}, the API's no-op tracer, and no SDK is started.
 *
 * <p>Spans are batched in memory (at most 2,048 waiting; more are dropped, never blocking a run) and
 * sent every {@link Settings#exportEvery()}; {@link #close()} sends what is left. Which spans there
 * are is written on {@link Tracing}; how to set it up is in {@code docs/operations.md}.
 */
public final class Traces implements AutoCloseable {
    /** Variables a process reads its tracing from (the server config's {@code tracing:} keys override nothing: they are the same). */
    public static final String ENDPOINT_ENV = "JUNCTION_TRACING_ENDPOINT";
    public static final String SERVICE_NAME_ENV = "JUNCTION_TRACING_SERVICE_NAME";
    public static final String SAMPLE_RATIO_ENV = "JUNCTION_TRACING_SAMPLE_RATIO";

    /** The OTLP/HTTP path of spans, added to an endpoint given without it. */
    public static final String TRACES_PATH = "/v1/traces";

    /**
     * @param endpoint the OTLP/HTTP receiver (a collector: {@code http://collector:4318}, its
     *     {@value #TRACES_PATH} added when missing); null: tracing off
     * @param serviceName the {@code service.name} of every span's resource
     * @param sampleRatio the share of traces recorded, 0 to 1; a trace started by a caller that sent
     *     its own sampling decision follows it (parent based)
     * @param exportEvery how long spans wait in memory before they are sent
     */
    public record Settings(String endpoint, String serviceName, double sampleRatio, Duration exportEvery) {
        public static final Settings OFF = new Settings(null, "junction", 1.0, Duration.ofSeconds(5));

        /** @throws EngineException.Invalid when the endpoint, ratio or interval cannot be used */
        public Settings {
            if (endpoint != null && endpoint.isBlank()) {
                endpoint = null;
            }
            serviceName = serviceName == null || serviceName.isBlank() ? "junction" : serviceName.strip();
            exportEvery = exportEvery == null ? OFF.exportEvery() : exportEvery;
            if (endpoint != null) {
                endpoint = tracesUrl(endpoint);
            }
            if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
                throw new EngineException.Invalid("tracing.sampleRatio: expected a number from 0 to 1, was " + sampleRatio);
            }
            if (!exportEvery.isPositive()) {
                throw new EngineException.Invalid("tracing.exportEvery: expected a positive duration, was " + exportEvery);
            }
        }

        /**
         * {@value #ENDPOINT_ENV}, {@value #SERVICE_NAME_ENV} and {@value #SAMPLE_RATIO_ENV}; off when the
         * endpoint is not set. @throws EngineException.Invalid naming the variable that is wrong
         */
        public static Settings fromEnvironment(java.util.function.Function<String, String> env) {
            String endpoint = env.apply(ENDPOINT_ENV);
            if (endpoint == null || endpoint.isBlank()) {
                return OFF;
            }
            try {
                return new Settings(endpoint, env.apply(SERVICE_NAME_ENV), ratio(env.apply(SAMPLE_RATIO_ENV)), OFF.exportEvery());
            } catch (EngineException.Invalid e) {
                throw new EngineException.Invalid(ENDPOINT_ENV + ", " + SERVICE_NAME_ENV + " or " + SAMPLE_RATIO_ENV + ": " + e.getMessage());
            }
        }

        /** A sample ratio setting: a number from 0 to 1 (null or blank: 1, every trace). */
        public static double ratio(String text) {
            if (text == null || text.isBlank()) {
                return 1.0;
            }
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new EngineException.Invalid("tracing.sampleRatio: expected a number from 0 to 1, was '" + text + "'");
            }
        }

        public Settings withServiceName(String value) {
            return new Settings(endpoint, value, sampleRatio, exportEvery);
        }

        public Settings withSampleRatio(double value) {
            return new Settings(endpoint, serviceName, value, exportEvery);
        }

        /** Spans sent to {@code value} (null or blank: off). */
        public Settings withEndpoint(String value) {
            return new Settings(value, serviceName, sampleRatio, exportEvery);
        }

        public boolean on() {
            return endpoint != null;
        }

        private static String tracesUrl(String endpoint) {
            URI uri;
            try {
                uri = URI.create(endpoint.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new EngineException.Invalid("tracing.endpoint: expected the http(s) URL of an OTLP/HTTP receiver such as"
                        + " http://otel-collector:4318, was '" + endpoint + "'");
            }
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                throw new EngineException.Invalid("tracing.endpoint: expected a URL without credentials or query (a collector's"
                        + " address), was '" + uri.getScheme() + "://" + uri.getHost() + "...'");
            }
            String base = endpoint.strip().replaceAll("/+$", "");
            return base.endsWith(TRACES_PATH) ? base : base + TRACES_PATH;
        }
    }

    private final Settings settings;
    private final SdkTracerProvider provider;
    private final Tracing tracing;

    public Traces(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!settings.on()) {
            provider = null;
            tracing = Tracing.off();
            return;
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint()).build();
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(settings.exportEvery()).build())
                .build();
        tracing = Tracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    }

    public Settings settings() {
        return settings;
    }

    /** What core's runs, pipelines and flows trace with ({@link Tracing#off()} when off). */
    public Tracing tracing() {
        return tracing;
    }

    /** Sends the spans waiting in memory now, waiting up to {@code timeout}; nothing when off. @return whether all were sent */
    public boolean flush(Duration timeout) {
        return provider == null || provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
    }

    /** Sends what is left (up to 10 seconds) and stops the exporter. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
