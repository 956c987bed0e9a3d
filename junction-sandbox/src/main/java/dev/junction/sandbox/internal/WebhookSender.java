package dev.junction.sandbox.internal;

import dev.junction.sandbox.WebhookAttempt;
import dev.junction.sandbox.WebhookKnobs;
import dev.junction.sandbox.WebhookSubscription;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;

/**
 * Sends one delivery: waits its delay, then posts the signed event until a 2xx answer or the attempts run out,
 * recording every attempt in the ledger. Redirects are not followed (a 3xx is a failed attempt, as Standard Webhooks
 * advises).
 */
final class WebhookSender implements AutoCloseable {

    /** One delivery of an event to one subscription: 1 for the first, 2 for an injected duplicate. */
    record Job(WebhookEvent event, int delivery, Duration pause, WebhookKnobs knobs) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Clock clock;
    private final WebhookLedger ledger;

    WebhookSender(Clock clock, WebhookLedger ledger) {
        this.clock = clock;
        this.ledger = ledger;
    }

    /**
     * Delivers {@code job} to the subscription, stopping early (without recording the attempt it was in) once
     * {@code cancelled} is true or the thread is interrupted.
     */
    void deliver(WebhookSubscription subscription, WebhookSigner signer, Job job, BooleanSupplier cancelled) {
        try {
            pause(job.pause());
            for (int attempt = 1; attempt <= job.knobs().maxAttempts(); attempt++) {
                if (attempt > 1) {
                    pause(job.knobs().backoffBefore(attempt));
                }
                if (cancelled.getAsBoolean()) {
                    return;
                }
                if (attempt(subscription, signer, job, attempt)) {
                    return;
                }
            }
            ledger.gaveUp(job.event().id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean attempt(WebhookSubscription subscription, WebhookSigner signer, Job job, int attempt)
            throws InterruptedException {
        WebhookEvent event = job.event();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(subscription.url())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "AcmeCRM-Webhooks/1.0 (Junction sandbox)")
                .header("webhook-id", event.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(event.id(), timestamp, event.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .build();
        int status = 0;
        String error = null;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        boolean acknowledged = status >= 200 && status < 300;
        ledger.record(new WebhookAttempt(clock.instant().truncatedTo(ChronoUnit.MILLIS), event.id(), event.type(),
                subscription.id(), job.delivery(), attempt, status, acknowledged, error));
        return acknowledged;
    }

    private static void pause(Duration wait) throws InterruptedException {
        if (!wait.isZero()) {
            Thread.sleep(wait);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
