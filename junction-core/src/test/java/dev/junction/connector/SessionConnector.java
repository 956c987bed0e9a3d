package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.List;
import java.util.Map;

/**
 * The session-login connector of the session tests: connection {@code crm} (user {@code ada}) of
 * connector {@code acme}, which logs in at {@code POST /auth/login} of a WireMock server, finds the
 * token at {@code $.session.token} and reads stream {@code contacts} at {@code GET /api/contacts}.
 */
final class SessionConnector {
    private SessionConnector() {}

    /**
     * @param authExtra more {@code auth:} keys, each line indented by two spaces (or "")
     * @param attempts the connector's {@code retry.maxAttempts}
     * @param password the connection's password
     */
    static ConnectionClient client(String baseUrl, String authExtra, int attempts, String password, PipelineOptions options) {
        String connector = """
                kind: Connector
                name: acme
                baseUrl: %s/api
                secrets: { user: {}, password: {} }
                retry: { maxAttempts: %s }
                auth:
                  type: session
                  loginUrl: /auth/login
                  body: { username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                  tokenPath: $.session.token
                %s
                streams:
                  contacts: { request: { path: /contacts }, records: $, primaryKey: id }
                """.formatted(baseUrl, attempts, authExtra);
        String connection = "{ kind: Connection, name: crm, connector: acme, secrets: { user: \"${env:USER_NAME}\", password: \"${env:PASSWORD}\" } }";
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector), new SourceText("crm.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        return ConnectionClient.create(loaded.connectors().get("acme"), loaded.connections().get("crm"),
                new EnvSecretResolver(Map.of("USER_NAME", "ada", "PASSWORD", password)::get), options);
    }

    /** Reads the first page of {@code contacts}. */
    static void read(ConnectionClient client) {
        client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).next();
    }

    /** Each login answers the next of {@code tokens}, valid for 600 s ({@code $.expires_in}). */
    static void stubLogins(WireMockExtension server, String... tokens) {
        String state = Scenario.STARTED;
        for (int i = 0; i < tokens.length; i++) {
            String next = "login-" + (i + 1);
            server.stubFor(post("/auth/login").inScenario("login").whenScenarioStateIs(state)
                    .willReturn(okJson("{\"session\":{\"token\":\"" + tokens[i] + "\"},\"expires_in\":600}")).willSetStateTo(next));
            state = next;
        }
    }
}
