package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.SigV4Verifier;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth: { type: aws-sigv4 }} end to end, loaded from YAML and sent through the real pipeline
 * to WireMock: every attempt carries a SigV4 signature over what was sent — the connector's and the
 * call's headers, the action's idempotency key, the body — that {@link SigV4Verifier}, written from
 * AWS's description, verifies; a retried attempt is signed again at its own time; the exchange log
 * holds neither the secret key nor the session token nor the signature.
 */
class AwsSigV4AuthTest {
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//session+token/for-the-test==";
    private static final Instant START = Instant.parse("2026-03-01T09:30:00Z");

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(START);
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    private ConnectionClient client() {
        return client("");
    }

    /** A client of the orders API, its connection given {@code config} (YAML, may be empty). */
    private ConnectionClient client(String config) {
        return client(config, Map.of("AK", "ASIAEXAMPLEKEYID", "SK", SECRET_KEY, "ST", SESSION_TOKEN));
    }

    /** Like {@link #client(String)}, with the environment its secrets are read from. */
    private ConnectionClient client(String config, Map<String, String> env) {
        String connector = """
                kind: Connector
                name: orders-api
                config: { region: { default: eu-west-1 } }
                secrets: { accessKeyId: {}, secretAccessKey: {}, sessionToken: { required: false } }
                baseUrl: %s/prod
                headers: { X-Api-Version: "2026-01" }
                auth:
                  type: aws-sigv4
                  accessKeyId: "{{ secrets.accessKeyId }}"
                  secretAccessKey: "{{ secrets.secretAccessKey }}"
                  sessionToken: "{{ secrets.sessionToken }}"
                  region: "{{ config.region }}"
                  service: execute-api
                streams:
                  orders: { request: { path: /orders, query: { status: "open now", limit: 50 } }, records: $.items, primaryKey: id }
                actions:
                  upsertOrders:
                    request: { method: POST, path: /orders/batch, body: "{ 'orders': $records }" }
                    batch: { maxRecords: 10 }
                    idempotencyKey: { header: Idempotency-Key }
                """.formatted(server.baseUrl());
        String connection = """
                kind: Connection
                name: orders
                connector: orders-api
                secrets: { accessKeyId: "${env:AK}", secretAccessKey: "${env:SK}", sessionToken: "${env:ST}" }
                """ + config;
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("orders-api.yaml", connector), new SourceText("orders.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        return ConnectionClient.create(loaded.connectors().get("orders-api"), loaded.connections().get("orders"), new EnvSecretResolver(env::get),
                PipelineOptions.builder().exchangeSink(exchanges).clock(time).sleeper(time).build());
    }

    @Test
    void signsAStreamReadAndAnActionWriteSoThatTheSignaturesVerify() throws Exception {
        server.stubFor(get(urlPathEqualTo("/prod/orders")).willReturn(okJson("{\"items\": [{\"id\": \"o-1\"}]}")));
        server.stubFor(post("/prod/orders/batch").willReturn(okJson("{}")));

        try (ConnectionClient client = client()) {
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next();
            client.call("upsertOrders", List.of(new ObjectMapper().readTree("{\"id\": \"o-1\", \"total\": 12.5}")),
                    new CallContext("run-1", null, "orders", List.of("o-1"), true), "run-1:batch-0");
        }

        List<LoggedRequest> received = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).toList();
        assertThat(received).hasSize(2);
        SigV4Verifier.Parsed read = verify(received.get(0));
        assertThat(read).extracting(SigV4Verifier.Parsed::accessKeyId, SigV4Verifier.Parsed::date, SigV4Verifier.Parsed::region,
                SigV4Verifier.Parsed::service).containsExactly("ASIAEXAMPLEKEYID", "20260301", "eu-west-1", "execute-api");
        assertThat(read.signedHeaders()).contains("host", "x-api-version", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token");
        assertThat(received.get(0).getUrl()).startsWith("/prod/orders?").contains("status=open%20now", "limit=50");
        SigV4Verifier.Parsed write = verify(received.get(1));
        assertThat(write.signedHeaders()).contains("content-type", "host", "idempotency-key", "x-api-version", "x-amz-date", "x-amz-security-token");
        assertThat(received.get(1).getHeader("Idempotency-Key")).isEqualTo("run-1:batch-0");
        for (LoggedRequest request : received) {
            assertThat(request.getHeader("X-Amz-Date")).isEqualTo("20260301T093000Z");
            assertThat(request.getHeader("X-Amz-Security-Token")).isEqualTo(SESSION_TOKEN);
        }
    }

