package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.internal.AlertNotices.Notice;
import dev.junction.http.EgressPolicy;
import dev.junction.http.internal.EgressPins;
import dev.junction.http.internal.RetryAfter;
import dev.junction.spec.AlertChannelSpec;
import dev.junction.spec.ValueRef;
import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRepository;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert notifications from the outbox: claims the due ones, renders each for its channel
 * ({@link AlertNotices}), resolves the channel's secrets only now, sends (HTTP POST for Slack,
 * PagerDuty and signed webhooks; SMTP for email) and records the outcome. A 2xx (an accepted mail) is
 * delivered; a network error, a timeout, a 429 or a 5xx is retried with exponential backoff and jitter
 * (or the 429's {@code Retry-After}); an answer no retry can change (400, 401, 403, 404, 410, a refused
 * login, a channel no longer applied, a secret that cannot be resolved) makes it dead at once, as does
 * the last attempt allowed. Secret values are cut out of every error before it is stored or logged.
 */
public final class AlertDeliverer {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliverer.class);
    private static final Set<Integer> PERMANENT = Set.of(400, 401, 403, 404, 410, 413);
    private static final int SNIPPET_CHARS = 256;

    /** How attempts are made: see {@code Alerts.Settings}. */
    public record Policy(int batch, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        Duration lease() {
            return requestTimeout.multipliedBy(2).plusSeconds(30);
        }
    }

    /** What one attempt came to: the error (null: delivered), a wait asked for, whether retrying cannot help. */
    record Outcome(String error, Duration retryAfter, boolean permanent) {
        static final Outcome DELIVERED = new Outcome(null, null, false);

        static Outcome failed(String error) {
            return new Outcome(error, null, false);
        }

        static Outcome dead(String error) {
            return new Outcome(error, null, true);
        }
    }

    private final AlertRepository alerts;
    private final Function<String, Optional<AlertChannelSpec>> channels;
    private final Function<ValueRef, String> secrets;
    private final HttpClient client;
    private final ObjectMapper json;
    private final Clock clock;
    private final Random random;
    private final Policy policy;
    private final EgressPolicy egress;
    private final java.util.function.BiConsumer<String, String> attempted;

    /**
     * @param attempted told of each attempt's channel type and outcome ({@code delivered}, {@code failed}, {@code dead}), for metrics
     * @param channels the applied channel of a name
     * @param secrets resolves a channel's references ({@code ${env:}}, {@code ${file:}}) within the operator's secret scope
     */
    public AlertDeliverer(AlertRepository alerts, Function<String, Optional<AlertChannelSpec>> channels, Function<ValueRef, String> secrets,
            HttpClient client, ObjectMapper json, Clock clock, Random random, Policy policy, EgressPolicy egress,
            java.util.function.BiConsumer<String, String> attempted) {
        this.attempted = attempted;
        this.alerts = alerts;
        this.channels = channels;
        this.secrets = secrets;
        this.client = client;
        this.json = json;
        this.clock = clock;
        this.random = random;
        this.policy = policy;
        this.egress = egress;
    }

    /** Claims the due notifications (at most a batch) and attempts them one after the other. @return how many were attempted */
    public int deliverDue() {
        Instant now = clock.instant();
        List<AlertNotification> due = alerts.claimDue(now, now.plus(policy.lease()), policy.batch());
        due.forEach(this::attempt);
        return due.size();
    }

    /** Stores a notification with a lease (so no other process takes it) and attempts it now. @return it as the attempt left it */
    public AlertNotification sendNow(AlertNotification notification) {
        Instant now = clock.instant();
        AlertNotification leased = new AlertNotification(notification.id(), notification.alertId(), notification.channel(), notification.action(),
                notification.tenant(), notification.payload(), AlertNotification.Status.PENDING, 0, now.plus(policy.lease()), null, now, now);
        alerts.enqueue(List.of(leased));
        attempt(leased);
        return alerts.findNotification(leased.id()).orElse(leased);
    }

    private void attempt(AlertNotification n) {
        try {
            List<String> known = new ArrayList<>();
            Outcome outcome = send(n, known);
            record(n, outcome.error() == null ? outcome : new Outcome(redact(outcome.error(), known), outcome.retryAfter(), outcome.permanent()));
        } catch (RuntimeException e) {
            // the store failed: the notification stays leased and is due again when its lease ends
            LOG.warn("Could not attempt alert notification {} to channel {}: {}", n.id(), n.channel(), e.getMessage());
        }
    }

    private Outcome send(AlertNotification n, List<String> known) {
        Optional<AlertChannelSpec> found = channels.apply(n.channel());
        if (found.isEmpty()) {
            return Outcome.dead("no AlertChannel '" + n.channel() + "' is applied");
        }
        AlertChannelSpec channel = found.get();
        Notice notice;
        try {
            notice = json.readValue(n.payload(), Notice.class);
        } catch (IOException e) {
            return Outcome.dead("the stored notice cannot be read: " + e.getMessage());
        }
        Map<String, String> values;
        try {
            values = values(channel, known);
        } catch (RuntimeException e) {
            return Outcome.dead("channel '" + channel.name() + "': " + e.getMessage());
        }
        return switch (channel.type()) {
            case "slack" -> post(values.get("url"), AlertNotices.slack(json, notice).toString(), Map.of());
            case "pagerduty" -> post(values.getOrDefault("url", AlertChannelSpec.PAGERDUTY_URL),
                    AlertNotices.pagerDuty(json, notice, values.get("routingKey"), values.getOrDefault("source", "junction")).toString(), Map.of());
            case "webhook" -> signed(n, notice, values);
            case "email" -> mail(notice, values);
            default -> Outcome.dead("channel type '" + channel.type() + "' is not known to this version");
        };
    }

    /** The channel's config and secrets, resolved; each secret value is remembered to be cut out of errors. */
    private Map<String, String> values(AlertChannelSpec channel, List<String> known) {
        Map<String, String> values = new java.util.HashMap<>();
        channel.config().forEach((key, ref) -> values.put(key, ref instanceof ValueRef.Literal l ? l.value() : secrets.apply(ref)));
        channel.secrets().forEach((key, ref) -> {
            String value = secrets.apply(ref);
            known.add(value);
            values.put(key, value);
        });
        return values;
    }

    private Outcome signed(AlertNotification n, Notice notice, Map<String, String> values) {
        byte[] body = AlertNotices.webhook(json, notice).toString().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = WebhookSigner.header(n.id(), timestamp, body, values.get("secret"));
        } catch (IllegalArgumentException e) {
            return Outcome.dead("secrets.secret is not a Standard Webhooks secret (whsec_ and base64)");
        }
        return post(values.get("url"), new String(body, StandardCharsets.UTF_8),
                Map.of("webhook-id", n.id(), "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature));
    }

    private Outcome post(String target, String body, Map<String, String> headers) {
        URI url;
        try {
            url = URI.create(target);
            String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                return Outcome.dead("the channel's URL must be an http or https URL with a host");
            }
        } catch (IllegalArgumentException e) {
            return Outcome.dead("the channel's URL is not a URL");
        }
        String refusedName = egress.refusalOfName(url.getHost());
        if (refusedName != null) {
            return Outcome.dead("refused, not sent: " + refusedName);
        }
        try (EgressPins.Hold hold = EgressPins.holdUnlessProxied(url, egress.proxyInUse())) {
            for (InetAddress address : hold == null ? new InetAddress[0] : hold.addresses()) {
                String refusal = EventDeliverer.refusal(egress, url.getHost(), address, null);
                if (refusal != null) {
                    return Outcome.dead("refused, not sent: " + refusal);
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(policy.requestTimeout()).header("content-type", "application/json")
                    .header("user-agent", "Junction-Alerts/1").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return answer(response);
        } catch (java.net.UnknownHostException e) {
            return Outcome.failed("could not connect: host " + url.getHost() + " is unknown");
        } catch (IOException e) {
            return Outcome.failed((e instanceof java.net.http.HttpTimeoutException ? "timed out" : "network error")
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted: the process is stopping");
        }
    }

    private Outcome answer(HttpResponse<InputStream> response) throws IOException {
        int status = response.statusCode();
        String snippet;
        try (InputStream in = response.body()) {
            snippet = new String(in.readNBytes(SNIPPET_CHARS), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        }
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        String why = "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (PERMANENT.contains(status)) {
            return Outcome.dead(why);
        }
        Duration retryAfter = status == 429 || status == 503 ? response.headers().firstValue("retry-after").map(v -> RetryAfter.parse(v, clock)).orElse(null)
                : null;
        return new Outcome(why, retryAfter, false);
    }

    private Outcome mail(Notice notice, Map<String, String> values) {
        Properties props = new Properties();
        String timeout = Long.toString(policy.requestTimeout().toMillis());
        boolean startTls = !"false".equalsIgnoreCase(values.getOrDefault("startTls", "true"));
        String username = values.get("username");
        props.put("mail.smtp.host", values.get("host"));
        props.put("mail.smtp.port", values.getOrDefault("port", "587"));
        props.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        props.put("mail.smtp.starttls.required", Boolean.toString(startTls));
        props.put("mail.smtp.auth", Boolean.toString(username != null));
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress(values.get("from"), true));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(values.get("to"), true));
            message.setSubject(AlertNotices.emailSubject(notice), "UTF-8");
            message.setText(AlertNotices.emailText(notice), "UTF-8");
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("X-Junction-Alert", notice.alertId());
            if (username != null) {
                Transport.send(message, username, values.get("password"));
            } else {
                Transport.send(message);
            }
            return Outcome.DELIVERED;
        } catch (AuthenticationFailedException e) {
            return Outcome.dead("the SMTP server refused the login of '" + username + "'");
        } catch (jakarta.mail.internet.AddressException e) {
            return Outcome.dead("from or to is not an email address: " + e.getMessage());
        } catch (MessagingException e) {
            return Outcome.failed("could not send the mail: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
    }

    private void record(AlertNotification n, Outcome outcome) {
        Instant now = clock.instant();
        int attempts = n.attempts() + 1;
        String type = channels.apply(n.channel()).map(AlertChannelSpec::type).orElse("unknown");
        if (outcome.error() == null) {
            alerts.recordAttempt(n.id(), AlertNotification.Status.DELIVERED, null, null, now);
            attempted.accept(type, "delivered");
        } else if (outcome.permanent() || attempts >= policy.maxAttempts()) {
            alerts.recordAttempt(n.id(), AlertNotification.Status.DEAD, null, outcome.error(), now);
            attempted.accept(type, "dead");
            LOG.warn("Alert notification {} to channel '{}' failed for good after {} attempt(s): {}", n.id(), n.channel(), attempts, outcome.error());
        } else {
            alerts.recordAttempt(n.id(), AlertNotification.Status.FAILED, now.plus(wait(attempts, outcome.retryAfter())), outcome.error(), now);
            attempted.accept(type, "failed");
            LOG.debug("Alert notification {} to channel '{}' failed (attempt {}): {}", n.id(), n.channel(), attempts, outcome.error());
        }
    }

    /** After attempt {@code attempts} failed: a 429's wait (capped at the longest backoff), else exponential backoff with ±20% jitter. */
    Duration wait(int attempts, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : retryAfter;
        }
        long initial = policy.initialBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        long base = attempts >= 40 ? max : Math.min(max, initial << Math.max(0, attempts - 1));
        return Duration.ofMillis((long) (base * (0.8 + 0.4 * random.nextDouble())));
    }

    /** The error with every secret value of the channel cut out: an error never carries a webhook URL, a routing key or a password. */
    static String redact(String error, List<String> secretValues) {
        String out = error;
        for (String value : secretValues) {
            if (value != null && value.length() >= 4) {
                out = out.replace(value, "[redacted]");
            }
        }
        return out.length() > 1000 ? out.substring(0, 1000) + "…" : out;
    }
}
