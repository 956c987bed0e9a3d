package dev.junction.sandbox.internal;

import dev.junction.sandbox.AcmeCrm;
import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Webhooks;
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
import java.util.function.IntFunction;

/** The simulated Acme CRM HTTP server. */
public final class AcmeCrmServer extends AbstractService implements AcmeCrm {

    static final String UPSERT_ENDPOINT = "contacts.batch.upsert";
    static final String DELETE_ENDPOINT = "contacts.delete";
    static final int MAX_BURST = 1_000_000;

    private final String token;
    private final CrmStore store;
    private final WebhookDispatcher webhooks;

    public AcmeCrmServer(SeedData seed, long changeSeed, int port, String token, int rateLimit, Clock clock,
                         Json json) {
        super("crm", port, rateLimit, clock, json);
        this.token = token;
        this.webhooks = new WebhookDispatcher(clock, json, this::render);
        this.store = new CrmStore(seed, changeSeed, json, webhooks);
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public List<String> changeContacts(int n) {
        return store.change(n, now());
    }

    @Override
    public List<String> burst(int changes) {
        if (changes < 0 || changes > MAX_BURST) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_BURST + ", got " + changes);
        }
        if (changes > 0 && store.size() == 0) {
            throw new IllegalArgumentException("count must be 0: the CRM has no contacts to change");
        }
        List<String> changed = new ArrayList<>(changes);
        while (changed.size() < changes) {
            changed.addAll(changeContacts(Math.min(changes - changed.size(), store.size())));
        }
        return changed;
    }

    @Override
    public boolean deleteContact(String id) {
        Instant at = now();
        boolean deleted = store.delete(id, at).isPresent();
        if (deleted) {
            recordWrite(at, DELETE_ENDPOINT, id, Map.of());
        }
        return deleted;
    }

    @Override
    public Webhooks webhooks() {
        return webhooks;
    }

    @Override
    public Optional<Contact> contact(String id) {
        return store.contact(id);
    }

    @Override
    public int contactCount() {
        return store.size();
    }

    @Override
    protected boolean authorized(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected String unauthorizedMessage() {
        return "missing or invalid bearer token";
    }

    @Override
    protected void routes(RoutesConfig routes) {
        routes.get("/v1/contacts", ctx -> list(ctx, "contacts", store.contacts(), Contact::updatedAt, this::render));
        routes.get("/v1/contacts/{id}", ctx -> respond(ctx, 200, store.contact(ctx.pathParam("id"))
                .map(this::render)
                .orElseThrow(() -> ApiException.of(404, "not_found", "no contact " + ctx.pathParam("id")))));
        routes.get("/v1/companies", ctx -> list(ctx, "companies", store.companies(),
                SeedData.Company::updatedAt, AcmeCrmServer::render));
        routes.get("/v1/owners", ctx -> list(ctx, "owners", store.owners(),
                SeedData.Staff::createdAt, AcmeCrmServer::render));
        routes.delete("/v1/contacts/{id}", ctx -> {
            if (!deleteContact(ctx.pathParam("id"))) {
                throw ApiException.of(404, "not_found", "no contact " + ctx.pathParam("id"));
            }
            ctx.status(204);
        });
        routes.post("/v1/contacts/batch/upsert", this::upsert);
        routes.post(ADMIN_PREFIX + "/change", ctx -> countParam(ctx, 25, n -> Json.obj("changed", changeContacts(n))));
        routes.post(ADMIN_PREFIX + "/burst", ctx -> countParam(ctx, 1000, n -> Json.obj("changes", burst(n).size())));
        new WebhookRoutes(webhooks, json, this::respond).register(routes);
    }

    @Override
    protected void onReset() {
        webhooks.clearLedger();
    }

    @Override
    protected void onClose() {
        webhooks.close();
    }

    private <T> void list(Context ctx, String collection, NavigableMap<String, T> records,
                          Function<T, Instant> updatedAt, Function<T, Map<String, Object>> renderer) {
        int limit = Paging.limit(ctx);
        // sort=updatedAt: in updatedAt order, as some APIs offer (by id otherwise); a cursor is a position in its order
        boolean byUpdatedAt = Paging.sort(ctx) != null;
        String positions = byUpdatedAt ? collection + "/updatedAt" : collection;
        String after = Paging.decodeCursor(ctx, positions);
        Instant since = Paging.updatedSince(ctx);
        Paging.Page<T> page = Paging.after(byUpdatedAt ? Paging.byInstant(records, updatedAt) : records, after,
                r -> since == null || !updatedAt.apply(r).isBefore(since), limit);
        List<Map<String, Object>> results = page.items().stream().map(renderer).toList();
        Map<String, Object> body = Json.obj("results", results);
        if (page.hasMore()) {
            body.put("paging", Json.obj("next", Json.obj("after", Paging.encodeCursor(positions, page.lastKey()))));
        }
        respond(ctx, 200, body);
    }

    private void upsert(Context ctx) {
        Instant at = now();
        List<CrmStore.Upserted> upserted = store.upsert(json.parse(ctx.body()).get("inputs"), at);
        for (CrmStore.Upserted u : upserted) {
            recordWrite(at, UPSERT_ENDPOINT, u.id(), u.input());
        }
        respond(ctx, 200, Json.obj("results", upserted.stream()
                .map(u -> Json.obj("id", u.id(), "status", u.created() ? "created" : "updated")).toList()));
    }

    /** Answers {@code action} of the {@code count} query parameter (default {@code fallback}). */
    private void countParam(Context ctx, int fallback, IntFunction<Map<String, Object>> action) {
        String raw = ctx.queryParam("count");
        try {
            int count = raw == null || raw.isEmpty() ? fallback : Integer.parseInt(raw);
            respond(ctx, 200, action.apply(count));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_count", e instanceof NumberFormatException
                    ? "count must be an integer, got '" + raw + "'" : e.getMessage());
        }
    }

    private Map<String, Object> render(Contact c) {
        SeedData.Company company = c.companyId() == null ? null : store.companies().get(c.companyId());
        return Json.obj("id", c.id(), "properties", c.properties(),
                "company", company == null ? null : Json.obj("id", company.id(), "name", company.name()),
                "createdAt", c.createdAt().toString(), "updatedAt", c.updatedAt().toString());
    }

    private static Map<String, Object> render(SeedData.Company c) {
        return Json.obj("id", c.id(), "name", c.name(), "domain", c.domain(), "industry", c.industry(),
                "createdAt", c.createdAt().toString(), "updatedAt", c.updatedAt().toString());
    }

    private static Map<String, Object> render(SeedData.Staff s) {
        return Json.obj("id", s.ownerId(), "email", s.email(), "name", s.name(),
                "createdAt", s.createdAt().toString(), "updatedAt", s.createdAt().toString());
    }
}