    @Test
    void longTermKeysWithoutTheOptionalSessionTokenSignWithoutOne() {
        server.stubFor(get(urlPathEqualTo("/prod/orders")).willReturn(okJson("{\"items\": []}")));

        try (ConnectionClient client = client("", Map.of("AK", "AKIAEXAMPLEKEYID", "SK", SECRET_KEY))) {
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next();
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        assertThat(request.containsHeader("X-Amz-Security-Token")).isFalse();
        assertThat(verify(request).signedHeaders()).doesNotContain("x-amz-security-token");
        assertThat(verify(request).accessKeyId()).isEqualTo("AKIAEXAMPLEKEYID");
    }

    @Test
    void signsARetriedAttemptAgainAtItsOwnTime() {
        server.stubFor(get(urlPathEqualTo("/prod/orders")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo("/prod/orders")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"items\": []}")));

        try (ConnectionClient client = client()) {
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next();
        }

        List<LoggedRequest> attempts = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).toList();
        assertThat(attempts).extracting(r -> r.getHeader("X-Amz-Date")).containsExactly("20260301T093000Z", "20260301T093002Z");
        assertThat(attempts).extracting(r -> SigV4Verifier.verify(r.getMethod().getName(), path(r), query(r), headers(r), r.getBody(), SECRET_KEY, false)
                .signature()).doesNotHaveDuplicates();
        assertThat(time.waits).hasSize(1);
    }

    @Test
    void theExchangeLogHoldsNeitherTheSecretKeyNorTheSessionTokenNorTheSignature() {
        server.stubFor(get(urlPathEqualTo("/prod/orders")).willReturn(okJson("{\"items\": [], \"echo\": \"" + SESSION_TOKEN + "\"}")));

        try (ConnectionClient client = client()) {
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next();
        }

        String signature = SigV4Verifier.parse(server.getAllServeEvents().getFirst().getRequest().getHeader("Authorization")).signature();
        assertThat(exchanges.exchanges).singleElement().satisfies(exchange -> {
            assertThat(exchange.requestHeaders()).containsEntry("Authorization", List.of("[redacted]"))
                    .containsEntry("X-Amz-Security-Token", List.of("[redacted]")).containsEntry("X-Amz-Date", List.of("20260301T093000Z"));
            assertThat(exchange.toString()).doesNotContain(SECRET_KEY, SESSION_TOKEN, signature);
        });
    }

    @Test
    void aRegionFromConfigThatIsNoAwsRegionFailsNamingTheConnection() {
        assertThatThrownBy(() -> client("config: { region: Europe (Paris) }\n")).isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'orders': auth.region '{{ config.region }}' gave 'Europe (Paris)'; expected an AWS region such as us-east-1"
                        + " (auto for Cloudflare R2); check the config values it names");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void theDocsExamplesLoadAndTheR2OneListsABucketPageByPageSignedWithS3Rules() throws Exception {
        List<String> blocks = DocsExamples.yamlBlocks("#### AWS Signature Version 4", "#### HMAC request signing");
        String connectors = blocks.get(1);
        LoadResult examples = new SpecLoader().loadTexts(List.of(new SourceText("aws.yaml", connectors)));
        assertThat(examples.problems()).isEmpty();
        assertThat(examples.warnings()).isEmpty();
        // the auth block, the two connectors, the assumed role's auth block: refused keys are read from AWS's codes, so no error rule is
        // recommended any more
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(2)).contains("assumeRole:").contains("roleArn:");

        String r2 = connectors.substring(connectors.indexOf("---\n") + 4)
                .replace("\"https://{{ config.accountId }}.r2.cloudflarestorage.com\"", server.baseUrl());
        String connection = """
                kind: Connection
                name: exports
                connector: r2-exports
                config: { accountId: acc-1, bucket: exports }
                secrets: { accessKeyId: "${env:AK}", secretAccessKey: "${env:SK}" }
                """;
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("r2.yaml", r2), new SourceText("exports.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        String token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";
        server.stubFor(get(urlPathEqualTo("/exports")).withQueryParam("continuation-token", absent()).willReturn(xml(
                "<IsTruncated>true</IsTruncated><NextContinuationToken>" + token + "</NextContinuationToken>"
                        + "<Contents><Key>exports/a b.csv</Key></Contents><Contents><Key>exports/c.csv</Key></Contents>")));
        server.stubFor(get(urlPathEqualTo("/exports")).withQueryParam("continuation-token", equalTo(token))
                .willReturn(xml("<IsTruncated>false</IsTruncated><Contents><Key>exports/d.csv</Key></Contents>")));
        Map<String, String> env = Map.of("AK", "r2-access-key", "SK", "r2-secret-key");

        List<String> keys = new java.util.ArrayList<>();
        try (ConnectionClient client = ConnectionClient.create(loaded.connectors().get("r2-exports"), loaded.connections().get("exports"),
                new EnvSecretResolver(env::get), PipelineOptions.builder().clock(time).sleeper(time).build())) {
            client.readStream("objects", ReadOptions.full(CallContext.of("exports"))).forEachRemaining(page -> page.records()
                    .forEach(record -> keys.add(record.path("Key").asText())));
        }

        assertThat(keys).containsExactly("exports/a b.csv", "exports/c.csv", "exports/d.csv");
        for (LoggedRequest request : server.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            SigV4Verifier.Parsed parsed = SigV4Verifier.verify(request.getMethod().getName(), path(request), query(request), headers(request),
                    request.getBody(), "r2-secret-key", true);
            assertThat(parsed).extracting(SigV4Verifier.Parsed::region, SigV4Verifier.Parsed::service).containsExactly("auto", "s3");
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String inside) {
        return aResponse().withHeader("Content-Type", "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>exports</Name>" + inside + "</ListBucketResult>");
    }

    private static SigV4Verifier.Parsed verify(LoggedRequest request) {
        return SigV4Verifier.verify(request.getMethod().getName(), path(request), query(request), headers(request), request.getBody(), SECRET_KEY,
                false);
    }

    private static String path(LoggedRequest request) {
        return request.getUrl().split("\\?", 2)[0];
    }

    private static String query(LoggedRequest request) {
        String[] parts = request.getUrl().split("\\?", 2);
        return parts.length > 1 ? parts[1] : null;
    }

    private static Function<String, List<String>> headers(LoggedRequest request) {
        return name -> request.containsHeader(name) ? request.getHeaders().getHeader(name).values() : List.of();
    }
}
