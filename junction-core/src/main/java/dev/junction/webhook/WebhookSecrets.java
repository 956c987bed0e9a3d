package dev.junction.webhook;

import dev.junction.connector.ConnectorException;
import dev.junction.spec.WebhookSpec;
import dev.junction.template.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The resolved secret values of a {@link WebhookSpec}: the current one first and, during a
 * rotation, the previous one. {@link #toString()} never shows a value.
 */
public final class WebhookSecrets {
    private final List<String> values;
    /** Per handshake condition, the secret it must equal; null where the condition names literal text. */
    private final List<String> challengeEquals;

    /** Microsoft Graph's rich notifications: the PEM private key that decrypts them; null when none. */
    private final String decryptionKey;

    private WebhookSecrets(List<String> values, List<String> challengeEquals, String decryptionKey) {
        this.values = List.copyOf(values);
        this.challengeEquals = Collections.unmodifiableList(new ArrayList<>(challengeEquals));
        this.decryptionKey = decryptionKey;
    }

    /**
     * The given values, current first.
     *
     * @throws IllegalArgumentException when there are none, more than two, or one is empty
     */
    public static WebhookSecrets of(List<String> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty() || values.size() > 2) {
            throw new IllegalArgumentException("expected one or two webhook secrets, found " + values.size());
        }
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a webhook secret is empty");
            }
        }
        return new WebhookSecrets(values, List.of(), null);
    }

    public static WebhookSecrets of(String... values) {
        return of(List.of(values));
    }

    /**
     * Renders the spec's secret templates with a connection's values ({@code lookup} takes a
     * variable such as {@code secrets.webhookSecret}; {@code ConnectionValues::lookup} fits).
     *
     * @throws ConnectorException naming the variable (never a value) when one has no value or is empty
     */
    public static WebhookSecrets resolve(WebhookSpec spec, Function<String, String> lookup) {
        List<String> out = new ArrayList<>();
        for (String text : spec.verify().secrets()) {
            String value;
            try {
                value = Template.parse(text).render(lookup);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new ConnectorException("webhooks.verify: " + e.getMessage(), e);
            }
            if (value.isEmpty()) {
                throw new ConnectorException("webhooks.verify: the secret '" + text + "' is empty");
            }
            out.add(value);
        }
        List<String> equals = new ArrayList<>();
        WebhookSpec.Handshake handshake = spec.handshake();
        for (WebhookSpec.Handshake.When when : handshake == null ? List.<WebhookSpec.Handshake.When>of() : handshake.when()) {
            Template template = Template.parse(when.equals());
            if (template.isConstant()) {
                equals.add(null);
                continue;
            }
            String value;
            try {
                value = template.render(lookup);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new ConnectorException("webhooks.handshake.when.equals: " + e.getMessage(), e);
            }
            if (value.isEmpty()) {
                throw new ConnectorException("webhooks.handshake.when.equals: the secret '" + when.equals() + "' is empty");
            }
            equals.add(value);
        }
        String key = null;
        if (spec.verify() instanceof dev.junction.spec.WebhookScheme.Vendor vendor && vendor.decryptionKey() != null) {
            try {
                key = Template.parse(vendor.decryptionKey()).render(lookup);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new ConnectorException("webhooks.verify.decryptionKey: " + e.getMessage(), e);
            }
        }
        return new WebhookSecrets(out, equals, key);
    }

    /** The PEM private key that decrypts Microsoft Graph's rich notifications, or null. */
    public String decryptionKey() {
        return decryptionKey;
    }

    /**
     * Per condition of the handshake's {@code when}, in order, the value it must equal when the
     * connector names a secret there ({@code equals: "{{ secrets.verifyToken }}"}), or null where it
     * names literal text; empty when there is no handshake or no condition.
     */
    public List<String> challengeEquals() {
        return challengeEquals;
    }

    /** The values, current first. */
    public List<String> values() {
        return values;
    }

    @Override
    public String toString() {
        return "WebhookSecrets[" + values.size() + (values.size() == 1 ? " secret" : " secrets") + (decryptionKey == null ? "]" : ", a decryption key]");
    }
}
