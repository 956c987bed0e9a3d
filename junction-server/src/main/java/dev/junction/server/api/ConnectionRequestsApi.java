package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.ConnectionRequests;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/connections/{connection}/request}: a request the caller writes, sent through the
 * connection's pipeline (its auth, rate budget, retries, exchange log), and the API's answer, whatever
 * its status. Parses, calls {@link ConnectionRequests#send}, renders.
 */
public final class ConnectionRequestsApi implements ApiModule {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A request to send: the method, a path below the connector's base URL (percent-encoded, starting with {@code /}), query
     * parameters and headers, and a body: {@code body} (any JSON, sent as JSON) or {@code bodyText} (sent as it is), not both.
     */
    public record ProxyCall(@JsonProperty(required = true) String method, @JsonProperty(required = true) String path, Map<String, String> query,
            Map<String, String> headers, JsonNode body, String bodyText) {}

    /**
     * The API's answer: its status and headers, and its body as JSON ({@code body}) when it is JSON, else as text ({@code bodyText})
     * when it is UTF-8 text, else base64 ({@code bodyBase64}); {@code logId} is the run id its exchanges are logged under.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProxyAnswer(int status, Map<String, List<String>> headers, JsonNode body, String bodyText, String bodyBase64, String logId) {}

    private final Access access;
    private final ConnectionRequests requests;

    public ConnectionRequestsApi(Access access, ConnectionRequests requests) {
        this.access = access;
        this.requests = requests;
    }

    @Override
    public void register(Routes routes) {
        routes.post("/api/v1/connections/{connection}/request", Guard.token(Role.EDITOR, Scope.tenantOfObject(ctx -> access.ownerOfConnection(ctx.pathParam("connection")))))
                .operation("connections.request", "connections", "Sends a request the caller writes through a connection, and answers the API's answer")
                .description("A proxy to the connection's API for what no stream or action covers: the method (GET, POST, PUT, PATCH, DELETE,"
                        + " HEAD), a path below the connector's base URL (no '..', no other host), query, headers and a body (at most 10 MiB)"
                        + " go through the connection's pipeline: its auth (refreshed as needed; the caller never sees or sends a credential;"
                        + " Authorization, Cookie and Host are refused), rate budget, retries (POST and PATCH only when they cannot have reached"
                        + " the API) and exchange log (secrets hidden). Answers 200 with the API's status, headers (not Set-Cookie) and body,"
                        + " whatever that status is; 502 when the API sent nothing back. The call is logged under logId"
                        + " (GET /api/v1/exchanges?run=LOGID).")
                .param(Param.path("connection", "The connection's name"))
                .body(ProxyCall.class)
                .response(200, "The API's answer", ProxyAnswer.class)
                .response(400, "Not a request to send: the method, the path, a header, both body and bodyText, the body's size")
                .response(404, "No such connection")
                .response(502, "The API sent nothing back (network, refused address, an answer over the size cap)")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    ProxyCall call = request.body(ProxyCall.class);
                    String connection = ctx.pathParam("connection");
                    request.auditObject("Connection", connection);
                    request.auditDetail("method", call.method());
                    request.auditDetail("path", call.path());
                    ConnectionRequests.Answer answer = requests.send(connection, request.tenant().orElse(null),
                            new ConnectionRequests.Request(call.method(), call.path(), call.query(), call.headers(), body(call)));
                    request.auditDetail("status", answer.status());
                    ctx.json(render(answer));
                });
    }

    private static byte[] body(ProxyCall call) {
        if (call.body() != null && !call.body().isNull() && call.bodyText() != null) {
            throw new ApiProblem.BadRequest("Give body (JSON) or bodyText (sent as it is), not both.");
        }
        if (call.bodyText() != null) {
            return call.bodyText().getBytes(StandardCharsets.UTF_8);
        }
        return call.body() == null || call.body().isNull() ? null : call.body().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The body as JSON when the answer says JSON and is, else as UTF-8 text when it decodes, else base64. */
    static ProxyAnswer render(ConnectionRequests.Answer answer) {
        byte[] bytes = answer.body();
        if (bytes.length == 0) {
            return new ProxyAnswer(answer.status(), answer.headers(), null, null, null, answer.logId());
        }
        String type = answer.contentType() == null ? "" : answer.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            try {
                return new ProxyAnswer(answer.status(), answer.headers(), JSON.readTree(bytes), null, null, answer.logId());
            } catch (java.io.IOException notJson) {
                // said JSON, is not: as text below
            }
        }
        String text = answer.text();
        return text != null ? new ProxyAnswer(answer.status(), answer.headers(), null, text, null, answer.logId())
                : new ProxyAnswer(answer.status(), answer.headers(), null, null, Base64.getEncoder().encodeToString(bytes), answer.logId());
    }
}
