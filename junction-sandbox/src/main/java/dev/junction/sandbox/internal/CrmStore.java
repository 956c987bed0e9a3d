package dev.junction.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sandbox.Contact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Acme CRM data: contacts (mutable), companies and owners (fixed). Reads are lock-free on immutable records; writes
 * hold one lock so a batch is validated and applied as a whole.
 */
final class CrmStore {

    static final int MAX_BATCH = 100;

    /** The outcome of one upsert input. */
    record Upserted(String id, boolean created, Map<String, Object> input) {
    }

    private final ConcurrentSkipListMap<String, Contact> contacts = new ConcurrentSkipListMap<>();
    private final NavigableMap<String, SeedData.Company> companies;
    private final NavigableMap<String, SeedData.Staff> owners;
    private final Object writeLock = new Object();
    private final Map<String, String> idByEmail = new HashMap<>();
    private final Random changes;
    private final Json json;
    private final ContactChanges listener;
    private int nextNumber;

    CrmStore(SeedData seed, long changeSeed, Json json, ContactChanges listener) {
        this.json = json;
        this.listener = listener;
        seed.contacts().forEach(c -> contacts.put(c.id(), c));
        seed.contacts().forEach(c -> idByEmail.put(c.property("email"), c.id()));
        TreeMap<String, SeedData.Company> companyMap = new TreeMap<>();
        seed.companies().forEach(c -> companyMap.put(c.id(), c));
        this.companies = Collections.unmodifiableNavigableMap(companyMap);
        TreeMap<String, SeedData.Staff> ownerMap = new TreeMap<>();
        seed.staff().forEach(s -> ownerMap.put(s.ownerId(), s));
        this.owners = Collections.unmodifiableNavigableMap(ownerMap);
        this.changes = SeedData.stream(changeSeed, 6);
        this.nextNumber = seed.contacts().size() + 1;
    }

    NavigableMap<String, Contact> contacts() {
        return contacts;
    }

    NavigableMap<String, SeedData.Company> companies() {
        return companies;
    }

    NavigableMap<String, SeedData.Staff> owners() {
        return owners;
    }

    Optional<Contact> contact(String id) {
        return Optional.ofNullable(contacts.get(id));
    }

    int size() {
        return contacts.size();
    }

    /** Changes n distinct contacts; see {@code AcmeCrm.changeContacts}. */
    List<String> change(int n, Instant now) {
        synchronized (writeLock) {
            if (n < 0 || n > contacts.size()) {
                throw new IllegalArgumentException(
                        "count must be between 0 and " + contacts.size() + " (the number of contacts), got " + n);
            }
            List<String> ids = new ArrayList<>(contacts.keySet());
            for (int i = 0; i < n; i++) {
                Collections.swap(ids, i, i + changes.nextInt(ids.size() - i));
            }
            List<String> chosen = new ArrayList<>(ids.subList(0, n));
            Collections.sort(chosen);
            for (String id : chosen) {
                Contact old = contacts.get(id);
                Map<String, String> properties = new LinkedHashMap<>(old.properties());
                properties.put("lastname", different(Names.LAST, old.property("lastname")));
                if (changes.nextBoolean()) {
                    properties.put("tier", different(Names.TIERS, old.property("tier")));
                }
                Contact changed = new Contact(id, properties, old.companyId(), old.createdAt(), later(now, old));
                contacts.put(id, changed);
                listener.changed("contact.updated", changed, changed.updatedAt());
            }
            return List.copyOf(chosen);
        }
    }

    /** Removes a contact; its email becomes free. Empty when there was no contact with that id. */
    Optional<Contact> delete(String id, Instant now) {
        synchronized (writeLock) {
            Contact removed = contacts.remove(id);
            if (removed != null) {
                idByEmail.remove(removed.property("email"));
                listener.changed("contact.deleted", removed, now);
            }
            return Optional.ofNullable(removed);
        }
    }

    /** Validates the whole batch, then applies it; a 400 leaves everything unchanged. */
    List<Upserted> upsert(JsonNode inputs, Instant now) {
        if (inputs == null || !inputs.isArray()) {
            throw ApiException.badRequest("invalid_input", "body must be an object with an \"inputs\" array");
        }
        if (inputs.size() > MAX_BATCH) {
            throw new ApiException(400, Json.obj("error", "batch_too_large", "message",
                    "at most " + MAX_BATCH + " inputs per batch", "max", MAX_BATCH), Map.of());
        }
        synchronized (writeLock) {
            List<Planned> plan = plan(inputs);
            List<Upserted> results = new ArrayList<>(plan.size());
            for (Planned p : plan) {
                results.add(apply(p, now));
            }
            return results;
        }
    }

