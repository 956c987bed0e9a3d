package dev.junction.server.console;

import dev.junction.engine.ConnectionRequests;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.spec.ConnectionSpec;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request sent through a connection from its console page (editor+), as
 * {@code POST /api/v1/connections/{connection}/request} sends it: the form's method, path, query lines
 * ({@code name=value}) and body go through {@link ConnectionRequests#send}, and the API's answer is
 * shown — status, headers, body (JSON indented), the connection's secrets hidden — with the form again.
 */
public final class ConnectionRequestPage implements ApiModule {
    /** What was asked and what came back (null before the first send); {@code error}: why it was not sent. */
    public record RequestPage(String connection, String method, String path, String query, String body, Integer status,
            Map<String, List<String>> headers, String answer, String logId, String error) {}

    private final Engine engine;
    private final ConsolePages pages;
    private final Access access;

    ConnectionRequestPage(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
        this.access = new Access(engine);
    }

    @Override
    public void register(Routes routes) {
        Scope owner = Scope.tenantOfObject(ctx -> access.ownerOfConnection(ctx.pathParam("connection")));
        Param connection = Param.path("connection", "The connection's name");
        routes.get("/console/connections/{connection}/request", Guard.token(Role.EDITOR, owner))
                .operation("console.connectionRequestForm", "console", "The form that sends a request through a connection")
                .param(connection)
                .response(200, "An HTML page")
                .handle(ctx -> {
                    ConnectionSpec spec = engine.catalog().connection(ctx.pathParam("connection"), ConsolePages.tenant(ctx));
                    show(ctx, 200, new RequestPage(spec.name(), "GET", "/", "", "", null, Map.of(), null, null, null));
                });
        routes.post("/console/connections/{connection}/request", Guard.token(Role.EDITOR, owner))
                .operation("console.connectionRequest", "console", "Sends a request through a connection, as POST /api/v1/connections/{connection}/request, and shows the answer")
                .description("Form fields: method, path, query (name=value lines), body, _csrf. The answer is shown whatever its status; a request"
                        + " that is not one to send shows the form again with why (400).")
                .param(connection)
                .response(200, "The answer and the form again")
                .response(400, "The form again, saying what was wrong")
                .handle(this::send);
    }

    private void send(Context ctx) {
        ConnectionSpec spec = engine.catalog().connection(ctx.pathParam("connection"), ConsolePages.tenant(ctx));
        ApiRequest request = ApiRequest.of(ctx);
        String method = Forms.field(ctx, "method");
        String path = Forms.field(ctx, "path");
        String query = java.util.Objects.requireNonNullElse(Forms.field(ctx, "query"), "");
        String body = java.util.Objects.requireNonNullElse(Forms.field(ctx, "body"), "");
        request.auditObject("Connection", spec.name());
        request.auditDetail("method", method);
        request.auditDetail("path", path);
        try {
            Map<String, String> params = new LinkedHashMap<>();
            for (String line : query.split("\\R")) {
                if (!line.isBlank()) {
                    int equals = line.indexOf('=');
                    if (equals <= 0) {
                        throw new EngineException.Invalid("query line '" + line.strip() + "': expected name=value");
                    }
                    params.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
            byte[] bytes = body.isBlank() ? null : body.getBytes(StandardCharsets.UTF_8);
            ConnectionRequests.Answer answer = engine.requests().send(spec.name(), ConsolePages.tenant(ctx),
                    new ConnectionRequests.Request(method, path, params, Map.of(), bytes));
            request.auditDetail("status", answer.status());
            show(ctx, 200, new RequestPage(spec.name(), method, path, query, body, answer.status(), answer.headers(), shown(answer), answer.logId(), null));
        } catch (EngineException.Invalid e) {
            show(ctx, 400, new RequestPage(spec.name(), method, path, query, body, null, Map.of(), null, null, e.getMessage()));
        }
    }

    private void show(Context ctx, int status, RequestPage page) {
        pages.page(ctx, status, "connection-request.jte", "Request through " + page.connection(), "connections", Map.of("page", page));
    }

    /** The body as text: JSON indented, other UTF-8 as it is, anything else as its size. */
    private static String shown(ConnectionRequests.Answer answer) {
        String text = answer.text();
        if (text == null) {
            return "(" + answer.body().length + " bytes that are not text" + (answer.contentType() == null ? "" : ", " + answer.contentType()) + ")";
        }
        if (!text.isEmpty() && answer.contentType() != null && answer.contentType().contains("json")) {
            try {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(text));
            } catch (java.io.IOException notJson) {
                return text;
            }
        }
        return text;
    }
}
