package dev.junction.spec.internal;

import dev.junction.spec.SourceLocation;
import dev.junction.spec.WebhookScheme;
import dev.junction.spec.WebhookSpec.Handshake;
import dev.junction.spec.WebhookSpec.ValueSource;
import dev.junction.spec.WebhookSpec;
import dev.junction.spec.WebhookVendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code webhooks:} of a connector. Fills every default the scheme implies, so the spec says
 * exactly where each value comes from:
 *
 * <table>
 *   <caption>Defaults per scheme</caption>
 *   <tr><th>scheme</th><th>eventId</th><th>eventType</th></tr>
 *   <tr><td>standard-webhooks</td><td>header webhook-id</td><td>$.type</td></tr>
 *   <tr><td>svix</td><td>header svix-id</td><td>$.type</td></tr>
 *   <tr><td>a provider's own (stripe, github, slack, hubspot, twilio, sendgrid, shopify, zoom, mailgun, zendesk, sns,
 *       paypal)</td><td colspan="2">as its
 *       {@link WebhookVendor} says</td></tr>
 *   <tr><td>public-key</td><td>required</td><td>none</td></tr>
 *   <tr><td>hmac, shared-secret, basic</td><td>required</td><td>none</td></tr>
 * </table>
 */
final class WebhooksReader {
    private WebhooksReader() {}

    /**
     * Null when absent or wrong (reported). {@code actions} are the connector's action names, for
     * register and unregister; {@code config} its config field names, for routeTo.
     */
    static WebhookSpec read(Fields root, TemplateCheck templates, Collection<String> actions, Collection<String> config) {
        Fields w = root.has("webhooks") ? root.fields("webhooks", false) : null;
        if (w == null) {
            return null;
        }
        w.allow(Schema.WEBHOOKS);
        WebhookScheme verify = WebhookVerifyReader.read(w, templates);
        Duration tolerance = w.duration("tolerance", false, WebhookSpec.DEFAULT_TOLERANCE, true);
        if (verify != null && w.has("tolerance") && !verify.signsTimestamp()) {
            w.problem("tolerance", "scheme '" + verify.scheme() + "'" + (verify instanceof WebhookScheme.Vendor v && v.version() != null
                    ? " version " + v.version() : "") + " signs no timestamp, so a tolerance has no effect"
                    + (verify instanceof WebhookScheme.Hmac || verify instanceof WebhookScheme.PublicKey ? "; name the timestampHeader and put {{ timestamp }} in signedContent" : "; remove it"));
        }
        String formJson = w.has("formJson") ? w.string("formJson", true) : null;
        Boolean messageJson = w.bool("messageJson", false);
        boolean sns = verify instanceof WebhookScheme.Vendor v && v.kind() == WebhookVendor.SNS;
        if (Boolean.TRUE.equals(messageJson) && verify != null && !sns) {
            w.problem("messageJson", "messageJson reads the Message of an Amazon SNS message as JSON, so it needs scheme: sns");
            messageJson = null;
        }
        if (sns && w.has("handshake")) {
            w.problem("handshake", "scheme sns confirms its subscriptions itself (a GET of the SubscriptionConfirmation's SubscribeURL); remove handshake");
        }
        String events = w.has("events") ? w.jsonPath("events", true)
                : verify instanceof WebhookScheme.Vendor v ? v.events() : null;
        ValueSource eventId = w.has("eventId") ? value(w, "eventId") : verify == null ? null : defaultEventId(w, verify);
        if (events != null && eventId != null && (eventId instanceof ValueSource.Header || eventId instanceof ValueSource.Query)) {
            w.problem(w.has("eventId") ? "eventId" : "events", "with events, each event's id must be a payload path inside the event, such as"
                    + " $.eventId: a header or query value is the same for every event of a delivery, so all but the first would be taken"
                    + " for redeliveries");
            eventId = null;
        }
        ValueSource eventType = w.has("eventType") ? value(w, "eventType") : verify == null ? null : defaultEventType(verify);
        ValueSource recordKey = w.has("recordKey") ? value(w, "recordKey") : null;
        String record = w.jsonPath("record", false);
        ValueSource tenant = w.has("tenant") ? value(w, "tenant") : null;
        String routeTo = routeTo(w, config);
        Fields handshakeFields = w.has("handshake") && !sns ? w.fields("handshake", false) : null;
        String secretHeader = handshakeFields != null && handshakeFields.has("secretHeader") ? WebhookHandshakeReader.secretHeader(handshakeFields) : null;
        Handshake handshake = sns ? WebhookHandshakeReader.SNS_SUBSCRIPTION : handshakeFields != null && handshakeFields.has("secretHeader") ? null
                : w.has("handshake") ? WebhookHandshakeReader.handshake(handshakeFields, templates)
                : verify instanceof WebhookScheme.Vendor v && v.kind() == WebhookVendor.ZOOM ? WebhookHandshakeReader.ZOOM_URL_VALIDATION
                : verify instanceof WebhookScheme.Vendor v && v.kind() == WebhookVendor.MSGRAPH ? WebhookHandshakeReader.GRAPH_VALIDATION : null;
        Long maxBodySize = ByteSizes.read(w, "maxBodySize");
        Boolean ordered = w.bool("ordered", false);
        if (Boolean.TRUE.equals(ordered) && !w.has("recordKey")) {
            w.problem("ordered", "ordered: true keeps the events of one record in arrival order, so it needs recordKey, the payload path"
                    + " of the record's key, such as $.data.id");
        }
        String register = action(w, "register", actions);
        String unregister = action(w, "unregister", actions);
        if (verify != null && !w.has("register") && verify.secrets().stream().anyMatch(WebhookVerifyReader::isRegistrationReference)) {
            w.problem("verify", "a secret from the registration ({{ registration.FIELD }}) is what the register action answered, so it needs"
                    + " register: the action that creates the webhook at the provider");
            verify = null;
        }
        if (verify != null && secretHeader == null && verify.secrets().stream().anyMatch(WebhookVerifyReader::isHandshakeSecretReference)) {
            w.problem("verify", "{{ handshake.secret }} is the secret the provider sends while the webhook is being created, so it needs"
                    + " handshake: { secretHeader: NAME }, the header it comes in (Asana's X-Hook-Secret)");
            verify = null;
        }
        String renew = action(w, "renew", actions);
        Duration renewEvery = w.duration("renewEvery", w.has("renew"), null, true);
        if (renewEvery != null && !w.has("renew")) {
            w.problem("renewEvery", "renewEvery says how often the renew action runs; name it with renew:");
            renewEvery = null;
        } else if (renewEvery != null && renewEvery.compareTo(Duration.ofMinutes(1)) < 0) {
            w.problem("renewEvery", "expected 1m or more (renewals are checked every minute), found " + w.string("renewEvery", true));
            renewEvery = null;
        }
        if (w.has("renew") && !w.has("register")) {
            w.problem("renew", "renew renews what the register action created (its answer is the renewal's record.registration), so it needs register");
            renew = null;
        }
        if (secretHeader != null && !w.has("register")) {
            w.problem("handshake", "a secretHeader handshake is taken only while Junction creates the webhook, so it needs register: the"
                    + " action that creates it at the provider");
            secretHeader = null;
        }
        if (verify == null || tolerance == null || eventId == null || maxBodySize == null || ordered == null || messageJson == null
                || sns && w.has("handshake")
                || w.has("eventType") && eventType == null || w.has("handshake") && handshake == null && secretHeader == null
                || w.has("recordKey") && recordKey == null || w.has("events") && events == null || w.has("formJson") && formJson == null || w.has("record") && record == null || w.has("tenant") && tenant == null
                || w.has("routeTo") && routeTo == null
                || w.has("register") && register == null || w.has("unregister") && unregister == null
                || w.has("renew") && (renew == null || renewEvery == null) || w.has("renewEvery") && renewEvery == null) {
            return null;
        }
        SourceLocation location = w.mapping().location();
        return new WebhookSpec(verify, tolerance, eventId, eventType, recordKey, record, tenant, routeTo, handshake, maxBodySize, ordered, register, unregister, location,
                events, formJson, messageJson, secretHeader, renew, renewEvery);
    }

