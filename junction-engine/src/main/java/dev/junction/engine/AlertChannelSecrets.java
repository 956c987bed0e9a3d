package dev.junction.engine;

import dev.junction.engine.internal.WebhookSigner;
import dev.junction.spec.AlertChannelSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ValueRef;
import dev.junction.store.StoredValueRepository;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The secrets of alert channels kept in the store: a channel's definition says {@code ${stored:FIELD}}
 * for a secret (the Slack URL, the webhook's signing secret, the PagerDuty routing key, the SMTP
 * password) and the operator sets the value here, through {@code PUT /api/v1/alert-channels/NAME/secrets}
 * or {@code junction alerts set-secret}. The values are encrypted with the default tenant's data key
 * like connection credentials ({@link AlertChannelSpec#stored}), re-sealed when the key rotates, read
 * only when a message is sent, and never answered back: callers learn which fields are set, not their
 * values.
 */
public final class AlertChannelSecrets {
    /** The longest value accepted: secrets are URLs and keys, not documents. */
    static final int MAX_VALUE = 8 * 1024;

    /** A channel's stored secrets: which of its {@code ${stored:}} fields hold a value, which are missing. */
    public record Status(String channel, List<String> set, List<String> missing) {}

    private final Supplier<Map<String, AlertChannelSpec>> channels;
    private final Supplier<StoredValueRepository> values;
    private final Clock clock;

    AlertChannelSecrets(Supplier<Map<String, AlertChannelSpec>> channels, Supplier<StoredValueRepository> values, Clock clock) {
        this.channels = channels;
        this.values = values;
        this.clock = clock;
    }

    /**
     * Replaces the stored secrets of an applied channel: {@code given} must name exactly the fields its
     * definition declares as {@code ${stored:FIELD}}, each a value its type can use (an http(s) URL for a
     * Slack URL, a {@code whsec_} key for a webhook's signing secret). Returns only when the values are durable.
     *
     * @throws EngineException.NotFound when no such channel is applied
     * @throws EngineException.Invalid naming each field that is missing, unknown or unusable; nothing is stored then
     */
    public Status set(String channel, Map<String, String> given) {
        AlertChannelSpec spec = channel(channel);
        List<String> fields = spec.storedFields();
        if (fields.isEmpty()) {
            String key = AlertChannelSpec.keys(spec.type()).secrets().get(0);
            throw new EngineException.Invalid("alert channel '" + channel + "' keeps no secret in the store: its definition writes none as"
                    + " ${stored:FIELD} (write, for example, secrets: { " + key + ": \"${stored:" + key + "}\" } and apply it)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> accepted = new LinkedHashMap<>();
        given.forEach((field, value) -> {
            if (!fields.contains(field)) {
                problems.add("'" + field + "' is not a stored secret of this channel; its stored secrets are " + String.join(", ", fields));
            } else {
                String problem = problem(spec, keyOf(spec, field), value);
                if (problem != null) {
                    problems.add(field + ": " + problem);
                } else {
                    accepted.put(field, value);
                }
            }
        });
        for (String field : fields) {
            if (!given.containsKey(field)) {
                problems.add(field + ": missing; every stored secret of the channel is given together");
            }
        }
        if (!problems.isEmpty()) {
            throw new EngineException.Invalid("alert channel '" + channel + "': " + String.join("; ", problems) + "; nothing was stored");
        }
        values.get().save(ConnectionSpec.DEFAULT_TENANT, AlertChannelSpec.STORED_PREFIX + channel, accepted, clock.instant());
        return status(channel);
    }

    /** Which stored secrets of an applied channel are set (never their values). */
    public Status status(String channel) {
        AlertChannelSpec spec = channel(channel);
        Map<String, String> stored = values.get().find(ConnectionSpec.DEFAULT_TENANT, AlertChannelSpec.STORED_PREFIX + channel);
        List<String> set = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String field : spec.storedFields()) {
            (stored.containsKey(field) ? set : missing).add(field);
        }
        return new Status(channel, List.copyOf(set), List.copyOf(missing));
    }

    /** Removes the stored secrets of a channel (applied or not: a deleted channel's values may linger); true when there were some. */
    public boolean delete(String channel) {
        StoredValueRepository repository = values.get();
        String owner = AlertChannelSpec.STORED_PREFIX + channel;
        boolean had = !repository.find(ConnectionSpec.DEFAULT_TENANT, owner).isEmpty();
        repository.delete(ConnectionSpec.DEFAULT_TENANT, owner);
        return had;
    }

    private AlertChannelSpec channel(String name) {
        AlertChannelSpec spec = channels.get().get(name);
        if (spec == null) {
            throw new EngineException.NotFound("no alert channel '" + name + "' is applied; the channels are "
                    + (channels.get().isEmpty() ? "none (apply a kind: AlertChannel definition)" : String.join(", ", channels.get().keySet())));
        }
        return spec;
    }

    /** The {@code secrets:} key a stored field stands for (url, secret, routingKey, password). */
    private static String keyOf(AlertChannelSpec spec, String field) {
        return spec.secrets().entrySet().stream().filter(e -> e.getValue() instanceof ValueRef.Stored s && s.field().equals(field))
                .map(Map.Entry::getKey).findFirst().orElse(field);
    }

    /** Why a value cannot serve as the channel's secret {@code key}, or null when it can. */
    static String problem(AlertChannelSpec spec, String key, String value) {
        if (value == null || value.isBlank()) {
            return "expected a value, found " + (value == null ? "null" : "an empty text");
        }
        if (value.length() > MAX_VALUE) {
            return "expected at most " + MAX_VALUE + " characters, found " + value.length();
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "expected one line of text without control characters";
        }
        if (spec.type().equals("slack") && key.equals("url")) {
            return urlProblem(value);
        }
        if (spec.type().equals("webhook") && key.equals("secret")) {
            try {
                WebhookSigner.header("msg_check", 0, new byte[0], value);
            } catch (IllegalArgumentException e) {
                return "expected a Standard Webhooks secret: whsec_ followed by base64";
            }
        }
        return null;
    }

    private static String urlProblem(String value) {
        try {
            URI url = URI.create(value);
            String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        return "expected an http or https URL with a host, such as https://hooks.slack.com/services/T000/B000/XXXX";
    }
}
