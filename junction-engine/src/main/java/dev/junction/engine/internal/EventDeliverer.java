package dev.junction.engine.internal;

import dev.junction.http.EgressPolicy;
import dev.junction.http.internal.EgressPins;
import dev.junction.http.internal.RetryAfter;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventRepository;
import dev.junction.store.EventSubscription;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes delivery attempts: claims due deliveries from the outbox, posts each signed (Standard
 * Webhooks) with the JDK client, and records what came of it. Where a subscriber may be is the
 * outbound address policy's ({@link EgressPolicy}), checked on the resolved addresses and pinned
 * while the request is in flight, as for connections: a refused address is not sent to, the delivery
 * is dead at once with the reason, and the subscription is disabled saying why. A 2xx is delivered; anything else (a
 * network error, a timeout, 3xx, 4xx, 5xx) is a failed attempt, retried with exponential backoff and
 * jitter, or after the {@code Retry-After} of a 429 or 503 (capped); after the last attempt allowed
 * the delivery is dead. A dead delivery, or too many failed attempts in a row, disables the
 * subscription with a reason.
 */
public final class EventDeliverer {
    private static final Logger LOG = LoggerFactory.getLogger(EventDeliverer.class);
    /** How much of an answer's body is kept in the delivery log. */
    static final int SNIPPET_BYTES = 256;

    /** How attempts are made and retried; see {@code Events.Settings}. */
    public record Policy(int batch, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, int disableAfterFailures,
            Duration requestTimeout, Duration attemptLease) {}

    private final EventRepository events;
    private final HttpClient client;
    private final Clock clock;
    private final Random random;
    private final Policy policy;
    private final java.util.function.BiConsumer<String, String> attempted;
    private final EgressPolicy egress;

    /**
     * @param egress where subscribers may be: a tenant's subscription is held to it as a tenant's connection is ({@link #trust})
     * @param attempted told of each attempt's event type and outcome ({@code delivered}, {@code failed}, {@code dead}), for metrics
     */
    public EventDeliverer(EventRepository events, HttpClient client, Clock clock, Random random, Policy policy, EgressPolicy egress,
            java.util.function.BiConsumer<String, String> attempted) {
        this.attempted = attempted;
        this.events = events;
        this.client = client;
        this.clock = clock;
        this.random = random;
        this.policy = policy;
        this.egress = egress;
    }

    /**
     * Who stands behind a subscription: one of a tenant (other than the operator's own, {@code default})
     * is a tenant's — tenant admins make them — so it may not reach loopback or private addresses unless
     * the egress settings allow them; an operator's (every tenant's events) may. Metadata and link-local
     * addresses are never reached.
     */
    public static DefinitionTrust trust(String tenant) {
        return tenant == null || ConnectionSpec.DEFAULT_TENANT.equals(tenant) ? DefinitionTrust.OPERATOR : DefinitionTrust.TENANT;
    }

    /** Why the egress policy refuses {@code host} (a name or an address literal) for a subscription of {@code tenant}; null when it may be reached. */
    public static String refusal(EgressPolicy egress, String host, InetAddress address, String tenant) {
        return egress.refusal(host, address, trust(tenant), "a tenant's event subscription");
    }

    /** Claims the due deliveries (at most a batch) and attempts them in parallel. @return how many were attempted */
    public int deliverDue() {
        Instant now = clock.instant();
        List<EventDelivery> due = events.claimDue(now, now.plus(policy.attemptLease()), policy.batch());
        if (due.size() == 1) {
            attempt(due.getFirst());
        } else if (!due.isEmpty()) {
            try (ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor()) {
                due.forEach(d -> attempts.submit(() -> attempt(d)));
            }
        }
        return due.size();
    }

    /** One attempt of a delivery this process holds (claimed, or stored with a lease); records its outcome. @return it as now stored */
    public Optional<EventDelivery> attempt(EventDelivery delivery) {
        try {
            Optional<EventSubscription> subscription = events.find(delivery.subscriptionId());
            if (subscription.isEmpty()) {
                return Optional.empty(); // deleted meanwhile, with its deliveries
            }
            Outcome outcome = post(subscription.get(), delivery);
            record(subscription.get(), delivery, outcome);
        } catch (RuntimeException e) {
            // the store failed: the delivery stays leased and is due again when its lease ends
            LOG.warn("Could not attempt event delivery {} of subscription {}: {}", delivery.id(), delivery.subscriptionId(), e.getMessage());
        }
        return events.findDelivery(delivery.id());
    }

    /**
     * What one POST came to: a status (null: no answer), why it failed (null: it did not), the wait a
     * 429 or 503 asked for, and whether it was refused for good (not sent: retrying cannot help).
     */
    record Outcome(Integer status, String error, Duration retryAfter, boolean refused) {
        Outcome(Integer status, String error, Duration retryAfter) {
            this(status, error, retryAfter, false);
        }

        boolean delivered() {
            return error == null;
        }
    }

