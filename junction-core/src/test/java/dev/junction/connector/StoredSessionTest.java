package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.junction.connector.SessionConnector.read;
import static dev.junction.connector.SessionConnector.stubLogins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.SessionTokens;
import dev.junction.http.TestPeers;
import dev.junction.store.CredentialRepository;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session tokens kept in the credential store: a later process (its own {@link SessionTokens}, the
 * same store) reuses a stored, unexpired session of the same login instead of logging in; a refused
 * one is replaced by one login and leaves the store. The login endpoint and the API: WireMock,
 * counting logins. The store: {@link CredentialRepository#inMemory()}, shared as processes share the
 * database (the JDBC store's encryption is tested in the engine's {@code StoredSessionsTest}).
 */
class StoredSessionTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestPeers.CollectingSink sink = new TestPeers.CollectingSink();
    private final CredentialRepository store = CredentialRepository.inMemory();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    /** A new process: a session registry of its own, the shared store. */
    private ConnectionClient process() {
        return client(new SessionTokens(), "pa55word-x");
    }

    /**
     * The token goes in query parameter {@code sid}, a name the exchange log does not hide by itself:
     * only knowing the token as a secret keeps it out of the logged URL.
     */
    private ConnectionClient client(SessionTokens sessions, String password) {
        var client = SessionConnector.client(server.baseUrl(), "  expiresInPath: $.expires_in\n  in: query\n  name: sid", 1, password,
                PipelineOptions.builder().exchangeSink(sink).clock(time).sleeper(time).credentials(store).sessionTokens(sessions).build());
        clients.add(client);
        return client;
    }

    /** The API accepts {@code token} and echoes it in the answer (as a "who am I" field would). */
    private static void accepts(String token) {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("sid", equalTo(token))
                .willReturn(okJson("[{\"id\":\"1\",\"session\":\"" + token + "\"}]")));
    }

    private static void refuses(String token) {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).withQueryParam("sid", equalTo(token)).willReturn(unauthorized()));
    }

    private static void verifyLogins(int count) {
        server.verify(count, postRequestedFor(urlPathEqualTo("/auth/login")));
    }

    private static void verifySent(int count, String token) {
        server.verify(count, getRequestedFor(urlPathEqualTo("/api/contacts")).withQueryParam("sid", equalTo(token)));
    }

    private String storedToken() {
        return store.find("default", "crm").map(c -> c.value("session_token")).orElse(null);
    }

    @Test
    void aSecondProcessOnTheSameStoreUsesTheStoredSessionInsteadOfLoggingIn() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        accepts("sess-token-1");

        read(process());
        read(process());

        verifyLogins(1);
        verifySent(2, "sess-token-1");
        StoredCredential stored = store.find("default", "crm").orElseThrow();
        assertThat(stored.value("session_token")).isEqualTo("sess-token-1");
        assertThat(stored.value("expires_at")).isEqualTo("2026-01-01T00:10:00Z");
        assertThat(stored.toString()).doesNotContain("sess-token-1");
        assertThat(sink.exchanges).hasSize(3);
        assertThat(sink.exchanges.getLast().url()).endsWith("/api/contacts?sid=[redacted]");
        assertThat(sink.exchanges.toString()).as("the reused token is redacted in the second process's log too").doesNotContain("sess-token-1", "pa55word-x");
    }

    @Test
    void anExpiredStoredSessionIsNotReusedAndTheNewLoginReplacesIt() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        accepts("sess-token-1");
        accepts("sess-token-2");
        read(process());

        time.advance(Duration.ofSeconds(599));
        read(process());
        time.advance(Duration.ofSeconds(1));
        read(process());
        read(process());

        verifyLogins(2);
        verifySent(2, "sess-token-1");
        verifySent(2, "sess-token-2");
        assertThat(storedToken()).isEqualTo("sess-token-2");
        assertThat(store.find("default", "crm").orElseThrow().value("expires_at")).isEqualTo("2026-01-01T00:20:00Z");
    }

    @Test
    void aStoredSessionTheApiRefusesIsReplacedByOneLoginAndTheNextProcessUsesTheNewOne() {
        stubLogins(server, "sess-token-1", "sess-token-2", "sess-token-3");
        accepts("sess-token-1");
        read(process());
        refuses("sess-token-1"); // the API ended the session (a logout, a server restart)
        accepts("sess-token-2");

        read(process());
        read(process());

        verifyLogins(2);
        verifySent(2, "sess-token-1"); // the first process's call, then the second's refused one; never again
        verifySent(2, "sess-token-2");
        assertThat(storedToken()).isEqualTo("sess-token-2");
        assertThat(sink.exchanges.toString()).doesNotContain("sess-token-1", "sess-token-2");
    }

    /**
     * Nodes A and B both use session 1; the API, which allows one session per account, ends it, and
     * node A's next call logs in (session 2, stored). Node B still holds session 1.
     *
     * @return node B
     */
    private ConnectionClient nodeBAfterNodeALoggedInAgain() {
        stubLogins(server, "sess-token-1", "sess-token-2", "sess-token-3");
        accepts("sess-token-1");
        var nodeA = process();
        var nodeB = process();
        read(nodeA);
        read(nodeB);
        refuses("sess-token-1");
        accepts("sess-token-2");
        read(nodeA);
        return nodeB;
    }

    @Test
    void aProcessWhoseSessionWasEndedByAnotherProcessLoginUsesTheStoredOneWithoutLoggingIn() {
        var nodeB = nodeBAfterNodeALoggedInAgain();

        read(nodeB); // refused: finds node A's session in the store

        verifyLogins(2);
        verifySent(2, "sess-token-2");
        assertThat(storedToken()).isEqualTo("sess-token-2");
    }

    @Test
    void whenTheSessionAnotherProcessStoredIsRefusedTooTheCallLogsInItselfOnce() {
        var nodeB = nodeBAfterNodeALoggedInAgain();
        refuses("sess-token-2"); // ended by a login elsewhere that is not in the store (another tool on the same account)
        accepts("sess-token-3");

        read(nodeB);

        verifyLogins(3);
        verifySent(1, "sess-token-3");
        assertThat(storedToken()).isEqualTo("sess-token-3");
    }

    @Test
    void aFailedLoginAfterARefusalLeavesNoRefusedSessionInTheStore() {
        stubLogins(server, "sess-token-1");
        accepts("sess-token-1");
        read(process());
        refuses("sess-token-1");
        server.stubFor(post("/auth/login").inScenario("login").whenScenarioStateIs("login-1")
                .willReturn(unauthorized().withBody("{\"error\":\"account locked\"}")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> read(process()));

        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(e.getMessage()).isEqualTo("connection 'crm': the session login at POST " + server.baseUrl()
                + "/auth/login answered HTTP 401; check the login credentials (auth.body) and auth.tokenPath");
        assertThat(store.find("default", "crm")).as("the refused session is gone, not waiting for the next process").isEmpty();
    }

    @Test
    void aChangedPasswordDoesNotReuseTheSessionOfTheOldOne() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        accepts("sess-token-1");
        accepts("sess-token-2");
        read(client(new SessionTokens(), "pa55word-x"));

        read(client(new SessionTokens(), "new-pa55word-y"));

        verifyLogins(2);
        server.verify(1, postRequestedFor(urlPathEqualTo("/auth/login")).withRequestBody(equalToJson("{\"username\":\"ada\",\"password\":\"new-pa55word-y\"}")));
        assertThat(storedToken()).isEqualTo("sess-token-2");
    }

    @Test
    void pipelinesOfOneProcessShareTheSessionAndEachRedactsIt() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        accepts("sess-token-1");
        SessionTokens process = new SessionTokens();
        read(client(process, "pa55word-x"));

        read(client(process, "pa55word-x"));

        verifyLogins(1);
        verifySent(2, "sess-token-1");
        assertThat(sink.exchanges).extracting(ExchangeRecord::responseBody).last().asString().doesNotContain("sess-token-1").contains("[redacted]");
    }

    @Test
    void aSessionDeletedFromTheStoreIsNotUsedFromMemoryByTheProcessesNextPipeline() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        accepts("sess-token-1");
        accepts("sess-token-2");
        SessionTokens process = new SessionTokens();
        read(client(process, "pa55word-x"));
        store.delete("default", "crm"); // a reset, the connection deleted, its tenant erased: on this node or another

        read(client(process, "pa55word-x"));

        verifyLogins(2);
        verifySent(1, "sess-token-2");
        assertThat(storedToken()).isEqualTo("sess-token-2");
    }
}
