package dev.junction.sandbox.internal;

import dev.junction.sandbox.Helpdesk;
import dev.junction.sandbox.HelpdeskUser;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Function;

/** The simulated Helpdesk HTTP server. */
public final class HelpdeskServer extends AbstractService implements Helpdesk {

    static final String BATCH_ENDPOINT = "users.batch";
    static final String DELETE_ENDPOINT = "users.delete";
    static final String PATCH_ENDPOINT = "users.patch";
    /** How many idempotency keys the Helpdesk remembers (the most recent). */
    static final int IDEMPOTENCY_KEYS_KEPT = 100_000;

    private final String apiKey;
    private final HelpdeskStore store;
    private final IdempotencyKeys idempotencyKeys = new IdempotencyKeys(IDEMPOTENCY_KEYS_KEPT);
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public HelpdeskServer(SeedData seed, int port, String apiKey, int rateLimit, Clock clock, Json json) {
        super("helpdesk", port, rateLimit, clock, json);
        this.apiKey = apiKey;
        this.store = new HelpdeskStore(seed, json);
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public Optional<HelpdeskUser> user(String id) {
        return store.user(id);
    }

    @Override
    public Optional<HelpdeskUser> userByExternalId(String externalId) {
        return store.userByExternalId(externalId);
    }

    @Override
    public int userCount() {
        return store.users().size();
    }

    @Override
    public void hold(String externalId, boolean hold) {
        if (hold) {
            held.add(externalId);
        } else {
            held.remove(externalId);
        }
    }

    @Override
    protected boolean authorized(Context ctx) {
        String key = ctx.header("X-Api-Key");
        return key != null && MessageDigest.isEqual(key.trim().getBytes(StandardCharsets.UTF_8),
                apiKey.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected String unauthorizedMessage() {
        return "missing or invalid X-Api-Key header";
    }

    @Override
    protected void routes(RoutesConfig routes) {
        routes.get("/api/users", ctx -> list(ctx, store.users(), HelpdeskServer::render));
        routes.get("/api/users/by-external-id/{external_id}", ctx -> {
            String externalId = ctx.pathParam("external_id");
            respond(ctx, 200, store.userByExternalId(externalId).map(HelpdeskServer::render).orElseThrow(
                    () -> ApiException.of(404, "not_found", "no user with external_id " + externalId)));
        });
        routes.get("/api/users/{id}", ctx -> respond(ctx, 200, store.user(ctx.pathParam("id"))
                .map(HelpdeskServer::render)
                .orElseThrow(() -> ApiException.of(404, "not_found", "no user " + ctx.pathParam("id")))));
        routes.post("/api/users/batch", this::batch);
        routes.post("/api/users/delete", ctx -> respond(ctx, 200, results(deleteBatch(ctx.body()), DELETE_ENDPOINT)));
        routes.post("/api/users/patch", ctx -> respond(ctx, 200, results(store.patch(json.parse(ctx.body()).get("users"), now()), PATCH_ENDPOINT)));
        routes.delete("/api/users/by-external-id/{external_id}", ctx -> {
            HelpdeskStore.Outcome outcome = store.delete(List.of(ctx.pathParam("external_id")), held).getFirst();
            if (outcome.error() != null) {
                throw ApiException.of(409, outcome.error().code(), outcome.error().message());
            }
            if (outcome.record() == null) {
                throw ApiException.of(404, "not_found", "no user with external_id " + outcome.externalId());
            }
            recordWrite(now(), DELETE_ENDPOINT, outcome.externalId(), outcome.record());
            ctx.status(204);
        });
        routes.get("/api/agents", ctx -> list(ctx, store.agents(), HelpdeskServer::render));
        routes.get("/api/tickets", ctx -> list(ctx, store.tickets(), HelpdeskServer::render));
    }

    private <T> void list(Context ctx, NavigableMap<String, T> records, Function<T, Map<String, Object>> renderer) {
        int offset = Paging.offset(ctx);
        int limit = Paging.limit(ctx);
        List<T> all = new ArrayList<>(records.values());
        int from = Math.min(offset, all.size());
        int to = (int) Math.min((long) offset + limit, all.size());
        List<Map<String, Object>> data = all.subList(from, to).stream().map(renderer).toList();
        respond(ctx, 200, Json.obj("data", data, "total", all.size(), "offset", offset, "limit", limit));
    }

    /**
     * With an {@code Idempotency-Key} header, a repeat of an applied request (same key, same body)
     * gets the first answer again, marked {@code Idempotent-Replayed: true}, and is neither applied
     * nor ledgered; see {@link IdempotencyKeys}.
     */
    private void batch(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            respond(ctx, 200, applyBatch(ctx.body()));
            return;
        }
        IdempotencyKeys.Result result = idempotencyKeys.handle(key, ctx.bodyAsBytes(),
                () -> new IdempotencyKeys.Answer(200, json.write(applyBatch(ctx.body()))));
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(result.answer().status()).contentType("application/json").result(result.answer().body());
    }

    private Map<String, Object> applyBatch(String body) {
        return results(store.upsert(json.parse(body).get("users"), now()), BATCH_ENDPOINT);
    }

    /** {@code {"external_ids": [...]}}: at most 50 per call. */
    private List<HelpdeskStore.Outcome> deleteBatch(String body) {
        com.fasterxml.jackson.databind.JsonNode ids = json.parse(body).get("external_ids");
        if (ids == null || !ids.isArray()) {
            throw ApiException.badRequest("invalid_request", "body must be an object with an \"external_ids\" array");
        }
        List<String> list = new ArrayList<>(ids.size());
        ids.forEach(id -> list.add(id.asText()));
        return store.delete(list, held);
    }

    /** One result per record; each change applied (a record is set) goes into the ledger under {@code endpoint}. */
    private Map<String, Object> results(List<HelpdeskStore.Outcome> outcomes, String endpoint) {
        Instant now = now();
        List<Map<String, Object>> results = new ArrayList<>(outcomes.size());
        for (HelpdeskStore.Outcome o : outcomes) {
            Map<String, Object> result = Json.obj("index", o.index(), "external_id", o.externalId(),
                    "status", o.status());
            if (o.accepted()) {
                result.put("id", o.id());
                if (o.record() != null) {
                    recordWrite(now, endpoint, o.externalId(), o.record());
                }
            } else {
                result.put("error", Json.obj("code", o.error().code(), "message", o.error().message()));
            }
            results.add(result);
        }
        return Json.obj("results", results);
    }

    private static Map<String, Object> render(HelpdeskUser u) {
        return Json.obj("id", u.id(), "external_id", u.externalId(), "email", u.email(), "name", u.name(),
                "priority", u.priority(), "profile", u.profile(), "owner_id", u.ownerId(),
                "created_at", u.createdAt().toString(), "updated_at", u.updatedAt().toString(), "deleted", u.deleted());
    }

    private static Map<String, Object> render(SeedData.Staff s) {
        return Json.obj("id", s.agentId(), "email", s.email(), "name", s.name());
    }

    private static Map<String, Object> render(SeedData.Ticket t) {
        return Json.obj("id", t.id(), "subject", t.subject(), "status", t.status(), "priority", t.priority(),
                "requester_id", t.requesterId(), "assignee_id", t.assigneeId(),
                "created_at", t.createdAt().toString(), "updated_at", t.updatedAt().toString());
    }
}
