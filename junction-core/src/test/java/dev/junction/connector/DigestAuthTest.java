package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code auth: { type: digest }} against WireMock playing a Digest server as MongoDB Atlas's Admin API answers: the first call's 401
 * challenge answered at once, later calls answering it up front with {@code nc} counting up, a stale nonce taken and answered again, and a
 * refused answer returned without a loop. Each answer is recomputed here from RFC 7616's formula with the password.
 */
class DigestAuthTest extends WireMockAuthFixture {
    private static final String CONNECTOR = """
            kind: Connector
            name: atlas
            baseUrl: %s/api/atlas/v2
            secrets: { publicKey: {}, privateKey: {} }
            headers: { Accept: application/vnd.atlas.2023-02-01+json }
            auth: { type: digest, username: "{{ secrets.publicKey }}", password: "{{ secrets.privateKey }}" }
            streams:
              projects: { request: { path: /groups }, records: $.results, primaryKey: id }
              clusters: { request: { path: /clusters }, records: $.results, primaryKey: id }
            """;
    private static final String CHALLENGE = "Digest realm=\"MMS Public API\", domain=\"\", nonce=\"%s\", algorithm=MD5, qop=\"auth\", stale=%s";

    @Test
    void theFirstCallAnswersTheChallengeAndLaterOnesAnswerItUpFrontCountingUp() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/groups")).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", CHALLENGE.formatted("nonce-1", "false"))));
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/groups")).withHeader("Authorization", containing("nonce=\"nonce-1\""))
                .willReturn(okJson("{\"results\": [{\"id\": \"5e2211c17a3e5a48f5497de3\"}]}")));

        try (ConnectionClient client = client(CONNECTOR, "", Map.of("publicKey", "abcdefgh", "privateKey", "a1b2c3d4-secret"))) {
            read(client, "projects");
            read(client, "projects");
        }

        List<LoggedRequest> requests = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).toList();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).getHeader("Authorization")).isNull();
        Map<String, String> first = params(requests.get(1).getHeader("Authorization"));
        Map<String, String> second = params(requests.get(2).getHeader("Authorization"));
        assertThat(first).containsEntry("username", "abcdefgh").containsEntry("realm", "MMS Public API").containsEntry("uri", "/api/atlas/v2/groups")
                .containsEntry("nc", "00000001").containsEntry("qop", "auth").containsEntry("algorithm", "MD5");
        assertThat(second).containsEntry("nc", "00000002");
        assertThat(second.get("cnonce")).isNotEqualTo(first.get("cnonce"));
        for (Map<String, String> answer : List.of(first, second)) {
            assertThat(answer.get("response")).isEqualTo(expected(answer, "GET", "abcdefgh", "a1b2c3d4-secret"));
        }
        assertThat(exchanges.exchanges.toString()).doesNotContain("a1b2c3d4-secret", first.get("response"));
    }

    @Test
    void aStaleNonceIsTakenAndAnsweredAgainAndARefusedAnswerIsReturnedWithoutALoop() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/groups")).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", CHALLENGE.formatted("nonce-1", "false"))));
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/groups")).withHeader("Authorization", containing("nonce=\"nonce-1\""))
                .willReturn(okJson("{\"results\": []}")));
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/clusters")).withHeader("Authorization", containing("nonce=\"nonce-1\""))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", CHALLENGE.formatted("nonce-2", "true"))));
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/clusters")).withHeader("Authorization", containing("nonce=\"nonce-2\""))
                .willReturn(okJson("{\"results\": [{\"id\": \"c1\"}]}")));

        try (ConnectionClient client = client(CONNECTOR, "", Map.of("publicKey", "abcdefgh", "privateKey", "a1b2c3d4-secret"))) {
            read(client, "projects");
            read(client, "clusters");
        }

        List<LoggedRequest> clusters = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().endsWith("/clusters")).toList();
        assertThat(clusters).hasSize(2);
        Map<String, String> fresh = params(clusters.get(1).getHeader("Authorization"));
        assertThat(fresh).containsEntry("nonce", "nonce-2").containsEntry("nc", "00000001");
        assertThat(fresh.get("response")).isEqualTo(expected(fresh, "GET", "abcdefgh", "a1b2c3d4-secret"));

        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/api/atlas/v2/groups")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withHeader("WWW-Authenticate", CHALLENGE.formatted("nonce-3", "false"))
                .withBody("{\"error\": 401, \"errorCode\": \"NOT_IN_GROUP\", \"reason\": \"Unauthorized\"}")));
        try (ConnectionClient client = client(CONNECTOR, "", Map.of("publicKey", "abcdefgh", "privateKey", "wrong"))) {
            assertThatThrownBy(() -> read(client, "projects")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(server.getAllServeEvents()).as("the challenge, then its refused answer: no third request").hasSize(2);
    }

    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))");

    private static Map<String, String> params(String header) {
        assertThat(header).startsWith("Digest ");
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            params.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return params;
    }

    /** RFC 7616 section 3.4.1 with MD5 and qop=auth, written out here apart from the signer. */
    private static String expected(Map<String, String> answer, String method, String user, String password) throws Exception {
        String ha1 = md5(user + ":" + answer.get("realm") + ":" + password);
        String ha2 = md5(method + ":" + answer.get("uri"));
        return md5(ha1 + ":" + answer.get("nonce") + ":" + answer.get("nc") + ":" + answer.get("cnonce") + ":" + answer.get("qop") + ":" + ha2);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
