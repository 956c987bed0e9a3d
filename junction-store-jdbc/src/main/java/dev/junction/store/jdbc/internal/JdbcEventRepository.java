package dev.junction.store.jdbc.internal;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventRepository;
import dev.junction.store.EventSubscription;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Subscriptions in table {@code event_subscriptions} and the outbox in {@code event_deliveries}. A
 * subscription's secret is one AES-256-GCM ciphertext under its tenant's data key (tenant
 * {@code default} for a subscription of no tenant), bound to the subscription's id; the data keys are
 * opened only when a secret is written or read. Event types are stored space-separated (a pattern
 * has no spaces).
 */
public final class JdbcEventRepository implements EventRepository {
    /** The data key of a subscription of no tenant: the one classic connections' credentials use. */
    static final String NO_TENANT_KEY = "default";
    private static final String SUBSCRIPTION_COLUMNS =
            "id, url, event_types, tenant, description, status, disabled_reason, consecutive_failures, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "id, subscription_id, event_type, tenant, payload, status, attempts, next_attempt_at,"
            + " last_status_code, last_error, created_at, updated_at, url";

    private final Jdbc jdbc;
    private final Clock clock;
    private final Supplier<DataKeys> cipher;
    private DataKeys dataKeys; // guarded by this; opened on first use

    /** {@code cipher}: the store's shared data keys of the process's master key, asked for on the first secret written or read. */
    public JdbcEventRepository(Jdbc jdbc, Clock clock, Supplier<DataKeys> cipher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
    }

    @Override
    public void create(EventSubscription s, String secret) {
        byte[] sealed = seal(s.id(), s.tenant(), secret);
        jdbc.withHandle("create event subscription '" + s.id() + "'", c -> Jdbc.update(c, "insert into event_subscriptions (" + SUBSCRIPTION_COLUMNS
                        + ", secret) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.url(), String.join(" ", s.eventTypes()), s.tenant(), s.description(), s.status().name(), s.disabledReason(),
                s.consecutiveFailures(), s.createdAt(), s.updatedAt(), sealed));
    }

    @Override
    public Optional<EventSubscription> find(String id) {
        return jdbc.withHandleNoFlush("read event subscription '" + id + "'", c -> Jdbc.first(c,
                "select " + SUBSCRIPTION_COLUMNS + " from event_subscriptions where id = ?", JdbcEventRepository::subscription, id));
    }

    @Override
    public List<EventSubscription> list(String tenant) {
        Jdbc.Where where = Jdbc.Where.of("tenant", tenant);
        return jdbc.withHandleNoFlush("list event subscriptions", c -> Jdbc.list(c,
                "select " + SUBSCRIPTION_COLUMNS + " from event_subscriptions" + where.sql() + " order by created_at, id",
                JdbcEventRepository::subscription, where.params()));
    }

    @Override
    public List<EventSubscription> active() {
        return jdbc.withHandleNoFlush("list the active event subscriptions", c -> Jdbc.list(c,
                "select " + SUBSCRIPTION_COLUMNS + " from event_subscriptions where status = ? order by created_at, id",
                JdbcEventRepository::subscription, EventSubscription.Status.ACTIVE.name()));
    }

    @Override
    public boolean update(String id, String url, List<String> eventTypes, String description, Instant at) {
        return jdbc.withHandle("update event subscription '" + id + "'", c -> Jdbc.update(c,
                "update event_subscriptions set url = ?, event_types = ?, description = ?, updated_at = ? where id = ?",
                url, String.join(" ", eventTypes), description, at, id)) > 0;
    }

    @Override
    public Optional<Secrets> secrets(String id, Instant now) {
        record Row(String tenant, byte[] current, byte[] previous, Instant previousUntil) {}
        Optional<Row> row = jdbc.withHandleNoFlush("read the secret of event subscription '" + id + "'", c -> Jdbc.first(c,
                "select tenant, secret, previous_secret, previous_secret_until from event_subscriptions where id = ?",
                r -> new Row(r.getString(1), r.getBytes(2), r.getBytes(3), Jdbc.instant(r, "previous_secret_until")), id));
        return row.map(r -> new Secrets(open(id, r.tenant(), r.current()),
                r.previous() != null && r.previousUntil() != null && now.isBefore(r.previousUntil()) ? open(id, r.tenant(), r.previous()) : null));
    }

