package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session-login API on WireMock (127.0.0.1, a free port), as strict as real ones: one session per
 * account, so each login ends the previous session. {@code POST /auth/login} takes
 * {@code {"username", "password"}} and answers {@code {"session": {"token"}}} after
 * {@code loginDelayMillis} (so concurrent logins overlap), or 401 for another password; its API
 * ({@code GET /v1/items}, {@code POST /v1/out}) accepts only the live session's token as
 * {@code Authorization: Bearer ...}.
 */
final class SessionLoginApi extends TransformedApi {
    /** The passwords sent to every login, in order. */
    final List<String> logins = new CopyOnWriteArrayList<>();
    final AtomicInteger refusedCalls = new AtomicInteger();
    /** Every token the API accepted a call with. */
    final Set<String> tokensUsed = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper = new ObjectMapper();
    private final int loginDelayMillis;
    private volatile String password;
    private volatile String live;

    SessionLoginApi(String password, int loginDelayMillis) {
        this.password = password;
        this.loginDelayMillis = loginDelayMillis;
    }

    /** The account's password from now on. */
    void password(String value) {
        password = value;
    }

    /** The live session ends (an idle timeout, a logout elsewhere): its token is refused from now on. */
    void endSession() {
        live = null;
    }

    /** The token of the live session, or null. */
    String liveToken() {
        return live;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        var request = event.getRequest();
        if (request.getUrl().startsWith("/auth/login")) {
            String sent;
            try {
                JsonNode body = mapper.readTree(request.getBodyAsString());
                sent = body.path("password").asText();
            } catch (IOException e) {
                sent = null;
            }
            logins.add(String.valueOf(sent));
            if (!password.equals(sent)) {
                return json(401, "{\"error\":\"wrong user or password\"}", 0);
            }
            live = "session-" + logins.size() + "-" + UUID.randomUUID();
            return json(200, "{\"session\":{\"token\":\"" + live + "\"}}", loginDelayMillis);
        }
        String authorization = request.getHeader("Authorization");
        String token = authorization == null ? null : authorization.replaceFirst("^Bearer ", "");
        if (token == null || !token.equals(live)) {
            refusedCalls.incrementAndGet();
            return json(401, "{\"error\":\"session expired\"}", 0);
        }
        tokensUsed.add(token);
        return json(200, request.getUrl().startsWith("/v1/items") ? "{\"items\":[{\"id\":\"1\"},{\"id\":\"2\"}]}" : "{}", 0);
    }
}