    private Outcome post(EventSubscription subscription, EventDelivery delivery) {
        URI url;
        try {
            url = URI.create(delivery.url() != null ? delivery.url() : subscription.url()); // a flow callback goes to its own URL
            checkScheme(url);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "refused: " + e.getMessage(), null, true);
        }
        String refusedName = egress.refusalOfName(url.getHost());
        if (refusedName != null) {
            return new Outcome(null, "refused, not sent: " + refusedName, null, true);
        }
        // the host's addresses are checked, and pinned while the request is in flight: the client connects where the check looked
        EgressPins.Hold hold;
        try {
            hold = EgressPins.holdUnlessProxied(url, egress.proxyInUse());
        } catch (java.net.UnknownHostException e) {
            return new Outcome(null, "could not connect: host " + url.getHost() + " is unknown", null);
        }
        try (hold) {
            for (InetAddress address : hold == null ? new InetAddress[0] : hold.addresses()) {
                String refusal = refusal(egress, url.getHost(), address, subscription.tenant());
                if (refusal != null) {
                    return new Outcome(null, "refused, not sent: " + refusal, null, true);
                }
            }
            return send(subscription, delivery, url);
        }
    }

    private Outcome send(EventSubscription subscription, EventDelivery delivery, URI url) {
        EventRepository.Secrets secrets = events.secrets(subscription.id(), clock.instant()).orElseThrow();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(policy.requestTimeout())
                .header("content-type", "application/json")
                .header("user-agent", "Junction-Webhooks/1")
                .header("webhook-id", delivery.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.header(delivery.id(), timestamp, body, secrets.current(), secrets.previous()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String snippet = snippet(response.body());
            if (status >= 200 && status < 300) {
                return new Outcome(status, null, null);
            }
            Duration retryAfter = status == 429 || status == 503
                    ? response.headers().firstValue("retry-after").map(v -> RetryAfter.parse(v, clock)).orElse(null) : null;
            String why = "HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : "") + (snippet.isEmpty() ? "" : ": " + snippet);
            return new Outcome(status, why, retryAfter);
        } catch (IOException e) {
            return new Outcome(null, describe(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted: the process is stopping", null);
        }
    }

    private void record(EventSubscription subscription, EventDelivery delivery, Outcome outcome) {
        Instant now = clock.instant();
        int attempts = delivery.attempts() + 1;
        EventRepository.Attempt attempt;
        if (outcome.delivered()) {
            attempt = new EventRepository.Attempt(EventDelivery.Status.DELIVERED, outcome.status(), null, null, now);
        } else if (attempts >= policy.maxAttempts() || outcome.refused()) {
            attempt = new EventRepository.Attempt(EventDelivery.Status.DEAD, outcome.status(), outcome.error(), null, now);
        } else {
            attempt = new EventRepository.Attempt(EventDelivery.Status.FAILED, outcome.status(), outcome.error(), now.plus(wait(attempts, outcome)), now);
        }
        int failures = events.recordAttempt(delivery, attempt);
        attempted.accept(delivery.type(), attempt.status().name().toLowerCase(java.util.Locale.ROOT));
        if (attempt.status() == EventDelivery.Status.DEAD) {
            disable(subscription, outcome.refused() ? "event delivery " + delivery.id() + " (" + delivery.type() + ") was " + outcome.error()
                    : "event delivery " + delivery.id() + " (" + delivery.type() + ") failed " + attempts + " times, the most allowed; last: "
                    + outcome.error(), now);
        } else if (!outcome.delivered() && failures >= policy.disableAfterFailures()) {
            disable(subscription, failures + " delivery attempts in a row failed; last: " + outcome.error(), now);
        } else if (!outcome.delivered()) {
            LOG.debug("Event delivery {} to subscription {} failed (attempt {}): {}", delivery.id(), subscription.id(), attempts, outcome.error());
        }
    }

    private void disable(EventSubscription subscription, String reason, Instant now) {
        String text = reason + ". Fix the endpoint, then enable the subscription again (POST /api/v1/event-subscriptions/" + subscription.id() + "/enable)";
        events.setStatus(subscription.id(), EventSubscription.Status.DISABLED, text, now);
        LOG.warn("Disabled event subscription {} ({}): {}", subscription.id(), subscription.url(), reason);
    }

    /** After attempt {@code attempts} failed: what a 429 or 503 asked for (capped), else exponential backoff with ±20% jitter. */
    Duration wait(int attempts, Outcome outcome) {
        if (outcome.retryAfter() != null) {
            return outcome.retryAfter().compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : outcome.retryAfter();
        }
        long initial = policy.initialBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        long base = attempts >= 40 ? max : Math.min(max, initial << Math.max(0, attempts - 1));
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis((long) (base * jitter));
    }

    /** Only http and https URLs with a host; where the host may be is the egress policy's to say. */
    private static void checkScheme(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("only http and https URLs with a host receive events, not " + url);
        }
    }

    private static String snippet(InputStream body) throws IOException {
        try (body) {
            byte[] bytes = body.readNBytes(SNIPPET_BYTES);
            String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
            return bytes.length == SNIPPET_BYTES ? text + "…" : text;
        }
    }

    private static String describe(IOException e) {
        String type = e instanceof java.net.http.HttpTimeoutException ? "timed out" : e instanceof java.net.ConnectException ? "could not connect"
                : "network error";
        return type + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
