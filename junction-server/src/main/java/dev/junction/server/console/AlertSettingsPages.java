package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.AlertsApi;
import dev.junction.server.api.AlertsApi.ChannelView;
import dev.junction.server.api.AlertsApi.NotificationView;
import dev.junction.server.api.AlertsApi.RuleView;
import dev.junction.server.api.AlertsApi.SilenceView;
import dev.junction.store.AlertSilence;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * How alerts are set up, for operators (tenant tokens: 403), with the guards of the alert API: the
 * applied rules (condition, scope, cool-down, channels), the channels (name and type only: a channel's
 * settings and secrets are never shown) with "Send test" for admins, and the silences (admins add one
 * with its matcher, until when and why, or end one).
 */
public final class AlertSettingsPages implements ApiModule {
    /** The channels page; {@code tested}: the notification a "Send test" just made, or null. */
    public record ChannelsPage(List<ChannelView> channels, NotificationView tested) {}

    /** The silences page; {@code error}: why the last one was refused, or null; {@code rules}: to choose from. */
    public record SilencesPage(List<SilenceView> silences, List<String> rules, String error) {}

    private final Engine engine;
    private final ConsolePages pages;

    AlertSettingsPages(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
    }

    @Override
    public void register(Routes routes) {
        Guard viewer = Guard.token(Role.VIEWER, Scope.operator());
        Guard admin = Guard.token(Role.ADMIN, Scope.operator());
        routes.get("/console/alert-rules", viewer)
                .operation("console.alertRules", "console", "The applied alert rules: condition, scope, cool-down, channels")
                .response(200, "An HTML page")
                .handle(ctx -> pages.page(ctx, "alert-rules.jte", "Alert rules", "alerts",
                        Map.of("rules", engine.alerts().rules().values().stream().map(AlertsApi::view).toList())));
        routes.get("/console/alert-channels", viewer)
                .operation("console.alertChannels", "console", "The applied alert channels: name and type, never a setting or secret")
                .response(200, "An HTML page")
                .handle(ctx -> channels(ctx, null));
        routes.post("/console/alert-channels/{name}/test", admin)
                .operation("console.testAlertChannel", "console", "Sends a test message to a channel now, as POST /api/v1/alert-channels/{name}/test, and shows the attempt")
                .param(Param.path("name", "The channel's name, as in its definition"))
                .response(200, "The channels, with the test's attempt")
                .response(404, "No channel of that name is applied")
                .handle(ctx -> {
                    ApiRequest.of(ctx).auditObject("alert-channel", ctx.pathParam("name"));
                    channels(ctx, AlertsApi.view(engine.alerts().test(ctx.pathParam("name"))));
                });
        routes.get("/console/alert-silences", viewer)
                .operation("console.alertSilences", "console", "Alert silences in effect now or later, soonest ending first")
                .response(200, "An HTML page")
                .handle(ctx -> silences(ctx, 200, null));
        routes.post("/console/alert-silences", admin)
                .operation("console.silenceAlerts", "console", "Adds a silence, as POST /api/v1/alert-silences")
                .description("Form fields: rule, sync, connection, tenant (each empty: any), until (a UTC time like 2026-12-31T18:00), reason, _csrf.")
                .response(303, "To the silences")
                .response(400, "The silences page again, saying what was wrong")
                .handle(this::silence);
        routes.post("/console/alert-silences/{silenceId}/delete", admin)
                .operation("console.unsilenceAlerts", "console", "Ends a silence now, as DELETE /api/v1/alert-silences/{silenceId}")
                .param(Param.path("silenceId", "The silence's id"))
                .response(303, "To the silences")
                .response(404, "No silence has that id")
                .handle(ctx -> {
                    ApiRequest.of(ctx).auditObject("alert-silence", ctx.pathParam("silenceId"));
                    engine.alerts().unsilence(ctx.pathParam("silenceId"));
                    Forms.seeOther(ctx, "/console/alert-silences");
                });
    }

    private void channels(Context ctx, NotificationView tested) {
        pages.page(ctx, "alert-channels.jte", "Alert channels", "alerts", Map.of("page",
                new ChannelsPage(engine.alerts().channels().values().stream().map(c -> AlertsApi.view(c, engine.alertChannelSecrets())).toList(), tested)));
    }

    private void silences(Context ctx, int status, String error) {
        pages.page(ctx, status, "alert-silences.jte", "Alert silences", "alerts", Map.of("page", new SilencesPage(
                engine.alerts().silences().stream().map(AlertsApi::view).toList(), List.copyOf(engine.alerts().rules().keySet()), error)));
    }

    private void silence(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        try {
            AlertSilence made = engine.alerts().silence(Forms.field(ctx, "rule"), Forms.field(ctx, "sync"), Forms.field(ctx, "connection"),
                    Forms.field(ctx, "tenant"), null, until(Forms.field(ctx, "until")), Forms.field(ctx, "reason"),
                    request.principal().map(Principal::id).orElse(null));
            request.auditObject("alert-silence", made.id());
            request.auditDetail("reason", made.reason());
            Forms.seeOther(ctx, "/console/alert-silences");
        } catch (EngineException.Invalid | ApiProblem.BadRequest e) {
            silences(ctx, 400, e.getMessage());
        }
    }

    /** A UTC time as a browser's datetime-local input sends it (2026-12-31T18:00), or an ISO-8601 instant. */
    private static Instant until(String text) {
        if (text == null) {
            throw new ApiProblem.BadRequest("until: expected a UTC time like 2026-12-31T18:00, when the silence ends");
        }
        try {
            return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ApiProblem.BadRequest("until: '" + text + "' is not a time; expected a UTC time like 2026-12-31T18:00");
        }
    }
}
