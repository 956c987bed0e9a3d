package dev.junction.spec.internal;

import dev.junction.spec.WebhookSpec.Handshake;
import dev.junction.spec.WebhookSpec.ValueSource;
import dev.junction.template.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code webhooks.handshake:} of a connector: how a provider's verification challenge is answered
 * (the challenge, its conditions, the answer), or the header a provider sends the signing secret in
 * while the webhook is being created ({@code secretHeader}); and the handshakes vendor schemes bring
 * (Zoom's, Microsoft Graph's, Amazon SNS's).
 */
final class WebhookHandshakeReader {
    private WebhookHandshakeReader() {}

    /** Zoom's endpoint check: the plain token back with its HMAC under the app's secret token. */
    static final Handshake ZOOM_URL_VALIDATION = new Handshake(new ValueSource.Path("$.payload.plainToken"),
            List.of(new Handshake.When(new ValueSource.Path("$.event"), "endpoint.url_validation")),
            "{\"plainToken\": {{ challenge }}, \"encryptedToken\": \"{{ challengeHmac }}\"}", "application/json", 200, true);

    /** Microsoft Graph's endpoint check: a POST with {@code ?validationToken=}, unsigned, answered with the token as text within 10 s. */
    static final Handshake GRAPH_VALIDATION = new Handshake(new ValueSource.Query("validationToken"), List.of(), "{{ challenge }}",
            "text/plain", 200, false);

    /**
     * Amazon SNS's subscription messages, both of which carry a {@code SubscribeURL}: a
     * {@code SubscriptionConfirmation} is confirmed by a GET of it, an {@code UnsubscribeConfirmation}
     * only acknowledged; neither is an event. Answered after the signature is verified.
     */
    static final Handshake SNS_SUBSCRIPTION = new Handshake(new ValueSource.Path("$.SubscribeURL"), List.of(), "", "text/plain", 200, true,
            new Handshake.When(new ValueSource.Path("$.Type"), "SubscriptionConfirmation"));

    /** The challenge handshake at {@code h} ({@code path} or {@code query}, its conditions and answer), or null (reported). */
    static Handshake handshake(Fields h, TemplateCheck templates) {
        if (h == null) {
            return null;
        }
        h.allow(Schema.WEBHOOK_HANDSHAKE);
        ValueSource challenge = WebhooksReader.oneSource(h, List.of("path", "query"), "such as $.challenge or validationToken");
        List<Handshake.When> when = conditions(h, templates);
        if (when == null) {
            return null;
        }
        String respond = h.string("respond", false, Handshake.DEFAULT_RESPOND);
        boolean respondOk = respond(h, respond);
        String contentType = h.string("contentType", false, Handshake.DEFAULT_CONTENT_TYPE);
        Integer status = h.positiveInt("status", false, 200);
        if (status != null && (status < 200 || status > 299)) {
            h.problem("status", "expected a success status from 200 to 299, found " + status);
            status = null;
        }
        Boolean signed = h.bool("signed", challenge instanceof ValueSource.Path);
        if (Boolean.FALSE.equals(signed) && challenge instanceof ValueSource.Path) {
            h.problem("signed", "a challenge in the payload is answered only after the payload is verified; signed: false fits only"
                    + " a query challenge such as { query: validationToken }");
            signed = null;
        } else if (Boolean.FALSE.equals(signed) && when.stream().anyMatch(w -> w.at() instanceof ValueSource.Path)) {
            h.problem("signed", "an unsigned challenge is answered before the payload is verified, so its condition cannot read the"
                    + " payload; use when: { query: NAME, equals: VALUE } or { header: NAME, equals: VALUE }");
            signed = null;
        }
        if (challenge == null || !respondOk || contentType == null || status == null || signed == null) {
            return null;
        }
        return new Handshake(challenge, when, respond, contentType.strip(), status, signed);
    }

    /**
     * A handshake in which the provider sends the signing secret ({@code handshake: { secretHeader: X-Hook-Secret }}):
     * the header's name, or null (reported). It takes no other key: nothing is echoed but the header.
     */
    static String secretHeader(Fields h) {
        for (String key : Schema.WEBHOOK_HANDSHAKE) {
            if (!key.equals("secretHeader") && h.has(key)) {
                h.problem(key, "a secretHeader handshake answers by echoing that header, so it takes no " + key);
                return null;
            }
        }
        h.allow(Schema.WEBHOOK_HANDSHAKE);
        String name = h.string("secretHeader", true);
        if (name != null && !HEADER_NAME.matcher(name.strip()).matches()) {
            h.problem("secretHeader", "expected a header name such as X-Hook-Secret, found '" + name + "'");
            return null;
        }
        return name == null ? null : name.strip();
    }

    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /**
     * The handshake's {@code when}: one condition ({@code { query: hub.verify_token, equals: ... }}) or a
     * list of them, all of which must hold (Meta's {@code hub.mode} and {@code hub.verify_token}); empty
     * when absent, null when wrong (reported).
     */
    private static List<Handshake.When> conditions(Fields h, TemplateCheck templates) {
        if (!h.has("when")) {
            return List.of();
        }
        YamlNode node = h.node("when");
        List<YamlNode> items = node instanceof YamlNode.Sequence list ? list.items() : List.of(node);
        if (items.isEmpty()) {
            h.problem("when", "expected a condition such as { path: $.type, equals: url_verification }, or a list of them; found an empty list");
            return null;
        }
        List<Handshake.When> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String path = node instanceof YamlNode.Sequence ? h.child("when") + "[" + i + "]" : h.child("when");
            Fields w = Fields.of(items.get(i), path, items.get(i).location(), h.problems());
            Handshake.When condition = w == null ? null : condition(w, templates);
            ok &= condition != null;
            if (condition != null) {
                out.add(condition);
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    private static Handshake.When condition(Fields w, TemplateCheck templates) {
        w.allow(Schema.WEBHOOK_HANDSHAKE_WHEN);
        ValueSource at = WebhooksReader.oneSource(w, List.of("path", "query", "header"), "such as { path: $.type, equals: url_verification }");
        String equals = w.string("equals", true);
        if (equals != null && equals.contains("{{")) {
            int before = w.problems().size();
            templates.check(equals, w.node("equals").location(), w.child("equals"), true);
            if (w.problems().size() == before && !Template.parse(equals).variables().stream().allMatch(v -> v.startsWith("secrets."))) {
                w.problem("equals", "expected literal text or a reference to a declared secret such as \"{{ secrets.verifyToken }}\"");
            }
            if (w.problems().size() != before) {
                equals = null;
            }
        }
        return at == null || equals == null ? null : new Handshake.When(at, equals);
    }

    /** The answer template may use {@code challenge} only: nothing else of the connection (no secrets) goes back to the caller. */
    private static boolean respond(Fields h, String respond) {
        if (respond == null) {
            return false;
        }
        try {
            Template template = Template.parse(respond);
            for (String variable : template.variables()) {
                if (!variable.equals("challenge") && !variable.equals("challengeHmac")) {
                    h.problem("respond", "unknown template variable '" + variable + "' (known: challenge, challengeHmac)");
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            h.problem("respond", e.getMessage());
            return false;
        }
    }
}