    private record Planned(int index, String id, Map<String, String> properties, Map<String, Object> input) {
    }

    private List<Planned> plan(JsonNode inputs) {
        List<Planned> plan = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        Map<String, String> emailsInBatch = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode input = inputs.get(i);
            if (!input.isObject()) {
                throw invalid(i, "must be a JSON object");
            }
            JsonNode idNode = input.get("id");
            if (idNode != null && !idNode.isNull() && (!idNode.isTextual() || idNode.asText().isBlank())) {
                throw invalid(i, "id must be a non-empty string");
            }
            String id = idNode == null || idNode.isNull() ? null : idNode.asText();
            Map<String, String> properties = properties(i, input.get("properties"));
            String email = properties.get("email");
            if (id == null && email == null) {
                throw invalid(i, "either id or properties.email is required");
            }
            String target = id != null ? id : idByEmail.get(email);
            boolean exists = target != null && contacts.containsKey(target);
            if (!exists && email == null) {
                throw invalid(i, "properties.email is required to create a contact");
            }
            if (target != null && !targets.add(target)) {
                throw invalid(i, "contact " + target + " appears more than once in the batch");
            }
            if (email != null) {
                String owner = idByEmail.get(email);
                String key = target != null ? target : "#" + i;
                if (owner != null && !owner.equals(target)) {
                    throw invalid(i, "email " + email + " already belongs to contact " + owner);
                }
                String previous = emailsInBatch.putIfAbsent(email, key);
                if (previous != null && !previous.equals(key)) {
                    throw invalid(i, "email " + email + " appears more than once in the batch");
                }
            }
            plan.add(new Planned(i, target, properties, json.toMap(input)));
        }
        return plan;
    }

    private Map<String, String> properties(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid(index, "properties must be a JSON object");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw invalid(index, "properties." + field.getKey() + " must be a string, number, boolean or null");
            }
            properties.put(field.getKey(), value.isNull() ? null : value.asText());
        }
        if (properties.containsKey("email")) {
            String email = properties.get("email");
            if (email == null || !email.contains("@")) {
                throw invalid(index, "properties.email must contain @");
            }
        }
        String tier = properties.get("tier");
        if (tier != null && !Names.TIERS.contains(tier)) {
            throw invalid(index, "properties.tier must be gold, silver or bronze, got " + tier);
        }
        return properties;
    }

    private Upserted apply(Planned p, Instant now) {
        Contact old = p.id() == null ? null : contacts.get(p.id());
        String id = p.id() != null ? p.id() : nextFreeId();
        Map<String, String> merged = new LinkedHashMap<>(old == null ? Map.of() : old.properties());
        p.properties().forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        Contact updated = old == null
                ? new Contact(id, merged, null, now, now)
                : new Contact(id, merged, old.companyId(), old.createdAt(), later(now, old));
        if (old != null && !old.property("email").equals(updated.property("email"))) {
            idByEmail.remove(old.property("email"));
        }
        idByEmail.put(updated.property("email"), id);
        contacts.put(id, updated);
        listener.changed(old == null ? "contact.created" : "contact.updated", updated, updated.updatedAt());
        return new Upserted(id, old == null, p.input());
    }

    private String nextFreeId() {
        String id;
        do {
            id = "c-%05d".formatted(nextNumber++);
        } while (contacts.containsKey(id));
        return id;
    }

    private String different(List<String> values, String current) {
        String value;
        do {
            value = values.get(changes.nextInt(values.size()));
        } while (value.equals(current));
        return value;
    }

    /** The clock's now, but always strictly after the previous updatedAt so changes are visible to updatedSince. */
    private static Instant later(Instant now, Contact old) {
        return now.isAfter(old.updatedAt()) ? now : old.updatedAt().plusMillis(1);
    }

    private static ApiException invalid(int index, String message) {
        return new ApiException(400, Json.obj("error", "invalid_input", "message",
                "inputs[" + index + "]: " + message, "index", index), Map.of());
    }
}
