package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.StoredValueRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What Junction learned about a connection made through the API or the connect page, beside its
 * secrets: the connected account's identity (from userinfo or the connector's {@code auth.identity})
 * and the webhook registration's answer (the provider's subscription id, given to {@code unregister}),
 * with the signing secret a provider sent in the handshake while it was being created (Asana).
 * Kept encrypted with the tenant's data key like the stored values (an account's e-mail is personal
 * data; a registration answer may carry the provider's signing secret), in their table under the key
 * {@code CONNECTION#facts}, which no connection name can take ({@code #} is not allowed in one). So a
 * key rotation re-encrypts them and a tenant's erasure removes them with its other values.
 */
public final class ConnectionFacts {
    /** The connected account: the provider's id for it and a name to show (an e-mail, a login); either may be null. */
    public record Account(String id, String name) {}

    /** Where the facts of a connection are kept in the stored values: never a connection's name. */
    static final String SUFFIX = "#facts";
    /** A registration answer larger than this is not kept (it is not a small subscription object). */
    static final int MAX_REGISTRATION = 16 * 1024;

    // the keys of a connection's facts beside its account: its webhook's registration, handshake and renewals
    private static final String REGISTRATION = "registration";
    private static final String REGISTRATION_URL = "registration.url";
    private static final String RENEWED_AT = "renewed.at";
    private static final String RENEWAL_RETRY_AT = "renewal.retryAt";
    private static final String RENEWAL_ASKED_AT = "renewal.askedAt";
    private static final String REGISTER_AGAIN_ASKED_AT = "registration.askedAgainAt";
    private static final String REGISTERING_UNTIL = "registering.until";
    private static final String HANDSHAKE_SECRET = "handshake.secret";
    private static final String HANDSHAKE_TAKEN = "handshake.taken";

    private final Supplier<StoredValueRepository> values;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ConnectionFacts(Supplier<StoredValueRepository> values, Clock clock) {
        this.values = values;
        this.clock = clock;
    }

    /** The connected account, or null when none was learned. */
    public Account account(String tenant, String connection) {
        Map<String, String> facts = values.get().find(tenant, connection + SUFFIX);
        String id = facts.get("account.id");
        String name = facts.get("account.name");
        return id == null && name == null ? null : new Account(id, name);
    }

    /** The webhook registration's answer (a JSON object), or null. */
    public JsonNode registration(String tenant, String connection) {
        String text = values.get().find(tenant, connection + SUFFIX).get(REGISTRATION);
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Keeps the account (null forgets it). */
    public void saveAccount(String tenant, String connection, Account account) {
        update(tenant, connection, facts -> {
            put(facts, "account.id", account == null ? null : account.id());
            put(facts, "account.name", account == null ? null : account.name());
        });
    }

    /**
     * Keeps the register action's answer when it is a JSON object of at most 16 KiB (null, another
     * value or a larger one forgets it).
     */
    public void saveRegistration(String tenant, String connection, JsonNode answer) {
        String text = answer != null && answer.isObject() ? answer.toString() : null;
        update(tenant, connection, facts -> put(facts, REGISTRATION, text != null && text.length() <= MAX_REGISTRATION ? text : null));
    }

    /**
     * Marks the connection's webhook as being created at its provider for {@code lasting} from now: only
     * meanwhile is a secret sent in a handshake (Asana's {@code X-Hook-Secret}) taken.
     */
    public void markRegistering(String tenant, String connection, java.time.Duration lasting) {
        update(tenant, connection, facts -> {
            put(facts, REGISTERING_UNTIL, clock.instant().plus(lasting).toString());
            put(facts, HANDSHAKE_TAKEN, null);
        });
    }

    /**
     * The webhook is no longer being created; when {@code created} is false, a secret taken meanwhile is
     * dropped (it belongs to no webhook: the provider refused, or someone else sent it).
     */
    public void clearRegistering(String tenant, String connection, boolean created) {
        update(tenant, connection, facts -> {
            if (!created && facts.containsKey(HANDSHAKE_TAKEN)) {
                put(facts, HANDSHAKE_SECRET, null);
            }
            put(facts, REGISTERING_UNTIL, null);
            put(facts, HANDSHAKE_TAKEN, null);
        });
    }

    /** Whether a secret was taken in a handshake since the webhook's creation began: only the first one is. */
    public boolean handshakeTaken(String tenant, String connection) {
        return values.get().find(tenant, connection + SUFFIX).containsKey(HANDSHAKE_TAKEN);
    }

    /** Whether the connection's webhook is being created now ({@link #markRegistering}). */
    public boolean registering(String tenant, String connection) {
        String until = values.get().find(tenant, connection + SUFFIX).get(REGISTERING_UNTIL);
        return until != null && clock.instant().isBefore(java.time.Instant.parse(until));
    }

    /** Keeps the signing secret the provider sent in the handshake while the webhook was being created. */
    public void saveHandshakeSecret(String tenant, String connection, String secret) {
        update(tenant, connection, facts -> {
            put(facts, HANDSHAKE_SECRET, secret);
            put(facts, HANDSHAKE_TAKEN, "true");
        });
    }

    /** The signing secret the provider sent in the handshake, or null. */
    public String handshakeSecret(String tenant, String connection) {
        return values.get().find(tenant, connection + SUFFIX).get(HANDSHAKE_SECRET);
    }

    /** Forgets the webhook's registration: its answer, the secret sent in its handshake, its renewals (it was removed at the provider). */
    public void forgetRegistration(String tenant, String connection) {
        update(tenant, connection, facts -> {
            for (String key : List.of(REGISTRATION, HANDSHAKE_SECRET, REGISTRATION_URL, RENEWED_AT, RENEWAL_RETRY_AT, RENEWAL_ASKED_AT,
                    REGISTER_AGAIN_ASKED_AT)) {
                put(facts, key, null);
            }
        });
    }

    /** Keeps where the webhook was registered ({@code BASE/hooks/CONNECTION}) and when: its renewals start from then. */
    public void saveRegistered(String tenant, String connection, String url) {
        update(tenant, connection, facts -> {
            put(facts, REGISTRATION_URL, url);
            put(facts, RENEWED_AT, clock.instant().toString());
            put(facts, RENEWAL_RETRY_AT, null);
            put(facts, REGISTER_AGAIN_ASKED_AT, null);
        });
    }

    /**
     * The provider removed the webhook (Microsoft Graph's subscriptionRemoved): its answer, handshake secret and
     * renewals are forgotten, its URL kept, and it is to be registered again there ({@link #registrationAgainDue}).
     */
    public void askRegistrationAgain(String tenant, String connection) {
        update(tenant, connection, facts -> {
            for (String key : List.of(REGISTRATION, HANDSHAKE_SECRET, RENEWED_AT, RENEWAL_RETRY_AT, RENEWAL_ASKED_AT)) {
                put(facts, key, null);
            }
            put(facts, REGISTER_AGAIN_ASKED_AT, clock.instant().toString());
        });
    }

    /** Whether the webhook is to be registered again ({@link #askRegistrationAgain}), and not before a failed attempt's retry time. */
    public boolean registrationAgainDue(String tenant, String connection) {
        Map<String, String> facts = values.get().find(tenant, connection + SUFFIX);
        String retry = facts.get(RENEWAL_RETRY_AT);
        return facts.get(REGISTER_AGAIN_ASKED_AT) != null && facts.get(REGISTRATION_URL) != null
                && (retry == null || !clock.instant().isBefore(java.time.Instant.parse(retry)));
    }

    /** What is kept of a webhook's registration: its answer (null: none), URL, last registration or renewal, a failed renewal's retry. */
    public record Registered(String registration, String url, java.time.Instant renewedAt, java.time.Instant retryAt) {}

    /** What is kept of the connection's webhook registration (all null when none). */
    public Registered registered(String tenant, String connection) {
        Map<String, String> facts = values.get().find(tenant, connection + SUFFIX);
        String renewed = facts.get(RENEWED_AT);
        String retry = facts.get(RENEWAL_RETRY_AT);
        return new Registered(facts.get(REGISTRATION), facts.get(REGISTRATION_URL), renewed == null ? null : java.time.Instant.parse(renewed),
                retry == null ? null : java.time.Instant.parse(retry));
    }

    /** Where the webhook was registered, or null (registered before this was kept). */
    public String registrationUrl(String tenant, String connection) {
        return values.get().find(tenant, connection + SUFFIX).get(REGISTRATION_URL);
    }

    /**
     * Whether the webhook's renewal is due: {@code every} since it was registered or last renewed (at once when that
     * is not known), and not before a failed renewal's retry time.
     */
    public boolean renewalDue(String tenant, String connection, java.time.Duration every) {
        Map<String, String> facts = values.get().find(tenant, connection + SUFFIX);
        java.time.Instant now = clock.instant();
        String retry = facts.get(RENEWAL_RETRY_AT);
        if (retry != null && now.isBefore(java.time.Instant.parse(retry))) {
            return false;
        }
        String renewed = facts.get(RENEWED_AT);
        return renewed == null || facts.get(RENEWAL_ASKED_AT) != null || !now.isBefore(java.time.Instant.parse(renewed).plus(every));
    }

    /** The provider asked for the webhook to be renewed (Microsoft Graph's reauthorizationRequired): it is due now, whatever renewEvery says. */
    public void askRenewal(String tenant, String connection) {
        update(tenant, connection, facts -> put(facts, RENEWAL_ASKED_AT, clock.instant().toString()));
    }

    /** A renewal succeeded: its answer's fields (when a JSON object) join the kept registration, and the next one is due {@code every} from now. */
    public void saveRenewed(String tenant, String connection, JsonNode answer) {
        update(tenant, connection, facts -> {
            String kept = facts.get(REGISTRATION);
            if (kept != null && answer != null && answer.isObject()) {
                try {
                    com.fasterxml.jackson.databind.node.ObjectNode merged = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(kept);
                    merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) answer);
                    String text = merged.toString();
                    put(facts, REGISTRATION, text.length() <= MAX_REGISTRATION ? text : kept);
                } catch (JsonProcessingException e) {
                    // the kept answer stays as it was
                }
            }
            put(facts, RENEWED_AT, clock.instant().toString());
            put(facts, RENEWAL_RETRY_AT, null);
            put(facts, RENEWAL_ASKED_AT, null);
        });
    }

    /** A renewal (or a registration again) failed: tried again after {@code retryAfter}. */
    public void saveRenewalFailed(String tenant, String connection, java.time.Duration retryAfter) {
        update(tenant, connection, facts -> put(facts, RENEWAL_RETRY_AT, clock.instant().plus(retryAfter).toString()));
    }

    /** Forgets everything learned about the connection. */
    public void delete(String tenant, String connection) {
        values.get().delete(tenant, connection + SUFFIX);
    }

    private void update(String tenant, String connection, java.util.function.Consumer<Map<String, String>> change) {
        Map<String, String> facts = new LinkedHashMap<>(values.get().find(tenant, connection + SUFFIX));
        change.accept(facts);
        if (facts.isEmpty()) {
            values.get().delete(tenant, connection + SUFFIX);
        } else {
            values.get().save(tenant, connection + SUFFIX, facts, clock.instant());
        }
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value == null) {
            facts.remove(key);
        } else {
            facts.put(key, value);
        }
    }
}
