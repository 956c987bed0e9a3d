package dev.junction.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sandbox.HelpdeskUser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Helpdesk data: users (mutable, upserted by external_id), agents and tickets (fixed). Reads are lock-free on
 * immutable records; a batch is applied under one lock.
 */
final class HelpdeskStore {

    static final int MAX_BATCH = 50;

    /** The outcome of one batch record; {@code error} is null when accepted. */
    record Outcome(int index, String externalId, String status, String id, RecordError error,
                   Map<String, Object> record) {
        boolean accepted() {
            return error == null;
        }
    }

    /** Why a record was rejected. */
    record RecordError(String code, String message) {
    }

    private final ConcurrentSkipListMap<String, HelpdeskUser> users = new ConcurrentSkipListMap<>();
    private final Map<String, String> idByExternalId = new ConcurrentHashMap<>();
    private final NavigableMap<String, SeedData.Staff> agents;
    private final NavigableMap<String, SeedData.Ticket> tickets;
    private final Object writeLock = new Object();
    private final Json json;
    private int nextNumber;

    HelpdeskStore(SeedData seed, Json json) {
        this.json = json;
        for (HelpdeskUser user : seed.users()) {
            users.put(user.id(), user);
            if (user.externalId() != null) {
                idByExternalId.put(user.externalId(), user.id());
            }
        }
        TreeMap<String, SeedData.Staff> agentMap = new TreeMap<>();
        seed.staff().forEach(s -> agentMap.put(s.agentId(), s));
        this.agents = Collections.unmodifiableNavigableMap(agentMap);
        TreeMap<String, SeedData.Ticket> ticketMap = new TreeMap<>();
        seed.tickets().forEach(t -> ticketMap.put(t.id(), t));
        this.tickets = Collections.unmodifiableNavigableMap(ticketMap);
        this.nextNumber = seed.users().size() + 1;
    }

    NavigableMap<String, HelpdeskUser> users() {
        return users;
    }

    NavigableMap<String, SeedData.Staff> agents() {
        return agents;
    }

    NavigableMap<String, SeedData.Ticket> tickets() {
        return tickets;
    }

    Optional<HelpdeskUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    Optional<HelpdeskUser> userByExternalId(String externalId) {
        String id = idByExternalId.get(externalId);
        return id == null ? Optional.empty() : Optional.ofNullable(users.get(id));
    }

