package dev.junction.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.internal.AlertConditions;
import dev.junction.engine.internal.AlertConditions.Verdict;
import dev.junction.engine.internal.AlertDeliverer;
import dev.junction.engine.internal.AlertHolds;
import dev.junction.engine.internal.AlertNotices.Notice;
import dev.junction.engine.internal.AlertSweep;
import dev.junction.engine.internal.Background;
import dev.junction.engine.internal.EventWorker;
import dev.junction.spec.AlertChannelSpec;
import dev.junction.spec.AlertSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRecord;
import dev.junction.store.AlertRepository;
import dev.junction.store.AlertSilence;
import dev.junction.store.InboxStats;
import dev.junction.store.Store;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts: the applied {@code kind: Alert} rules watched, their alerts fired once per rule and subject
 * while the condition holds and resolved when it clears, and the {@code kind: AlertChannel}s told
 * through a durable outbox with retries. Conditions with an event ({@code run.failed},
 * {@code schema.drifted}, {@code connection.needs_reauth}, ...) are decided as the engine emits the
 * event, in the emitting process ({@link #observe}); the others (no successful run, inbox lag,
 * connection status, Deprecation/Sunset) on a periodic {@link #evaluate} where the run queue runs.
 * Notifications are sent where the run queue runs. See docs/operations.md ("Alerts").
 */
public final class Alerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final Duration MAX_SILENCE = Duration.ofDays(90);

    /**
     * How alerts are evaluated and sent.
     *
     * @param evaluateEvery how often the clock-decided conditions, re-notifies and one-off resolves are checked
     * @param pollInterval how often a sending process looks for due notifications
     * @param maxAttempts after how many failed attempts a notification is dead
     * @param initialBackoff the wait after the first failed attempt, doubled after each next one (±20% jitter)
     * @param maxBackoff the longest wait between two attempts (and the longest {@code Retry-After} granted)
     * @param requestTimeout how long one send may take
     * @param retention how long sent and dead notifications, and resolved alerts, are kept
     */
    public record Settings(Duration evaluateEvery, Duration pollInterval, int batch, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
            Duration requestTimeout, Duration retention) {
        /** Evaluated every 30 s; 20 attempts from 10 s doubling to 1 h; 15 s per send; 30 days of history. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(1), 20, 20, Duration.ofSeconds(10),
                Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofDays(30));

        public Settings {
            for (Duration d : List.of(evaluateEvery, pollInterval, initialBackoff, maxBackoff, requestTimeout, retention)) {
                if (d == null || !d.isPositive()) {
                    throw new IllegalArgumentException("alert settings: every duration must be positive, was " + d);
                }
            }
            if (batch < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("alert settings: batch and maxAttempts must be at least 1, were " + batch + " and " + maxAttempts);
            }
        }

        public Settings withEvaluateEvery(Duration value) {
            return new Settings(value, pollInterval, batch, maxAttempts, initialBackoff, maxBackoff, requestTimeout, retention);
        }

        public Settings withMaxAttempts(int value) {
            return new Settings(evaluateEvery, pollInterval, batch, value, initialBackoff, maxBackoff, requestTimeout, retention);
        }
    }

    private final AlertRepository alerts;
    private final Supplier<LoadResult> applied;
    private final Clock clock;
    private final ObjectMapper json;
    private final Settings settings;
    private final SecureRandom random;
    private final HttpClient client;
    private final AlertDeliverer deliverer;
    private final AlertSweep sweep;
    private final AlertHolds holds;
    private final EventWorker worker;
    private Instant evaluatedAt; // guarded by this

    /**
     * @param applied the applied definitions (rules, channels, syncs), read at each use
     * @param secrets resolves channels' {@code ${env:}} and {@code ${file:}} references within the operator's secret scope
     * @param inbox the inbox's counts and oldest pending age, for {@code inbox-lag}
     * @param attempted told of each send attempt's channel type and outcome (metrics)
     */
    public Alerts(Store store, Supplier<LoadResult> applied, Function<ValueRef, String> secrets, Supplier<InboxStats> inbox, Clock clock,
            ObjectMapper json, Settings settings, dev.junction.http.EgressPolicy egress, java.util.function.BiConsumer<String, String> attempted) {
        this.alerts = store.alerts();
        this.applied = applied;
        this.clock = clock;
        this.json = json;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = new SecureRandom();
        this.client = egress.proxyInUse().configure(HttpClient.newBuilder()).connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.deliverer = new AlertDeliverer(alerts, name -> Optional.ofNullable(applied.get().alertChannels().get(name)), secrets, client, json, clock,
                random, new AlertDeliverer.Policy(settings.batch(), settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff(),
                        settings.requestTimeout()), egress, attempted);
        this.sweep = new AlertSweep(store, inbox, clock.instant());
        this.holds = new AlertHolds(alerts);
        this.worker = new EventWorker(this::pass, alerts::purge, clock, settings.pollInterval(), settings.retention(), settings.batch(), "junction-alerts");
    }

    public Settings settings() {
        return settings;
    }

    // ---- rules and alerts -----------------------------------------------------------------------

    /** The applied rules, by name. */
    public Map<String, AlertSpec> rules() {
        return applied.get().alerts();
    }

    /** The applied channels, by name. */
    public Map<String, AlertChannelSpec> channels() {
        return applied.get().alertChannels();
    }

    /** Alerts newest first; {@code tenant} null for every tenant's, {@code status} null for firing and resolved. */
    public List<AlertRecord> list(String tenant, AlertRecord.Status status, int limit) {
        return alerts.list(tenant, status, limit);
    }

    /** An alert's notifications, newest first. */
    public List<AlertNotification> notifications(String alertId, int limit) {
        return alerts.notifications(alertId, limit);
    }

    // ---- silences -------------------------------------------------------------------------------

    /**
     * Silences alerts from {@code startsAt} (null: now) until {@code endsAt}: those it matches fire and
     * resolve as usual, but no channel is told while it lasts; one still firing when it ends is sent then.
     * {@code rule}, {@code sync}, {@code connection} and {@code tenant} each match anything when null.
     *
     * @throws EngineException.Invalid naming what is wrong: an unknown rule, an end not after the start, a window over 90 days, no reason
     */
    public AlertSilence silence(String rule, String sync, String connection, String tenant, Instant startsAt, Instant endsAt, String reason, String by) {
        Instant now = clock.instant();
        Instant start = startsAt == null ? now : startsAt;
        if (rule != null && !rules().containsKey(rule)) {
            throw new EngineException.Invalid("rule: no alert rule '" + rule + "' is applied; the rules are "
                    + (rules().isEmpty() ? "none" : String.join(", ", rules().keySet())) + " (leave rule out to silence every rule)");
        }
        if (endsAt == null || !endsAt.isAfter(start) || !endsAt.isAfter(now) || Duration.between(start, endsAt).compareTo(MAX_SILENCE) > 0) {
            throw new EngineException.Invalid("endsAt: expected a time after startsAt (" + start + ") and after now, at most 90 days later, such as "
                    + start.plus(Duration.ofHours(2)));
        }
        if (reason == null || reason.isBlank() || reason.length() > 500 || reason.chars().anyMatch(Character::isISOControl)) {
            throw new EngineException.Invalid("reason: expected 1 to 500 characters without control characters, such as \"deploying the CRM v4 migration\"");
        }
        AlertSilence silence = new AlertSilence(newId("sil_"), rule, sync, connection, tenant, start, endsAt, reason, by, now);
        alerts.addSilence(silence);
        return silence;
    }

    /** Silences in effect now or later, soonest ending first. */
    public List<AlertSilence> silences() {
        return alerts.silences(clock.instant());
    }

    /** Ends a silence now: alerts it held are sent at the next evaluation. @throws EngineException.NotFound when there is none */
    public void unsilence(String id) {
        if (!alerts.deleteSilence(id)) {
            throw new EngineException.NotFound("no alert silence with id '" + id + "'; list them with GET /api/v1/alert-silences");
        }
    }

    // ---- evaluating -----------------------------------------------------------------------------

    /**
     * Decides the rules whose condition the events are about (the engine calls this with every event it
     * emits); fires and resolves their alerts. Never throws: an alert that could not be stored is logged.
     */
    public void observe(List<Events.Event> emitted) {
        try {
            Map<String, AlertSpec> rules = rules();
            if (rules.isEmpty()) {
                return;
            }
            Map<String, SyncSpec> syncs = applied.get().syncs();
            Function<String, List<String>> connectionsOf = sync -> syncs.containsKey(sync) ? AlertSweep.connectionsOf(syncs.get(sync)) : List.of();
            for (Events.Event event : emitted) {
                JsonNode data = json.valueToTree(event.data() == null ? Map.of() : event.data());
                for (AlertSpec rule : rules.values()) {
                    for (Verdict verdict : AlertConditions.on(rule, event.type(), event.tenant(), data, connectionsOf)) {
                        apply(rule, verdict);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Alert rules could not be evaluated for {} event(s): {}", emitted.size(), e.getMessage());
        }
    }

    /**
     * One periodic evaluation: the conditions decided by the clock, one-off alerts not seen again within
     * their rule's {@code resolveAfter}, re-notifies, and alerts of rules no longer applied (resolved
     * without a message). @return how many alerts fire now
     */
    public int evaluate() {
        LoadResult definitions = applied.get();
        Map<String, AlertSpec> rules = definitions.alerts();
        Instant now = clock.instant();
        for (AlertSpec rule : rules.values()) {
            List<Verdict> verdicts = sweep.verdicts(rule, definitions.syncs(), now);
            if (verdicts == null) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (Verdict verdict : verdicts) {
                seen.add(verdict.subject().key());
                apply(rule, verdict);
            }
            for (AlertRecord firing : alerts.firing()) {
                if (firing.rule().equals(rule.name()) && !seen.contains(firing.subject())) {
                    resolve(rule, firing, now); // its subject is gone, or no longer signals
                }
            }
        }
        int firingNow = 0;
        for (AlertRecord firing : alerts.firing()) {
            AlertSpec rule = rules.get(firing.rule());
            if (rule == null) {
                alerts.resolve(firing.id(), now, List.of()); // the rule was deleted: nobody to tell
            } else if (AlertHolds.oneOff(rule) && !firing.lastSeenAt().plus(rule.resolveAfter()).isAfter(now)) {
                resolve(rule, firing, now);
            } else {
                firingNow++;
                if (firing.notifiedAt() == null && !holds.stillHeld(rule, firing, now)) {
                    alerts.renotify(firing.id(), now, notifications("trigger", rule, firing, now)); // held until now
                } else if (rule.renotify() != null && firing.notifiedAt() != null && !firing.notifiedAt().plus(rule.renotify()).isAfter(now)
                        && !holds.silenced(firing, now)) {
                    alerts.renotify(firing.id(), now, notifications("renotify", rule, firing, now));
                }
            }
        }
        return firingNow;
    }

    private void apply(AlertSpec rule, Verdict verdict) {
        Instant now = clock.instant();
        Optional<AlertRecord> firing = alerts.firing(rule.name(), verdict.subject().key());
        if (!verdict.holds()) {
            firing.ifPresent(alert -> resolve(rule, alert, now));
            return;
        }
        if (firing.isPresent()) {
            alerts.seen(firing.get().id(), now);
            return;
        }
        AlertConditions.Subject s = verdict.subject();
        String summary = verdict.summary().length() > 2000 ? verdict.summary().substring(0, 1999) + "…" : verdict.summary();
        AlertRecord alert = new AlertRecord(newId("alr_"), rule.name(), s.key(), s.tenant(), s.sync(), s.connection(), rule.severity(),
                AlertRecord.Status.FIRING, summary, now, now, null, now);
        String held = holds.heldBecause(rule, alert, now);
        if (held != null) {
            alert = new AlertRecord(alert.id(), alert.rule(), alert.subject(), alert.tenant(), alert.sync(), alert.connection(), alert.severity(),
                    alert.status(), alert.summary(), now, now, null, null); // notified later, when it is no longer held
        }
        if (alerts.fire(alert, held != null ? List.of() : notifications("trigger", rule, alert, now))) {
            LOG.warn("Alert {} fired ({}){}: {}", rule.name(), s.key(), held == null ? "" : ", " + held + ": no channel told yet", summary);
            worker.wake();
        }
    }

    private void resolve(AlertSpec rule, AlertRecord alert, Instant now) {
        AlertRecord resolved = new AlertRecord(alert.id(), alert.rule(), alert.subject(), alert.tenant(), alert.sync(), alert.connection(),
                alert.severity(), AlertRecord.Status.RESOLVED, alert.summary(), alert.firedAt(), alert.lastSeenAt(), now, alert.notifiedAt());
        // an alert no channel heard of (held, then cleared) resolves quietly
        List<AlertNotification> told = alert.notifiedAt() == null ? List.of() : notifications("resolve", rule, resolved, now);
        if (alerts.resolve(alert.id(), now, told)) {
            LOG.info("Alert {} resolved ({})", rule.name(), alert.subject());
            worker.wake();
        }
    }

    private List<AlertNotification> notifications(String action, AlertSpec rule, AlertRecord alert, Instant now) {
        String payload = payload(Notice.of(action, alert, rule.condition().type().yamlName(), now));
        return rule.channels().stream().map(channel -> AlertNotification.pending(newId("ntf_"), alert.id(), channel, action, alert.tenant(), payload, now))
                .toList();
    }

    private String payload(Notice notice) {
        try {
            return json.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert notice could not be written as JSON", e);
        }
    }

    // ---- sending --------------------------------------------------------------------------------

    /**
     * Sends a test message to an applied channel now and answers with the notification as the attempt
     * left it ({@code DELIVERED}, or {@code FAILED} with why: it is retried like any other).
     *
     * @throws EngineException.NotFound when no such channel is applied
     */
    public AlertNotification test(String channel) {
        if (!channels().containsKey(channel)) {
            throw new EngineException.NotFound("no alert channel '" + channel + "' is applied; the channels are "
                    + (channels().isEmpty() ? "none (apply a kind: AlertChannel definition)" : String.join(", ", channels().keySet())));
        }
        Instant now = clock.instant();
        String id = newId("ntf_");
        Notice notice = new Notice("test", "test-" + id.substring(4), "test", "test", "info", "A test message from Junction to alert channel '"
                + channel + "'; nothing is wrong.", "test", null, null, null, now.toString(), null, now.toString());
        return deliverer.sendNow(AlertNotification.pending(id, null, channel, "test", null, payload(notice), now));
    }

    /** One sending pass in this process (what the loop does each poll), after a periodic evaluation when one is due. */
    public int deliverDue() {
        return deliverer.deliverDue();
    }

    private int pass() {
        Instant now = clock.instant();
        boolean due;
        synchronized (this) {
            due = evaluatedAt == null || !now.isBefore(evaluatedAt.plus(settings.evaluateEvery()));
            if (due) {
                evaluatedAt = now;
            }
        }
        if (due) {
            try {
                evaluate();
            } catch (RuntimeException e) {
                LOG.warn("Alert rules could not be evaluated: {}", e.getMessage());
            }
        }
        return deliverDue();
    }

    /** The evaluating and sending loop, started and stopped with the run queue. */
    Background worker() {
        return worker;
    }

    @Override
    public void close() {
        worker.stop(Duration.ofSeconds(5));
        client.close();
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