    @Override
    public boolean rotateSecret(String id, String secret, Instant previousUntil, Instant at) {
        Optional<EventSubscription> found = find(id);
        if (found.isEmpty()) {
            return false;
        }
        byte[] sealed = seal(id, found.get().tenant(), secret);
        return jdbc.withHandle("rotate the secret of event subscription '" + id + "'", c -> Jdbc.update(c,
                "update event_subscriptions set previous_secret = " + (previousUntil == null ? "null" : "secret")
                        + ", previous_secret_until = ?, secret = ?, updated_at = ? where id = ?",
                previousUntil, sealed, at, id)) > 0;
    }

    @Override
    public boolean setStatus(String id, EventSubscription.Status status, String reason, Instant at) {
        boolean active = status == EventSubscription.Status.ACTIVE;
        return jdbc.withHandle("set event subscription '" + id + "' " + status.name().toLowerCase(java.util.Locale.ROOT), c -> Jdbc.update(c,
                "update event_subscriptions set status = ?, disabled_reason = ?, consecutive_failures = "
                        + (active ? "0" : "consecutive_failures") + ", updated_at = ? where id = ?" + (active ? "" : " and status = ?"),
                active ? new Object[] {status.name(), null, at, id} : new Object[] {status.name(), reason, at, id, EventSubscription.Status.ACTIVE.name()})) > 0;
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete event subscription '" + id + "'", c -> {
            Jdbc.update(c, "delete from event_deliveries where subscription_id = ?", id);
            return Jdbc.update(c, "delete from event_subscriptions where id = ?", id) > 0;
        });
    }

    @Override
    public void enqueue(List<EventDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.inTransaction("store " + deliveries.size() + " event deliveries", c -> {
            try (var insert = c.prepareStatement("insert into event_deliveries (" + DELIVERY_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (EventDelivery d : deliveries) {
                    Jdbc.bind(insert, d.id(), d.subscriptionId(), d.type(), d.tenant(), d.payload(), d.status().name(), d.attempts(), d.nextAttemptAt(),
                            d.lastStatusCode(), d.lastError(), d.createdAt(), d.updatedAt(), d.url());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<EventDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        Jdbc.positiveLimit("claimDue", limit);
        return jdbc.inTransaction("claim due event deliveries", c -> {
            // LIMIT before FOR UPDATE: the order both H2 and PostgreSQL accept; rows another process holds are skipped
            List<EventDelivery> due = Jdbc.list(c, "select " + DELIVERY_COLUMNS + " from event_deliveries where next_attempt_at <= ?"
                            + " and subscription_id in (select id from event_subscriptions where status = ?)"
                            + " order by next_attempt_at, id limit ? for update skip locked",
                    JdbcEventRepository::delivery, now, EventSubscription.Status.ACTIVE.name(), limit);
            for (EventDelivery d : due) {
                Jdbc.update(c, "update event_deliveries set next_attempt_at = ? where id = ?", leaseUntil, d.id());
            }
            return due;
        });
    }

    @Override
    public int recordAttempt(EventDelivery delivery, Attempt attempt) {
        boolean delivered = attempt.status() == EventDelivery.Status.DELIVERED;
        return jdbc.inTransaction("record an attempt of event delivery '" + delivery.id() + "'", c -> {
            Jdbc.update(c, "update event_deliveries set status = ?, attempts = attempts + 1, next_attempt_at = ?, last_status_code = ?,"
                            + " last_error = ?, updated_at = ? where id = ?",
                    attempt.status().name(), attempt.nextAttemptAt(), attempt.statusCode(), attempt.error(), attempt.at(), delivery.id());
            Jdbc.update(c, "update event_subscriptions set consecutive_failures = " + (delivered ? "0" : "consecutive_failures + 1")
                    + " where id = ?", delivery.subscriptionId());
            return Jdbc.first(c, "select consecutive_failures from event_subscriptions where id = ?", r -> r.getInt(1), delivery.subscriptionId())
                    .orElse(0);
        });
    }

    @Override
    public Optional<EventDelivery> findDelivery(String id) {
        return jdbc.withHandleNoFlush("read event delivery '" + id + "'", c -> Jdbc.first(c,
                "select " + DELIVERY_COLUMNS + " from event_deliveries where id = ?", JdbcEventRepository::delivery, id));
    }

    @Override
    public boolean release(String id, String payload, Instant at) {
        return jdbc.inTransaction("release event delivery '" + id + "'", c -> Jdbc.update(c, "update event_deliveries set payload = ?,"
                + " next_attempt_at = ?, updated_at = ? where id = ? and status = ? and attempts = 0 and next_attempt_at is null", payload, at, at, id,
                EventDelivery.Status.PENDING.name()) == 1);
    }

    @Override
    public List<EventDelivery> deliveries(String subscriptionId, EventDelivery.Status status, int limit) {
        Jdbc.positiveLimit("deliveries", limit);
        Jdbc.Where where = Jdbc.Where.of("subscription_id", subscriptionId).and("status", status == null ? null : status.name());
        return jdbc.withHandleNoFlush("list the deliveries of event subscription '" + subscriptionId + "'", c -> Jdbc.list(c,
                "select " + DELIVERY_COLUMNS + " from event_deliveries" + where.sql() + " order by created_at desc, id desc limit ?",
                JdbcEventRepository::delivery, where.params(limit)));
    }

    @Override
    public int purge(Instant before, int limit) {
        Jdbc.positiveLimit("purge", limit);
        // the ids first, then one delete by them: H2 may evaluate a "delete ... where id in (select ... limit n)" subquery again
        // as it deletes, and so delete fewer rows than it should
        return jdbc.inTransaction("purge old event deliveries", c -> {
            List<String> ids = Jdbc.list(c, "select id from event_deliveries where next_attempt_at is null and updated_at < ? and status in (?, ?)"
                    + " order by updated_at limit ?", r -> r.getString(1), before, EventDelivery.Status.DELIVERED.name(),
                    EventDelivery.Status.DEAD.name(), limit);
            int deleted = 0;
            for (List<String> chunk : Jdbc.chunks(ids, 500)) {
                deleted += Jdbc.update(c, "delete from event_deliveries where id in (" + Jdbc.placeholders(chunk.size()) + ")", chunk.toArray());
            }
            return deleted;
        });
    }

    private byte[] seal(String id, String tenant, String secret) {
        DataKeys keys = dataKeys();
        String keyTenant = tenant == null ? NO_TENANT_KEY : tenant;
        byte[] plaintext = secret.getBytes(StandardCharsets.UTF_8);
        try {
            return keys.cipher().encrypt(keys.of(keyTenant), plaintext, keyTenant, "event-subscription", id);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private String open(String id, String tenant, byte[] sealed) {
        DataKeys keys = dataKeys();
        String keyTenant = tenant == null ? NO_TENANT_KEY : tenant;
        return new String(keys.decrypt(keyTenant, sealed, keyTenant, "event-subscription", id), StandardCharsets.UTF_8);
    }

    private synchronized DataKeys dataKeys() {
        if (dataKeys == null) {
            dataKeys = cipher.get();
        }
        return dataKeys;
    }

    private static EventSubscription subscription(ResultSet r) throws SQLException {
        String types = r.getString("event_types");
        return new EventSubscription(r.getString("id"), r.getString("url"), types.isBlank() ? List.of() : List.of(types.split(" ")),
                r.getString("tenant"), r.getString("description"), EventSubscription.Status.valueOf(r.getString("status")),
                r.getString("disabled_reason"), r.getInt("consecutive_failures"), Jdbc.instant(r, "created_at"), Jdbc.instant(r, "updated_at"));
    }

    private static EventDelivery delivery(ResultSet r) throws SQLException {
        int code = r.getInt("last_status_code");
        Integer statusCode = r.wasNull() ? null : code;
        return new EventDelivery(r.getString("id"), r.getString("subscription_id"), r.getString("event_type"), r.getString("tenant"),
                r.getString("payload"), EventDelivery.Status.valueOf(r.getString("status")), r.getInt("attempts"), Jdbc.instant(r, "next_attempt_at"),
                statusCode, r.getString("last_error"), Jdbc.instant(r, "created_at"), Jdbc.instant(r, "updated_at"),
                r.getString("url"));
    }
}
