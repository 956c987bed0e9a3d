package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

/**
 * The job as a Camel 4.18 user writes it (camel-http, camel-jackson): a route that pages the source
 * in a loop until the page has no {@code paging.next.after}, splits each page's results, maps each
 * contact in a processor ({@link PeerJob#map}), aggregates by 100 ({@code completionSize(100)} and a
 * {@code completionTimeout} for the last batch) and hands the batches to a SEDA queue whose 4
 * concurrent consumers POST them with camel-http: the same concurrency as the other runners. In the
 * limited modes the consumers pass a Throttle EIP at the documented limit (190 per 10 s, total
 * requests mode); a 429 is redelivered up to 10 times after its {@code Retry-After}
 * ({@code onException} with an {@code onRedelivery} that waits the header's delay).
 */
final class CamelPeer implements PeerRunner.Job {
    private static final String QUEUE = "seda:upsert?size=" + 2 * PeerJob.CONCURRENCY + "&blockWhenFull=true";
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicBoolean paged = new AtomicBoolean();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public String run(String source, String destination, long records, PeerJob.Limit limit) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(routes(source, destination, limit));
            camel.start();
            // done when the last page was split and every record read was written (or a batch failed for good)
            while (!(paged.get() && written.get() + failed.get() >= read.get())) {
                Thread.sleep(5);
            }
            camel.stop();
        }
        return String.format(Locale.ROOT, "read %d, written %d, failed %d, 429s redelivered %d", read.get(), written.get(), failed.get(), redelivered.get());
    }

    private RouteBuilder routes(String source, String destination, PeerJob.Limit limit) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                JsonNodeFactory nodes = JsonNodeFactory.instance;
                JacksonDataFormat page = new JacksonDataFormat(JsonNode.class);

                onException(HttpOperationFailedException.class)
                        .onWhen(exchange -> status(exchange) == 429)
                        .maximumRedeliveries(9)
                        .redeliveryDelay(0)
                        .onRedelivery(exchange -> {
                            redelivered.incrementAndGet();
                            HttpOperationFailedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class);
                            String retryAfter = e == null || e.getResponseHeaders() == null ? null : e.getResponseHeaders().get("Retry-After");
                            Thread.sleep(Duration.ofSeconds(retryAfter == null ? 1 : Long.parseLong(retryAfter.trim())));
                        })
                        .handled(true)
                        .process(exchange -> failed.addAndGet(exchange.getProperty("batchSize", 0, Integer.class)));
                // any other failure: the batch counts as failed (a page that fails ends the paging)
                onException(Exception.class)
                        .handled(true)
                        .process(exchange -> {
                            failed.addAndGet(exchange.getProperty("batchSize", 0, Integer.class));
                            if (exchange.getProperty("batchSize") == null) {
                                paged.set(true);
                            }
                        });

                from("timer:contacts?repeatCount=1&delay=0").routeId("page-contacts")
                        .setProperty("after", constant(""))
                        .loopDoWhile(exchangeProperty("after").isNotNull())
                            .setBody(constant(null))
                            .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                            .setHeader(Exchange.HTTP_QUERY, simple("limit=" + PeerJob.PAGE + "${exchangeProperty.after}"))
                            .to(source + PeerJob.CONTACTS_PATH)
                            .unmarshal(page)
                            .process(exchange -> {
                                JsonNode body = exchange.getMessage().getBody(JsonNode.class);
                                JsonNode next = body.path("paging").path("next").path("after");
                                exchange.setProperty("after", next.isMissingNode() || next.isNull() ? null : "&after=" + next.asText());
                                exchange.getMessage().setBody(body.path("results"));
                            })
                            .split(body())
                                .process(exchange -> {
                                    exchange.getMessage().setBody(PeerJob.map(exchange.getMessage().getBody(JsonNode.class), nodes));
                                    read.incrementAndGet();
                                })
                                .to("direct:batch")
                            .end()
                        .end()
                        .process(exchange -> paged.set(true));

                from("direct:batch").routeId("batch-users")
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                            .completionSize(PeerJob.BATCH)
                            .completionTimeout(1000)
                        .to(QUEUE);

                RouteDefinition upsert = from(QUEUE + "&concurrentConsumers=" + PeerJob.CONCURRENCY).routeId("upsert-users");
                if (limit.limited()) {
                    upsert.throttle(PeerJob.LIMIT).timePeriodMillis(PeerJob.WINDOW.toMillis()).totalRequestsMode();
                }
                upsert.process(exchange -> {
                            List<?> users = exchange.getMessage().getBody(List.class);
                            ObjectNode body = nodes.objectNode();
                            var array = body.putArray("users");
                            users.forEach(user -> array.add((JsonNode) user));
                            exchange.setProperty("batchSize", users.size());
                            exchange.getMessage().setBody(body);
                        })
                        .marshal().json()
                        .removeHeaders("*")
                        .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .to(destination + PeerJob.UPSERT_PATH)
                        .process(exchange -> written.addAndGet(exchange.getProperty("batchSize", Integer.class)));
            }
        };
    }

    private int status(Exchange exchange) {
        Throwable e = exchange.getException() != null ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return e instanceof HttpOperationFailedException failure ? failure.getStatusCode() : -1;
    }
}
