package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.junction.engine.AlertChannelSecrets;
import dev.junction.engine.Alerts;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.spec.AlertChannelSpec;
import dev.junction.spec.AlertSpec;
import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRecord;
import dev.junction.store.AlertSilence;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/alerts}, {@code /api/v1/alert-rules}, {@code /api/v1/alert-channels}: the alerts the
 * applied {@code kind: Alert} rules fired (firing and recently resolved), the rules and channels
 * themselves (made and changed through the definitions API), a test send to a channel, and silences
 * ({@code /api/v1/alert-silences}). A tenant
 * token sees its own tenant's alerts only; rules and channels are the operator's.
 */
public final class AlertsApi implements ApiModule {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertView(String id, String rule, String status, String severity, String summary, String subject, String tenant, String sync,
            String connection, Instant firedAt, Instant lastSeenAt, Instant resolvedAt, Instant notifiedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleView(String name, String description, String condition, Integer count, Double percent, String within, String above,
            String sync, String connection, String tenant, List<String> channels, String severity, String renotify, String resolveAfter) {}

    /**
     * A channel's name and type; its settings and secrets stay in its definition. {@code storedSecrets}
     * lists the fields its definition keeps in the store ({@code ${stored:FIELD}}) that are set,
     * {@code missingSecrets} those not set yet (never a value).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ChannelView(String name, String type, String description, List<String> storedSecrets, List<String> missingSecrets) {}

    /** New values for every {@code ${stored:FIELD}} secret of a channel, by field. */
    public record ChannelSecrets(@com.fasterxml.jackson.annotation.JsonProperty(required = true) java.util.Map<String, String> secrets) {}

    /** Which stored secrets of a channel are set and which are missing; never their values. */
    public record ChannelSecretsView(String channel, List<String> set, List<String> missing) {}

    /** A notification as its attempt left it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotificationView(String id, String channel, String action, String status, int attempts, Instant nextAttemptAt, String lastError,
            Instant createdAt, Instant updatedAt) {}

    /** A silence to add: what it matches (each left out matches anything), when (startsAt: now when left out) and why. */
    public record NewSilence(String rule, String sync, String connection, String tenant, Instant startsAt,
            @com.fasterxml.jackson.annotation.JsonProperty(required = true) Instant endsAt,
            @com.fasterxml.jackson.annotation.JsonProperty(required = true) String reason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SilenceView(String id, String rule, String sync, String connection, String tenant, Instant startsAt, Instant endsAt, String reason,
            String createdBy, Instant createdAt) {}

    private static final int DEFAULT_LIMIT = 50;
    private final Alerts alerts;
    private final AlertChannelSecrets secrets;

    public AlertsApi(Alerts alerts, AlertChannelSecrets secrets) {
        this.alerts = alerts;
        this.secrets = secrets;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/alerts", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("alerts.list", "alerts", "Lists alerts, newest first: firing ones and recently resolved ones")
                .description("An alert is one episode of a rule's condition for one subject (a sync and tenant, a connection, the inbox): it fires"
                        + " once while the condition holds and resolves when it clears. A tenant token sees its own tenant's only.")
                .param(Param.query("tenant", "Only this tenant's alerts", String.class))
                .param(Param.query("status", "Only alerts in this status: " + QueryParams.names(AlertRecord.Status.class), String.class))
                .param(Param.query("limit", "At most this many, 1 to 1000 (default 50)", Integer.class))
                .response(200, "The alerts", Schema.arrayOf(AlertView.class))
                .handle(ctx -> {
                    QueryParams query = QueryParams.of(ctx);
                    List<AlertRecord> found = alerts.list(ApiRequest.of(ctx).tenant().orElse(null), query.choice("status", AlertRecord.Status.class),
                            query.limit(DEFAULT_LIMIT));
                    ctx.json(found.stream().map(AlertsApi::view).toList());
                });
        routes.get("/api/v1/alert-rules", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("alerts.rules", "alerts", "Lists the applied alert rules (kind: Alert)")
                .description("Rules are definitions: apply, change and delete them through /api/v1/definitions like any other kind.")
                .response(200, "The rules", Schema.arrayOf(RuleView.class))
                .handle(ctx -> ctx.json(alerts.rules().values().stream().map(AlertsApi::view).toList()));
        routes.get("/api/v1/alert-channels", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("alerts.channels", "alerts", "Lists the applied alert channels (kind: AlertChannel): names and types, never a setting or secret")
                .response(200, "The channels", Schema.arrayOf(ChannelView.class))
                .handle(ctx -> ctx.json(alerts.channels().values().stream().map(this::view).toList()));
        routes.put("/api/v1/alert-channels/{name}/secrets", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("alerts.setChannelSecrets", "alerts", "Sets the secrets an alert channel keeps in the store (its ${stored:FIELD} references)")
                .description("A channel's definition may write a secret (the Slack URL, the webhook's signing secret, the PagerDuty routing key,"
                        + " the SMTP password) as ${stored:FIELD}; its value is set here, encrypted with the default tenant's data key like"
                        + " connection credentials, and read only when a message is sent. Give every stored field of the channel; an"
                        + " unusable value (a Slack URL that is not an http(s) URL, a signing secret that is not whsec_ and base64) is a 400"
                        + " and nothing is stored. The answer says which fields are set, never a value.")
                .param(Param.path("name", "The channel's name, as in its definition"))
                .body(ChannelSecrets.class)
                .response(200, "Which stored secrets are set now", ChannelSecretsView.class)
                .response(404, "No channel of that name is applied")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    request.auditObject("alert-channel", ctx.pathParam("name"));
                    ChannelSecrets asked = request.body(ChannelSecrets.class);
                    request.auditDetail("secrets", List.copyOf(asked.secrets().keySet()));
                    AlertChannelSecrets.Status status = secrets.set(ctx.pathParam("name"), asked.secrets());
                    ctx.json(new ChannelSecretsView(status.channel(), status.set(), status.missing()));
                });
        routes.delete("/api/v1/alert-channels/{name}/secrets", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("alerts.deleteChannelSecrets", "alerts", "Removes the secrets an alert channel keeps in the store")
                .description("For a channel whose definition was deleted or no longer says ${stored:FIELD} (its values stay until removed), or to"
                        + " stop a channel from sending until its secrets are set again.")
                .param(Param.path("name", "The channel's name, applied or not"))
                .response(204, "Removed")
                .response(404, "The store holds no secret of that channel")
                .handle(ctx -> {
                    ApiRequest.of(ctx).auditObject("alert-channel", ctx.pathParam("name"));
                    if (!secrets.delete(ctx.pathParam("name"))) {
                        throw new dev.junction.server.ApiProblem.NotFound("The store holds no secret of alert channel '" + ctx.pathParam("name") + "'.");
                    }
                    ctx.status(204);
                });
        routes.post("/api/v1/alert-channels/{name}/test", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("alerts.testChannel", "alerts", "Sends a test message to an alert channel now and answers with the attempt")
                .description("The message is a notification like any other: when this attempt fails it is retried later, and lastError says why"
                        + " (with the channel's secrets cut out). A PagerDuty channel gets a trigger event for a test incident.")
                .param(Param.path("name", "The channel's name, as in its definition"))
                .response(200, "The test notification as its attempt left it", NotificationView.class)
                .response(404, "No channel of that name is applied")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    request.auditObject("alert-channel", ctx.pathParam("name"));
                    ctx.json(view(alerts.test(ctx.pathParam("name"))));
                });
        silences(routes);
    }

    private void silences(Routes routes) {
        routes.get("/api/v1/alert-silences", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("alerts.silences", "alerts", "Lists alert silences and maintenance windows in effect now or later, soonest ending first")
                .response(200, "The silences", Schema.arrayOf(SilenceView.class))
                .handle(ctx -> ctx.json(alerts.silences().stream().map(AlertsApi::view).toList()));
        routes.post("/api/v1/alert-silences", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("alerts.silence", "alerts", "Silences alerts for a while, now or as a maintenance window later")
                .description("Alerts the silence matches (rule, sync, connection, tenant: each left out matches anything) fire and resolve as usual"
                        + " but tell no channel until endsAt; one still firing then is sent. At most 90 days.")
                .body(NewSilence.class)
                .response(201, "The silence", SilenceView.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    NewSilence asked = request.body(NewSilence.class);
                    String by = request.principal().map(dev.junction.engine.Principal::id).orElse(null);
                    AlertSilence silence = alerts.silence(asked.rule(), asked.sync(), asked.connection(), asked.tenant(), asked.startsAt(), asked.endsAt(),
                            asked.reason(), by);
                    request.auditObject("alert-silence", silence.id());
                    request.auditDetail("reason", silence.reason());
                    ctx.status(201).json(view(silence));
                });
        routes.delete("/api/v1/alert-silences/{silenceId}", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("alerts.unsilence", "alerts", "Ends an alert silence now; alerts it held are sent at the next evaluation")
                .param(Param.path("silenceId", "The silence's id, like sil_3f9a..."))
                .response(204, "Ended")
                .response(404, "No silence has that id")
                .handle(ctx -> {
                    ApiRequest.of(ctx).auditObject("alert-silence", ctx.pathParam("silenceId"));
                    alerts.unsilence(ctx.pathParam("silenceId"));
                    ctx.status(204);
                });
    }

    public static SilenceView view(AlertSilence s) {
        return new SilenceView(s.id(), s.rule(), s.sync(), s.connection(), s.tenant(), s.startsAt(), s.endsAt(), s.reason(), s.createdBy(), s.createdAt());
    }

    static AlertView view(AlertRecord a) {
        return new AlertView(a.id(), a.rule(), lower(a.status()), a.severity(), a.summary(), a.subject(), a.tenant(), a.sync(), a.connection(),
                a.firedAt(), a.lastSeenAt(), a.resolvedAt(), a.notifiedAt());
    }

    public static RuleView view(AlertSpec r) {
        AlertSpec.Condition c = r.condition();
        return new RuleView(r.name(), r.description(), c.type().yamlName(), c.count(), c.percent(), duration(c.within()), duration(c.above()),
                r.scope().sync(), r.scope().connection(), r.scope().tenant(), r.channels(), r.severity(), duration(r.renotify()),
                duration(r.resolveAfter()));
    }

    public static NotificationView view(AlertNotification n) {
        return new NotificationView(n.id(), n.channel(), n.action(), lower(n.status()), n.attempts(), n.nextAttemptAt(), n.lastError(), n.createdAt(),
                n.updatedAt());
    }

    private static String duration(java.time.Duration d) {
        return d == null ? null : dev.junction.engine.Durations.format(d);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** A channel's view never carries its config or secrets. */
    private ChannelView view(AlertChannelSpec c) {
        return view(c, secrets);
    }

    /** A channel's view, with which of its stored secrets are set (names only). */
    public static ChannelView view(AlertChannelSpec c, AlertChannelSecrets secrets) {
        AlertChannelSecrets.Status stored = c.storedFields().isEmpty() ? null : secrets.status(c.name());
        return new ChannelView(c.name(), c.type(), c.description(), stored == null ? List.of() : stored.set(), stored == null ? List.of() : stored.missing());
    }
}