    /** Validates and applies each record on its own; records later in the batch see earlier ones. */
    List<Outcome> upsert(JsonNode records, Instant now) {
        if (records == null || !records.isArray()) {
            throw ApiException.badRequest("invalid_request", "body must be an object with a \"users\" array");
        }
        if (records.size() > MAX_BATCH) {
            throw new ApiException(400, Json.obj("error", "batch_too_large", "message",
                    "at most " + MAX_BATCH + " users per batch", "max", MAX_BATCH), Map.of());
        }
        synchronized (writeLock) {
            List<Outcome> outcomes = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                outcomes.add(upsertOne(i, records.get(i), now));
            }
            return outcomes;
        }
    }

    private Outcome upsertOne(int index, JsonNode record, Instant now) {
        JsonNode externalNode = record.isObject() ? record.get("external_id") : null;
        String externalId = externalNode != null && externalNode.isTextual() ? externalNode.asText() : null;
        RecordError error = validate(record);
        if (error != null) {
            return new Outcome(index, externalId, "error", null, error, null);
        }
        HelpdeskUser old = userByExternalId(externalId).orElse(null);
        String id = old != null ? old.id() : "u-%05d".formatted(nextNumber++);
        JsonNode name = record.get("name");
        JsonNode priority = record.get("priority");
        JsonNode profile = record.get("profile");
        JsonNode owner = record.get("owner_id");
        JsonNode deleted = record.get("deleted");
        HelpdeskUser user = new HelpdeskUser(id, externalId, record.get("email").asText(),
                name != null ? (name.isNull() ? null : name.asText()) : old != null ? old.name() : null,
                priority != null ? priority.asInt() : old != null ? old.priority() : 3,
                profile != null && !profile.isNull() ? json.toMap(profile)
                        : profile == null && old != null ? old.profile() : Map.of(),
                owner != null ? (owner.isNull() ? null : owner.asText()) : old != null ? old.ownerId() : null,
                old != null ? old.createdAt() : now, now, deleted != null && deleted.asBoolean());
        users.put(id, user);
        idByExternalId.put(externalId, id);
        return new Outcome(index, externalId, old == null ? "created" : "updated", id, null, json.toMap(record));
    }

    /** Deletes the users with these external ids; one outcome each: deleted, not_found, or an error (on hold). */
    List<Outcome> delete(List<String> externalIds, java.util.Set<String> held) {
        if (externalIds.size() > MAX_BATCH) {
            throw new ApiException(400, Json.obj("error", "batch_too_large", "message",
                    "at most " + MAX_BATCH + " users per batch", "max", MAX_BATCH), Map.of());
        }
        synchronized (writeLock) {
            List<Outcome> outcomes = new ArrayList<>(externalIds.size());
            for (int i = 0; i < externalIds.size(); i++) {
                String externalId = externalIds.get(i);
                String id = idByExternalId.get(externalId);
                if (held.contains(externalId)) {
                    outcomes.add(new Outcome(i, externalId, "error", id, new RecordError("on_hold",
                            "user " + externalId + " is on legal hold and cannot be deleted"), null));
                } else if (id == null) {
                    outcomes.add(new Outcome(i, externalId, "not_found", null, null, null));
                } else {
                    users.remove(id);
                    idByExternalId.remove(externalId);
                    outcomes.add(new Outcome(i, externalId, "deleted", id, null, Map.of("external_id", externalId)));
                }
            }
            return outcomes;
        }
    }

    /** Sets {@code deleted} (the only field a patch may change) of existing users; not_found for unknown ones. */
    List<Outcome> patch(JsonNode records, Instant now) {
        if (records == null || !records.isArray()) {
            throw ApiException.badRequest("invalid_request", "body must be an object with a \"users\" array");
        }
        synchronized (writeLock) {
            List<Outcome> outcomes = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                JsonNode record = records.get(i);
                String externalId = record.path("external_id").asText(null);
                JsonNode deleted = record.get("deleted");
                HelpdeskUser old = externalId == null ? null : userByExternalId(externalId).orElse(null);
                if (deleted == null || !deleted.isBoolean()) {
                    outcomes.add(new Outcome(i, externalId, "error", null, new RecordError("invalid_patch", "deleted must be true or false"), null));
                } else if (old == null) {
                    outcomes.add(new Outcome(i, externalId, "not_found", null, null, null));
                } else {
                    users.put(old.id(), new HelpdeskUser(old.id(), old.externalId(), old.email(), old.name(), old.priority(), old.profile(),
                            old.ownerId(), old.createdAt(), now, deleted.asBoolean()));
                    outcomes.add(new Outcome(i, externalId, "updated", old.id(), null, json.toMap(record)));
                }
            }
            return outcomes;
        }
    }

    private RecordError validate(JsonNode record) {
        if (!record.isObject()) {
            return new RecordError("invalid_record", "record must be a JSON object");
        }
        JsonNode externalId = record.get("external_id");
        if (externalId == null || !externalId.isTextual() || externalId.asText().isBlank()) {
            return new RecordError("missing_external_id", "external_id is required and must be a non-empty string");
        }
        JsonNode email = record.get("email");
        if (email == null || !email.isTextual() || !email.asText().contains("@")) {
            return new RecordError("invalid_email", "email is required and must contain @, got " + describe(email));
        }
        JsonNode name = record.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            return new RecordError("invalid_name", "name must be a string or null");
        }
        JsonNode priority = record.get("priority");
        if (priority != null && !(priority.isIntegralNumber() && priority.asInt() >= 1 && priority.asInt() <= 3
                && priority.canConvertToInt())) {
            return new RecordError("invalid_priority", "priority must be 1, 2 or 3, got " + describe(priority));
        }
        JsonNode profile = record.get("profile");
        if (profile != null && !profile.isNull() && !profile.isObject()) {
            return new RecordError("invalid_profile", "profile must be a JSON object");
        }
        JsonNode owner = record.get("owner_id");
        if (owner != null && !owner.isNull() && !(owner.isTextual() && agents.containsKey(owner.asText()))) {
            return new RecordError("unknown_owner", "owner_id must be an existing agent id, got " + describe(owner));
        }
        return null;
    }

    private static String describe(JsonNode value) {
        return value == null ? "nothing" : value.toString();
    }
}
