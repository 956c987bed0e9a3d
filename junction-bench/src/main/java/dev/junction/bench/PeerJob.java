package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/**
 * The job {@link PeersScenario} runs three ways (issue 18): page a HubSpot-shaped source
 * ({@code GET /contacts?limit=100&after=CURSOR}), map 11 fields (a nested {@code company}, a
 * {@code tier} → {@code priority} value map), upsert batches of 100 into
 * {@code POST /users/batch/upsert} with 4 in flight. What the runners share: the paths, the batch
 * size and concurrency, the destination's limit modes, and the mapping as plain Java (the plain and
 * the Camel runner call it; Junction's sync YAML says the same in {@link JunctionPeer}).
 */
final class PeerJob {
    static final String CONTACTS_PATH = "/contacts";
    static final String UPSERT_PATH = "/users/batch/upsert";
    static final int PAGE = 100;
    static final int BATCH = 100;
    static final int CONCURRENCY = 4;
    /** The destination's published limit in the limited modes: 190 requests per 10 s. */
    static final int LIMIT = 190;
    static final Duration WINDOW = Duration.ofSeconds(10);

    private PeerJob() {}

    /**
     * How the destination limits its callers: a token bucket refilled at 19 per second with a
     * capacity of 190 (starts full), 19 (1 s of burst) or 1 (no burst at all), or no limit (S0).
     */
    enum Limit {
        NONE(0),
        FULL(190),
        BURST(19),
        ONE(1);

        final int capacity;

        Limit(int capacity) {
            this.capacity = capacity;
        }

        boolean limited() {
            return this != NONE;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Limit parse(String text) {
            for (Limit limit : values()) {
                if (limit.word().equalsIgnoreCase(text.trim())) {
                    return limit;
                }
            }
            throw new IllegalArgumentException("-Dlimit=" + text + ": expected none (S0, the default), full (bucket of 190 at 19/s), burst (bucket of 19) or one (bucket of 1)");
        }
    }

    /** The 11 fields, as {@link JunctionPeer}'s sync mapping says them; {@code contact} is one element of a page's {@code results}. */
    static ObjectNode map(JsonNode contact, JsonNodeFactory nodes) {
        JsonNode p = contact.path("properties");
        ObjectNode user = nodes.objectNode();
        user.put("external_id", contact.path("id").asText());
        user.put("email", p.path("email").asText().trim().toLowerCase(Locale.ROOT));
        user.put("first_name", p.path("firstname").asText());
        user.put("last_name", p.path("lastname").asText());
        user.put("phone", p.path("phone").asText());
        user.put("priority", switch (p.path("tier").asText()) {
            case "gold" -> 1;
            case "silver" -> 2;
            default -> 3;
        });
        user.put("lifecycle_stage", p.path("lifecyclestage").asText());
        ObjectNode company = user.putObject("company");
        company.put("name", p.path("company").asText());
        company.put("domain", p.path("website").asText());
        company.put("industry", p.path("industry").asText());
        user.put("updated_at", contact.path("updatedAt").asText());
        return user;
    }
}
