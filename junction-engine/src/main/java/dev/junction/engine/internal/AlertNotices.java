package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.AlertRecord;
import java.time.Instant;
import java.util.Locale;

/**
 * What an alert notification says, and how each channel writes it. A {@link Notice} is stored in the
 * outbox (no secrets); when it is sent, the channel renders it: a Slack incoming-webhook message
 * ({@code text} and {@code blocks}), a PagerDuty Events API v2 event ({@code routing_key},
 * {@code event_action}, {@code dedup_key}, {@code payload}), a Junction event body for a signed
 * webhook ({@code type}, {@code timestamp}, {@code data}), or an email's subject and text.
 */
public final class AlertNotices {
    /** PagerDuty's limits: {@code payload.summary} 1024 characters, {@code dedup_key} 255. */
    static final int PAGERDUTY_SUMMARY = 1024;

    private AlertNotices() {}

    /**
     * One message about an alert.
     *
     * @param action {@code trigger} (it fires), {@code renotify} (it still fires), {@code resolve} (it cleared) or {@code test}
     * @param condition the rule's condition ({@code run-failed}, ...)
     * @param firedAt when the alert fired (ISO-8601, as every instant here)
     * @param at when the change happened
     */
    public record Notice(String action, String alertId, String rule, String condition, String severity, String summary, String subject, String tenant,
            String sync, String connection, String firedAt, String resolvedAt, String at) {

        public static Notice of(String action, AlertRecord alert, String condition, Instant at) {
            return new Notice(action, alert.id(), alert.rule(), condition, alert.severity(), alert.summary(), alert.subject(), alert.tenant(),
                    alert.sync(), alert.connection(), alert.firedAt().toString(), alert.resolvedAt() == null ? null : alert.resolvedAt().toString(),
                    at.toString());
        }

        boolean resolved() {
            return action.equals("resolve");
        }

        /** FIRING, STILL FIRING, RESOLVED or TEST. */
        String state() {
            return switch (action) {
                case "resolve" -> "RESOLVED";
                case "renotify" -> "STILL FIRING";
                case "test" -> "TEST";
                default -> "FIRING";
            };
        }

        /** PagerDuty's dedup key: one incident per alert episode, so a trigger and its resolve meet. */
        String dedupKey() {
            return "junction/" + alertId;
        }

        /** {@code sync crm-to-helpdesk · tenant acme}: what the alert is about, for people. */
        String about() {
            StringBuilder about = new StringBuilder();
            append(about, "sync", sync);
            append(about, "connection", connection);
            append(about, "tenant", tenant);
            return about.isEmpty() ? subject : about.toString();
        }

        private static void append(StringBuilder to, String name, String value) {
            if (value != null) {
                to.append(to.isEmpty() ? "" : " · ").append(name).append(' ').append(value);
            }
        }
    }

    /** One line: {@code [FIRING] critical crm-sync-failing: the summary}. */
    public static String headline(Notice n) {
        return "[" + n.state() + "] " + n.severity() + " " + n.rule() + ": " + n.summary();
    }

    /** A Slack incoming-webhook message: {@code text} (the notification's fallback) and {@code blocks} (a section and a context). */
    public static ObjectNode slack(ObjectMapper json, Notice n) {
        ObjectNode body = json.createObjectNode();
        body.put("text", headline(n));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", "*" + n.state() + "* · " + n.severity() + " · *" + n.rule() + "*\n" + n.summary());
        ObjectNode context = blocks.addObject().put("type", "context");
        String when = n.resolved() ? "fired " + n.firedAt() + ", resolved " + n.at() : "since " + n.firedAt();
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", n.about() + " · " + n.condition() + " · " + when);
        return body;
    }

    /**
     * A PagerDuty Events API v2 event: {@code trigger} with {@code payload} (summary, source, severity,
     * timestamp, component, group, class, custom_details), or {@code resolve} with the same
     * {@code dedup_key} (no payload).
     */
    public static ObjectNode pagerDuty(ObjectMapper json, Notice n, String routingKey, String source) {
        ObjectNode body = json.createObjectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", n.resolved() ? "resolve" : "trigger");
        body.put("dedup_key", n.dedupKey());
        if (!n.resolved()) {
            ObjectNode payload = body.putObject("payload");
            String summary = n.rule() + ": " + n.summary();
            payload.put("summary", summary.length() > PAGERDUTY_SUMMARY ? summary.substring(0, PAGERDUTY_SUMMARY - 1) + "…" : summary);
            payload.put("source", source);
            payload.put("severity", n.severity());
            payload.put("timestamp", n.firedAt());
            if (n.sync() != null || n.connection() != null) {
                payload.put("component", n.sync() != null ? n.sync() : n.connection());
            }
            if (n.tenant() != null) {
                payload.put("group", n.tenant());
            }
            payload.put("class", n.condition());
            payload.set("custom_details", json.createObjectNode().put("rule", n.rule()).put("subject", n.subject()).put("alertId", n.alertId()));
        }
        return body;
    }

    /** The body of a signed webhook: like Junction's outbound events, {@code type} {@code alert.fired|renotified|resolved|test}. */
    public static ObjectNode webhook(ObjectMapper json, Notice n) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "alert." + switch (n.action()) {
            case "resolve" -> "resolved";
            case "renotify" -> "renotified";
            case "test" -> "test";
            default -> "fired";
        });
        body.put("timestamp", n.at());
        ObjectNode data = body.putObject("data");
        data.put("alertId", n.alertId());
        data.put("rule", n.rule());
        data.put("condition", n.condition());
        data.put("severity", n.severity());
        data.put("status", n.resolved() ? "resolved" : "firing");
        data.put("summary", n.summary());
        data.put("subject", n.subject());
        data.put("tenant", n.tenant());
        data.put("sync", n.sync());
        data.put("connection", n.connection());
        data.put("firedAt", n.firedAt());
        data.put("resolvedAt", n.resolvedAt());
        return body;
    }

    /** An email's subject: {@code [Junction] FIRING critical crm-sync-failing: summary}, at most one line of 200 characters. */
    public static String emailSubject(Notice n) {
        String subject = "[Junction] " + headline(n).substring(1).replaceFirst("] ", " ").replaceAll("[\\r\\n]+", " ");
        return subject.length() > 200 ? subject.substring(0, 199) + "…" : subject;
    }

    /** An email's plain text. */
    public static String emailText(Notice n) {
        return n.state() + ": " + n.rule() + " (" + n.severity() + ")\n\n" + n.summary() + "\n\n"
                + "About:     " + n.about() + "\n"
                + "Condition: " + n.condition() + "\n"
                + "Fired:     " + n.firedAt() + "\n"
                + (n.resolved() ? "Resolved:  " + n.at() + "\n" : "")
                + "Alert:     " + n.alertId() + "\n\n"
                + "List alerts with GET /api/v1/alerts or junction alerts list.\n";
    }

    /** The lower-case state for logs. */
    static String state(Notice n) {
        return n.state().toLowerCase(Locale.ROOT);
    }
}
