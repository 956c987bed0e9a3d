package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.OAuth1Verifier;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth: { type: oauth1 }} end to end, loaded from YAML and sent through the real pipeline to
 * WireMock: the server receives a signature {@link OAuth1Verifier} (written from RFC 5849) verifies;
 * a retried attempt (after a 503, a 429) is signed anew, with a nonce of its own and the time it is
 * sent, as providers refuse a nonce they have seen; the exchange log holds no secret.
 */
class OAuth1AuthTest {
    private static final Instant START = Instant.ofEpochSecond(1_700_000_000);

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(START);
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    /** A client of the CRM, its connector given {@code extra} (YAML, top-level keys, may be empty). */
    private ConnectionClient client(String signatureMethod, String extra) {
        String connector = """
                kind: Connector
                name: acme
                baseUrl: %s/api
                secrets: { consumerKey: {}, consumerSecret: {}, token: {}, tokenSecret: {} }
                auth:
                  type: oauth1
                  consumerKey: "{{ secrets.consumerKey }}"
                  consumerSecret: "{{ secrets.consumerSecret }}"
                  token: "{{ secrets.token }}"
                  tokenSecret: "{{ secrets.tokenSecret }}"
                  signatureMethod: %s
                streams:
                  contacts: { request: { path: /contacts, query: { status: "active ok" } }, records: $, primaryKey: id }
                actions:
                  createContact:
                    request:
                      method: POST
                      path: /contacts
                      headers: { Content-Type: application/x-www-form-urlencoded }
                      body: "{ 'email': $record.email, 'name': $record.name }"
                    idempotencyKey: { header: Idempotency-Key }
                %s
                """.formatted(server.baseUrl(), signatureMethod, extra);
        String connection = """
                kind: Connection
                name: crm
                connector: acme
                secrets: { consumerKey: "${env:CK}", consumerSecret: "${env:CS}", token: "${env:TK}", tokenSecret: "${env:TS}" }
                """;
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector), new SourceText("crm.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        var options = PipelineOptions.builder().exchangeSink(exchanges).clock(time).sleeper(time)
                .rateLimiters(new RateLimiters(time, Duration.ofMinutes(5))).build();
        var secrets = Map.of("CK", "ck-1", "CS", "consumer-s3cret", "TK", "tk-1", "TS", "token-s3cret");
        return ConnectionClient.create(loaded.connectors().get("acme"), loaded.connections().get("crm"), new EnvSecretResolver(secrets::get), options);
    }