    private static ValueSource defaultEventId(Fields w, WebhookScheme verify) {
        if (verify.idHeader() != null) {
            return new ValueSource.Header(verify.idHeader());
        }
        if (verify instanceof WebhookScheme.Vendor v && (v.digestId() || !v.eventId().isEmpty())) {
            List<String> paths = v.eventId();
            return paths.isEmpty() ? new ValueSource.Digest() : paths.size() == 1 ? new ValueSource.Path(paths.getFirst()) : new ValueSource.Joined(paths);
        }
        w.missing("eventId", " (scheme '" + verify.scheme() + "'" + (verify instanceof WebhookScheme.Vendor v ? " version " + v.version() : "")
                + " sends no event id of its own; name a payload path such as $.id"
                + " or a header such as { header: X-Event-Id }, so that redelivered events can be recognized)");
        return null;
    }

    private static ValueSource defaultEventType(WebhookScheme verify) {
        if (verify instanceof WebhookScheme.Vendor v && v.kind().otherEventType() != null && v.eventType() != null) {
            return new ValueSource.FirstOf(List.of(v.eventType(), v.kind().otherEventType()));
        }
        String type = switch (verify) {
            case WebhookScheme.Vendor v -> v.eventType();
            case WebhookScheme.StandardWebhooks s -> "$.type";
            default -> null;
        };
        return type == null ? null : type.startsWith("header:") ? new ValueSource.Header(type.substring("header:".length())) : new ValueSource.Path(type);
    }

