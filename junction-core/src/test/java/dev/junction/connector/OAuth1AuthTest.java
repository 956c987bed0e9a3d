package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code auth: { type: oauth1 }} end to end: the server receives a verifiable signature, the exchange log no secret. */
class OAuth1AuthTest {
    private static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void signsEachRequestSoTheServerCanVerifyItAndLogsNoSecret() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":\"1\"}]")));
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
                  signatureMethod: HMAC-SHA256
                streams:
                  contacts: { request: { path: /contacts, query: { status: "active ok" } }, records: $, primaryKey: id }
                """.formatted(server.baseUrl());
        String connection = """
                kind: Connection
                name: crm
                connector: acme
                secrets: { consumerKey: "${env:CK}", consumerSecret: "${env:CS}", token: "${env:TK}", tokenSecret: "${env:TS}" }
                """;
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector), new SourceText("crm.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        var sink = new TestPeers.CollectingSink();
        var options = PipelineOptions.builder().exchangeSink(sink).clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC)).build();
        var secrets = Map.of("CK", "ck-1", "CS", "consumer-s3cret", "TK", "tk-1", "TS", "token-s3cret");

        try (var client = ConnectionClient.create(loaded.connectors().get("acme"), loaded.connections().get("crm"),
                new EnvSecretResolver(secrets::get), options)) {
            client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).next();
        }

        String header = server.getAllServeEvents().getFirst().getRequest().getHeader("Authorization");
        Map<String, String> sent = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(header.substring("OAuth ".length()));
        while (pair.find()) {
            sent.put(pair.group(1), java.net.URLDecoder.decode(pair.group(2), StandardCharsets.UTF_8));
        }
        assertThat(sent).containsKeys("oauth_nonce", "oauth_signature").containsEntry("oauth_consumer_key", "ck-1")
                .containsEntry("oauth_token", "tk-1").containsEntry("oauth_signature_method", "HMAC-SHA256")
                .containsEntry("oauth_timestamp", "1700000000");
        // The base string written out by hand for this request (RFC 5849 section 3.4.1).
        String base = "GET&" + enc(server.baseUrl() + "/api/contacts") + "&" + enc("oauth_consumer_key=ck-1&oauth_nonce=" + sent.get("oauth_nonce")
                + "&oauth_signature_method=HMAC-SHA256&oauth_timestamp=1700000000&oauth_token=tk-1&status=active%20ok");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("consumer-s3cret&token-s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(sent.get("oauth_signature")).isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))));
        assertThat(sink.exchanges).hasSize(1);
        assertThat(sink.exchanges.getFirst().toString()).doesNotContain("consumer-s3cret", "token-s3cret", sent.get("oauth_signature"));
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
