package dev.junction.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.engine.AuditLog;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.ProblemError;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.store.AuditCursor;
import dev.junction.store.AuditEntry;
import dev.junction.store.AuditPage;
import dev.junction.store.AuditQuery;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/audit}: who changed what and how it went, newest first, filtered and paged with an
 * opaque cursor. For admin tokens of no tenant. Every mutating API call is recorded by the server's
 * audit hook (see {@code Auditor}), not here.
 */
public final class AuditApi implements ApiModule {
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> FILTERS = List.of("actor", "action", "objectType", "objectId", "tenant", "from", "to");

    /** One audit entry; {@code outcome} is the HTTP status of an API call (ok for local commands); {@code detail} a small JSON object. */
    public record AuditEntryView(long id, Instant at, String actor, String tenant, String action, String objectType, String objectId, String outcome,
            JsonNode detail) {}

    /** A page of entries and the URL of the next page ({@code next}, also in a {@code Link} header), null on the last. */
    public record AuditPageView(List<AuditEntryView> entries, String next) {}

    private final AuditLog audit;
    private final ObjectMapper json = new ObjectMapper();

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/audit", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("audit.list", "audit", "Lists audit log entries, newest first")
                .param(Param.query("actor", "Only calls by this token id (or local:USER).", String.class))
                .param(Param.query("action", "Only this action: a route's operationId, like definitions.apply.", String.class))
                .param(Param.query("objectType", "Only calls on this kind of object, like Sync or token.", String.class))
                .param(Param.query("objectId", "Only calls on this object (needs objectType).", String.class))
                .param(Param.query("tenant", "Only calls by tokens of this tenant.", String.class))
                .param(Param.query("from", "Only calls at or after this time (ISO-8601, like 2026-01-31T00:00:00Z).", Instant.class))
                .param(Param.query("to", "Only calls before this time (ISO-8601).", Instant.class))
                .param(Param.query("cursor", "The page after the one whose next link gave this cursor.", String.class))
                .param(Param.query("limit", "Entries per page, 1.." + AuditQuery.MAX_LIMIT + " (default " + DEFAULT_LIMIT + ").", Integer.class))
                .response(200, "A page of entries and the next page's URL", AuditPageView.class)
                .handle(ctx -> {
                    AuditPage page = audit.query(query(ctx));
                    String next = page.nextCursor() == null ? null : next(ctx, page.nextCursor());
                    if (next != null) {
                        ctx.header("Link", "<" + next + ">; rel=\"next\"");
                    }
                    ctx.json(new AuditPageView(page.entries().stream().map(this::view).toList(), next));
                });
    }

    /** The query a request's parameters ask for (the filters, cursor and limit above); 400 naming each bad one. The console's audit page asks the same. */
    public static AuditQuery query(Context ctx) {
        List<ProblemError> errors = new ArrayList<>();
        int limit = limit(ctx.queryParam("limit"), errors);
        Instant from = instant(ctx, "from", errors);
        Instant to = instant(ctx, "to", errors);
        String objectType = blankToNull(ctx.queryParam("objectType"));
        String objectId = blankToNull(ctx.queryParam("objectId"));
        if (objectId != null && objectType == null) {
            errors.add(ProblemError.at("objectId", "objectId needs objectType as well (an id is only unique within its type), like objectType=token"));
        }
        String cursor = blankToNull(ctx.queryParam("cursor"));
        if (cursor != null) {
            try {
                AuditCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.at("cursor", "not a cursor this API gave out; start again without one"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem.BadRequest("Some query parameters are not valid: " + String.join("; ", errors.stream().map(ProblemError::message).toList()) + ".",
                    errors);
        }
        return new AuditQuery(blankToNull(ctx.queryParam("actor")), blankToNull(ctx.queryParam("action")), objectType, objectId,
                blankToNull(ctx.queryParam("tenant")), from, to, cursor, limit);
    }

    private static int limit(String text, List<ProblemError> errors) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (text.matches("[0-9]{1,4}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= AuditQuery.MAX_LIMIT) {
            return Integer.parseInt(text);
        }
        errors.add(ProblemError.at("limit", "limit is a whole number 1.." + AuditQuery.MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static Instant instant(Context ctx, String name, List<ProblemError> errors) {
        String text = blankToNull(ctx.queryParam(name));
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(ProblemError.at(name, name + " is an ISO-8601 time like 2026-01-31T12:00:00Z"));
            return null;
        }
    }

    /** This request's URL with the same filters and the next page's cursor. */
    private static String next(Context ctx, String cursor) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = blankToNull(ctx.queryParam(name));
            if (value != null) {
                params.put(name, value);
            }
        }
        if (ctx.queryParam("limit") != null) {
            params.put("limit", ctx.queryParam("limit"));
        }
        params.put("cursor", cursor);
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return ApiRequest.of(ctx).location(ctx.path() + "?" + String.join("&", pairs)).toString();
    }

    private AuditEntryView view(AuditEntry e) {
        return new AuditEntryView(e.id(), e.at(), e.actor(), e.tenant(), e.action(), e.objectType(), e.objectId(), e.outcome(), detail(e.detail()));
    }

    private JsonNode detail(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