    /** {@code "$.id"} (a payload path) or {@code { header: X-Id }} / {@code { path: $.id }}; null when wrong (reported). */
    private static ValueSource value(Fields w, String key) {
        YamlNode node = w.node(key);
        if (node instanceof YamlNode.Scalar) {
            String path = w.jsonPath(key, true);
            return path == null ? null : new ValueSource.Path(path);
        }
        Fields f = w.fields(key, false);
        if (f == null) {
            return null;
        }
        boolean id = key.equals("eventId");
        List<String> forms = id ? Schema.WEBHOOK_EVENT_ID : Schema.WEBHOOK_VALUE;
        f.allow(forms);
        if (id && f.has("digest") && forms.stream().filter(f::has).count() == 1) {
            String algorithm = f.oneOf("digest", List.of("sha256"), null);
            return algorithm == null ? null : new ValueSource.Digest();
        }
        if (id && f.has("paths") && forms.stream().filter(f::has).count() == 1) {
            if (!(f.node("paths") instanceof YamlNode.Sequence list)) {
                f.problem("paths", "expected a list of payload paths, such as [$.subscriptionId, $.eventId]");
                return null;
            }
            List<String> paths = new java.util.ArrayList<>();
            for (YamlNode item : list.items()) {
                String text = Fields.text(item, f.child("paths"), f.problems());
                if (text == null) {
                    return null;
                }
                paths.add(text.strip());
            }
            if (paths.size() < 2) {
                f.problem("paths", "expected two or more payload paths whose values together identify an event, found " + paths.size()
                        + "; for one, write eventId: PATH");
                return null;
            }
            for (String path : paths) {
                try {
                    dev.junction.json.JsonPath.parse(path);
                } catch (IllegalArgumentException e) {
                    f.problem("paths", "invalid JSON path '" + path + "': " + e.getMessage());
                    return null;
                }
            }
            return new ValueSource.Joined(paths);
        }
        return oneSource(f, forms, id ? "such as $.id, { header: X-Event-Id }, { paths: [$.subscriptionId, $.eventId] } or { digest: sha256 }" : "such as $.id or { header: X-Event-Id }");
    }

    /** Exactly one of {@code forms} (path, header, query) in {@code f}; null when not (reported). */
    static ValueSource oneSource(Fields f, List<String> forms, String example) {
        List<String> given = forms.stream().filter(f::has).toList();
        if (given.size() != 1) {
            String which = String.join(", ", forms);
            if (given.isEmpty()) {
                f.missing(forms.getFirst(), " (one of " + which + ", " + example + ")");
            } else {
                f.problem(given.get(1), "give only one of " + which + ", found " + String.join(" and ", given));
            }
            return null;
        }
        String form = given.getFirst();
        if (form.equals("path")) {
            String path = f.jsonPath("path", true);
            return path == null ? null : new ValueSource.Path(path);
        }
        String name = f.string(form, true);
        if (name == null) {
            return null;
        }
        return form.equals("header") ? new ValueSource.Header(name.strip()) : new ValueSource.Query(name.strip());
    }

    /**
     * {@code routeTo: config.NAME}: the declared config field an app-level delivery's routing value
     * is matched with; only next to {@code tenant:}. The field's name, or null (reported when given but wrong).
     */
    private static String routeTo(Fields w, Collection<String> config) {
        String text = w.string("routeTo", false);
        if (text == null) {
            return null;
        }
        String example = "such as routeTo: config.accountId";
        if (!w.has("tenant")) {
            w.problem("routeTo", "routeTo names the connection field an app-level delivery's routing value is matched with, so it needs"
                    + " tenant:, the payload path of that value (such as tenant: $.account)");
            return null;
        }
        String field = text.strip();
        if (!field.startsWith("config.") || field.length() == "config.".length()) {
            w.problem("routeTo", "expected config.NAME, a config field of this connector whose value on each tenant's connection says"
                    + " which deliveries are its own (" + example + "), found '" + text + "'");
            return null;
        }
        String name = field.substring("config.".length());
        if (!config.contains(name)) {
            w.problem("routeTo", "unknown config field '" + name + "'" + DidYouMean.hint(name, config) + " (known: "
                    + (config.isEmpty() ? "none; declare it under config:" : String.join(", ", config)) + ")");
            return null;
        }
        return name;
    }

    /** The name of an action of this connector, or null (reported when given but unknown). */
    private static String action(Fields w, String key, Collection<String> actions) {
        String name = w.string(key, false);
        if (name == null) {
            return null;
        }
        if (!actions.contains(name)) {
            w.problem(key, "unknown action '" + name + "'" + DidYouMean.hint(name, actions) + " (known: "
                    + (actions.isEmpty() ? "none; declare it under actions" : String.join(", ", actions)) + ")");
            return null;
        }
        return name;
    }
}
