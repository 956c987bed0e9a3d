package dev.junction.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link WebhookVerifier} decided about one delivery: an event to store, a verification
 * challenge to answer, or a refusal. Exhaustive: switch over it.
 *
 * <pre>{@code
 * switch (verifier.verify(delivery)) {
 *     case WebhookResult.Accepted a -> inbox.store(a);              // then answer 2xx
 *     case WebhookResult.Events e -> inbox.storeAll(e.events());    // the same, for each
 *     case WebhookResult.Handshake h -> answer(h.status(), h.contentType(), h.body());
 *     case WebhookResult.Rejected r -> answer(r.status(), "text/plain", r.reason());   // and count it
 * }
 * }</pre>
 */
public sealed interface WebhookResult {

    /**
     * A delivery whose raw bytes were verified, then parsed.
     *
     * @param eventId the provider's event id (never null or blank, at most {@link #MAX_ID_LENGTH}
     *     characters): the inbox deduplicates by it
     * @param eventType the event type, or null when the connector names none or the delivery has none
     * @param recordKey the key of the record the event is about, or null
     * @param routing the value that routes an app-level webhook to a tenant's connection (a Stripe
     *     {@code account}, a Slack {@code team_id}), or null when the connector names none or the
     *     delivery has none (a platform's own event)
     * @param payload the parsed body: JSON, or for {@code application/x-www-form-urlencoded} an
     *     object of the form fields (strings; a repeated field as an array)
     */
    record Accepted(String eventId, String eventType, String recordKey, String routing, JsonNode payload) implements WebhookResult {
        public Accepted {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * A verified delivery that carries several events (the connector's {@code webhooks.events}
     * names their list, as HubSpot sends up to 100 at once): each is an event of its own, with its
     * own id, read inside it. Store them all before answering 2xx. May be empty (a list with no
     * events): nothing to store.
     */
    record Events(List<Accepted> events) implements WebhookResult {
        public Events {
            events = List.copyOf(events);
        }
    }

    /**
     * A verification challenge: answer with exactly this, and store nothing.
     *
     * @param status a 2xx status
     * @param contentType such as {@code text/plain}
     * @param body the answer's body (the challenge, as the connector's {@code respond} template says)
     * @param done what answering it did at the provider, for the operator's log (Amazon SNS: {@code
     *     confirmed the subscription to topic ARN}); null when it did nothing but answer
     * @param headers headers of the answer (Asana's {@code X-Hook-Secret}, echoed); empty for most
     */
    record Handshake(int status, String contentType, String body, String done, java.util.Map<String, String> headers) implements WebhookResult {
        public Handshake {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            headers = headers == null ? java.util.Map.of() : java.util.Map.copyOf(headers);
        }

        /** Answered with no header of its own. */
        public Handshake(int status, String contentType, String body, String done) {
            this(status, contentType, body, done, null);
        }

        /** A challenge answered, nothing else done. */
        public Handshake(int status, String contentType, String body) {
            this(status, contentType, body, null);
        }

        /** Hides the headers' values: an echoed secret (Asana's {@code X-Hook-Secret}) is one. */
        @Override
        public String toString() {
            return "Handshake[status=" + status + ", contentType=" + contentType + ", body=" + body + ", done=" + done + ", headers="
                    + headers.keySet() + "]";
        }
    }

    /**
     * A refused delivery: answer with {@code status} and {@code reason}, count it, never store it.
     *
     * @param status 400 (malformed: a header that does not parse, a body that is not JSON, no event
     *     id), 401 (not authentic: no or a wrong signature or credential, a timestamp outside the
     *     tolerance), 413 (body over the limit), or, for a scheme that calls its provider (Amazon SNS),
     *     503 (its signing certificate could not be fetched: send again later) or 502 (a subscription
     *     could not be confirmed)
     * @param reason a short sentence safe to send to the caller and to log: it names headers and
     *     paths, never a secret, a signature or a header's value
     */
    record Rejected(int status, String reason) implements WebhookResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The longest event id, record key or routing value accepted (characters). */
    int MAX_ID_LENGTH = 255;
}
