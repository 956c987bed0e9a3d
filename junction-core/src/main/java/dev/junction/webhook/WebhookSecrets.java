package dev.junction.webhook;

import dev.junction.connector.ConnectorException;
import dev.junction.spec.WebhookSpec;
import dev.junction.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The resolved secret values of a {@link WebhookSpec}: the current one first and, during a
 * rotation, the previous one. {@link #toString()} never shows a value.
 */
public final class WebhookSecrets {
    private final List<String> values;
    private final String challengeEquals;

    private WebhookSecrets(List<String> values, String challengeEquals) {
        this.values = List.copyOf(values);
        this.challengeEquals = challengeEquals;
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
        return new WebhookSecrets(values, null);
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
        String equals = null;
        WebhookSpec.Handshake handshake = spec.handshake();
        if (handshake != null && handshake.when() != null && !Template.parse(handshake.when().equals()).isConstant()) {
            try {
                equals = Template.parse(handshake.when().equals()).render(lookup);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new ConnectorException("webhooks.handshake.when.equals: " + e.getMessage(), e);
            }
            if (equals.isEmpty()) {
                throw new ConnectorException("webhooks.handshake.when.equals: the secret '" + handshake.when().equals() + "' is empty");
            }
        }
        return new WebhookSecrets(out, equals);
    }

    /**
     * The value a handshake's condition must equal when the connector names a secret there
     * ({@code equals: "{{ secrets.verifyToken }}"}), or null when it names literal text.
     */
    public String challengeEquals() {
        return challengeEquals;
    }

    /** The values, current first. */
    public List<String> values() {
        return values;
    }

    @Override
    public String toString() {
        return "WebhookSecrets[" + values.size() + (values.size() == 1 ? " secret]" : " secrets]");
    }
}
