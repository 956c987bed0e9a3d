package dev.junction.server.internal;

import dev.junction.engine.Principal;
import dev.junction.server.ApiRequest;
import dev.junction.server.AuditEvent;
import dev.junction.server.Auditor;
import dev.junction.server.Route;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit hook: an after-handler (Javalin runs it after the handler and after the exception mapper,
 * so the status is final) that hands every mutating call of an authenticated caller to the
 * {@link Auditor} once. The object is what the handler named ({@link ApiRequest#auditObject}), else the
 * route's tag and path parameters. The detail holds the method, the path, the problem type of a
 * refusal and what the handler added — never a header, query string or body, so never a secret.
 */
public final class AuditRecorder {
    /** The request attribute under which the problem mapper leaves the type slug of the problem it answered. */
    static final String PROBLEM_ATTRIBUTE = "dev.junction.server.problemSlug";
    private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
    private final Auditor auditor;

    public AuditRecorder(Auditor auditor) {
        this.auditor = auditor;
    }

    public void after(Context ctx) {
        if (!(ctx.attribute(ApiRequest.ATTRIBUTE) instanceof DefaultApiRequest request) || !request.route().mutating()
                || request.principal().isEmpty()) {
            return; // no declared route, a read, or nobody authenticated: nothing to attribute
        }
        Route route = request.route();
        Principal actor = request.principal().get();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("method", route.method());
        detail.put("path", ctx.path());
        if (ctx.attribute(PROBLEM_ATTRIBUTE) instanceof String slug) {
            detail.put("problem", slug);
        }
        request.tenant().filter(t -> !t.equals(actor.tenant())).ifPresent(t -> detail.put("requestTenant", t));
        request.auditDetails().forEach((key, value) -> {
            if (value != null) {
                detail.put(key, value);
            }
        });
        String type = request.auditType() != null ? request.auditType() : route.operation().tag();
        String id = request.auditType() != null ? request.auditId() : pathId(ctx);
        AuditEvent event = new AuditEvent(actor, route.operation().id(), type, id, ctx.statusCode(), detail);
        try {
            auditor.record(event);
        } catch (RuntimeException e) {
            LOG.error("{} {} by {} (status {}) could not be recorded in the audit log", route.method(), ctx.path(), actor.id(), ctx.statusCode(), e);
        }
    }

    /** The path parameters' values in path order, joined by '/': {@code Sync/crm-to-erp}; null when there are none. */
    private static String pathId(Context ctx) {
        List<String> values = new ArrayList<>(ctx.pathParamMap().values());
        return values.isEmpty() ? null : String.join("/", values);
    }
}