    /** The requests WireMock received, first first. */
    private static List<LoggedRequest> received() {
        return server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).toList();
    }

    /** Verifies the request's signature with the connection's secrets, as the provider would. */
    private static Map<String, String> verify(LoggedRequest request) {
        return OAuth1Verifier.verify(request.getMethod().getName(), server.baseUrl() + request.getUrl(), request.getHeader("Content-Type"),
                request.getBodyAsString(), request.getHeader("Authorization"), "consumer-s3cret", "token-s3cret");
    }

    @Test
    void signsEachRequestSoTheServerCanVerifyItAndLogsNoSecret() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":\"1\"}]")));

        try (var client = client("HMAC-SHA256", "")) {
            client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).next();
        }

        Map<String, String> sent = OAuth1Verifier.parameters(received().getFirst().getHeader("Authorization"));
        assertThat(sent).containsKeys("oauth_nonce", "oauth_signature").containsEntry("oauth_consumer_key", "ck-1")
                .containsEntry("oauth_token", "tk-1").containsEntry("oauth_signature_method", "HMAC-SHA256")
                .containsEntry("oauth_timestamp", "1700000000");
        // The base string written out by hand for this request (RFC 5849 section 3.4.1).
        String base = "GET&" + enc(server.baseUrl() + "/api/contacts") + "&" + enc("oauth_consumer_key=ck-1&oauth_nonce=" + sent.get("oauth_nonce")
                + "&oauth_signature_method=HMAC-SHA256&oauth_timestamp=1700000000&oauth_token=tk-1&status=active%20ok");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("consumer-s3cret&token-s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(sent.get("oauth_signature")).isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))));
        assertThat(verify(received().getFirst())).isEqualTo(sent);
        assertThat(exchanges.exchanges).hasSize(1);
        assertThat(exchanges.exchanges.getFirst().toString()).doesNotContain("consumer-s3cret", "token-s3cret", sent.get("oauth_signature"));
    }

    @Test
    void aRetriedAttemptIsSignedAnewWithANonceOfItsOwnAndTheTimeItIsSent() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo("/api/contacts")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("[{\"id\":\"1\"}]")));

        try (var client = client("HMAC-SHA1", "")) {
            client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).next();
        }

        List<LoggedRequest> attempts = received();
        assertThat(attempts).hasSize(2);
        List<Map<String, String>> signed = attempts.stream().map(OAuth1AuthTest::verify).toList();
        assertThat(signed).extracting(p -> p.get("oauth_nonce")).doesNotHaveDuplicates();
        assertThat(signed).extracting(p -> p.get("oauth_timestamp")).containsExactly("1700000000", "1700000002");
        assertThat(signed).extracting(p -> p.get("oauth_signature_method")).containsOnly("HMAC-SHA1");
        assertThat(time.waits).containsExactly(Duration.ofSeconds(2));
        assertThat(exchanges.exchanges).hasSize(2).allSatisfy(exchange -> {
            assertThat(exchange.requestHeaders()).containsEntry("Authorization", List.of("[redacted]"));
            assertThat(exchange.toString()).doesNotContain("consumer-s3cret", "token-s3cret", signed.get(0).get("oauth_signature"),
                    signed.get(1).get("oauth_signature"));
        });
    }

    @Test
    void aRetriedFormActionIsSignedOverItsBodyOnEveryAttemptAfterTheRateLimitWait() throws Exception {
        server.stubFor(post("/api/contacts").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        server.stubFor(post("/api/contacts").inScenario("busy").whenScenarioStateIs("free").willReturn(okJson("{\"id\":\"c-1\"}")));

        try (var client = client("HMAC-SHA1", "rateLimit: { requests: 1, per: 10s }")) {
            client.call("createContact", List.of(new ObjectMapper().readTree("{\"id\": \"u-7\", \"email\": \"ada@example.com\", \"name\": \"Ada L\"}")),
                    new CallContext("run-1", null, "crm", List.of("u-7"), true), "run-1:u-7");
        }

        List<LoggedRequest> attempts = received();
        assertThat(attempts).hasSize(2).allSatisfy(request -> {
            assertThat(request.getBodyAsString()).isEqualTo("email=ada%40example.com&name=Ada+L");
            assertThat(request.getHeader("Idempotency-Key")).isEqualTo("run-1:u-7");
        });
        List<Map<String, String>> signed = attempts.stream().map(OAuth1AuthTest::verify).toList(); // the form fields are signed
        assertThat(signed).extracting(p -> p.get("oauth_nonce")).doesNotHaveDuplicates();
        // the retry waits the 1 s asked, then the rest of the rate limit's 10 s: the second attempt is stamped when it leaves
        assertThat(signed).extracting(p -> p.get("oauth_timestamp")).containsExactly("1700000000", "1700000010");
    }

    @Test
    void badOAuth1SettingsAreReportedWhereTheyAre() {
        String connector = """
                kind: Connector
                name: acme
                baseUrl: http://127.0.0.1:9
                secrets: { key: {}, token: {} }
                auth: { type: oauth1, consumerKey: "{{ secrets.key }}", token: "{{ secrets.token }}", signatureMethod: RSA-SHA1, nonce: x }
                """;

        assertThat(new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector))).problems())
                .extracting(Object::toString).containsExactly(
                        "acme.yaml:5:1 auth: missing required key 'consumerSecret'",
                        "acme.yaml:5:1 auth: missing required key 'tokenSecret' (token is set)",
                        "acme.yaml:5:104 auth.signatureMethod: 'RSA-SHA1' is not one of HMAC-SHA1, HMAC-SHA256, PLAINTEXT",
                        "acme.yaml:5:114 auth.nonce: unknown key (allowed: type, consumerKey, consumerSecret, token, tokenSecret, signatureMethod, realm)");
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
