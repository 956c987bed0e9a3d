package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.SigV4Verifier;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth.assumeRole} of AWS SigV4, against WireMock playing AWS STS and an API Gateway API: the keys sign an
 * {@code AssumeRole} request (verified with the keys' secret), the API's requests are signed with the role's temporary
 * credentials (verified with the role's secret) and carry its session token, the credentials are kept until shortly
 * before they expire, a refusal says what to check, and the exchange log holds none of the secrets.
 */
class AwsAssumeRoleTest {
    private static final String KEY_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String ROLE_SECRET = "9drTJvcXLB89EXAMPLELB8923FB892xMFI/role+secret";
    private static final String ROLE_TOKEN = "FwoGZXIvYXdzEBYaDEXAMPLE//role+session+token==";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/junction-reader";
    private static final Instant START = Instant.parse("2026-03-01T09:30:00Z");

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(START);
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    private static String connector(String assumeRole) {
        return """
                kind: Connector
                name: orders-api
                config: { region: { default: eu-west-1 }, roleArn: {}, stsEndpoint: {} }
                secrets: { accessKeyId: {}, secretAccessKey: {}, externalId: { required: false } }
                baseUrl: %s/prod
                auth:
                  type: aws-sigv4
                  accessKeyId: "{{ secrets.accessKeyId }}"
                  secretAccessKey: "{{ secrets.secretAccessKey }}"
                  region: "{{ config.region }}"
                  service: execute-api
                  assumeRole:
                %s
                streams:
                  orders: { request: { path: /orders }, records: $.items, primaryKey: id }
                """.formatted(server.baseUrl(), assumeRole.indent(4).stripTrailing());
    }

    private static final String ROLE = """
            roleArn: "{{ config.roleArn }}"
            externalId: "{{ secrets.externalId }}"
            stsEndpoint: "{{ config.stsEndpoint }}"
            """;

    private ConnectionClient client() {
        return client((context, error) -> { });
    }

    private ConnectionClient client(dev.junction.http.CredentialsRefused refused) {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("orders-api.yaml", connector(ROLE)), new SourceText("orders.yaml", """
                kind: Connection
                name: orders
                connector: orders-api
                config: { roleArn: "%s", stsEndpoint: "%s" }
                secrets: { accessKeyId: "${env:AK}", secretAccessKey: "${env:SK}", externalId: "${env:EXT}" }
                """.formatted(ROLE_ARN, server.baseUrl()))));
        assertThat(loaded.problems()).isEmpty();
        Map<String, String> env = Map.of("AK", "AKIAIOSFODNN7EXAMPLE", "SK", KEY_SECRET, "EXT", "acme-7Hq2-external");
        return ConnectionClient.create(loaded.connectors().get("orders-api"), loaded.connections().get("orders"), new EnvSecretResolver(env::get),
                PipelineOptions.builder().exchangeSink(exchanges).clock(time).sleeper(time).credentialsRefused(refused).build());
    }

    private static String credentials(Instant expiration) {
        return """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:junction</AssumedRoleId>
                      <Arn>arn:aws:sts::123456789012:assumed-role/junction-reader/junction</Arn>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                    <PackedPolicySize>6</PackedPolicySize>
                  </AssumeRoleResult>
                  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(ROLE_SECRET, ROLE_TOKEN, expiration);
    }

    private static void sts(String body, int status) {
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    private static List<LoggedRequest> stsCalls() {
        return server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).filter(r -> r.getUrl().equals("/")).toList();
    }

    private static List<LoggedRequest> received(String path) {
        return server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).filter(r -> r.getUrl().startsWith(path)).toList();
    }

    @Test
    void theKeysAssumeTheRoleAndTheApiIsCalledWithTheRolesCredentials() {
        sts(credentials(START.plus(Duration.ofHours(1))), 200);
        server.stubFor(get(urlPathEqualTo("/prod/orders")).willReturn(okJson("{\"items\": [{\"id\": \"o-1\"}]}")));

        try (ConnectionClient client = client()) {
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next();
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next();
        }

        // one AssumeRole, signed by the keys for sts in the auth's region
        LoggedRequest assume = stsCalls().getFirst();
        assertThat(stsCalls()).hasSize(1);
        SigV4Verifier.Parsed keys = SigV4Verifier.verify("POST", "/", null, headers(assume), assume.getBody(), KEY_SECRET, false);
        assertThat(keys).extracting(SigV4Verifier.Parsed::accessKeyId, SigV4Verifier.Parsed::region, SigV4Verifier.Parsed::service)
                .containsExactly("AKIAIOSFODNN7EXAMPLE", "eu-west-1", "sts");
        assertThat(form(assume.getBodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of("Action", "AssumeRole", "Version", "2011-06-15",
                "RoleArn", ROLE_ARN, "RoleSessionName", "junction", "DurationSeconds", "3600", "ExternalId", "acme-7Hq2-external"));
        assertThat(assume.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        // both API calls signed with the role's credentials, its session token sent
        for (LoggedRequest call : received("/prod/orders")) {
            SigV4Verifier.Parsed role = SigV4Verifier.verify("GET", "/prod/orders", null, headers(call), call.getBody(), ROLE_SECRET, false);
            assertThat(role.accessKeyId()).isEqualTo("ASIAIOSFODNN7EXAMPLE");
            assertThat(role.service()).isEqualTo("execute-api");
            assertThat(call.getHeader("X-Amz-Security-Token")).isEqualTo(ROLE_TOKEN);
        }
        assertThat(received("/prod/orders")).hasSize(2);
        // the log holds neither the keys' secret nor the role's secret or session token, in the STS answer either
        assertThat(exchanges.exchanges).hasSize(3).allSatisfy(exchange -> assertThat(exchange.toString())
                .doesNotContain(KEY_SECRET, ROLE_SECRET, ROLE_TOKEN, "acme-7Hq2-external"));
        assertThat(exchanges.exchanges.getFirst().responseBody()).contains("<SecretAccessKey>[redacted]</SecretAccessKey>");
    }

    @Test
    void theRolesCredentialsAreObtainedAgainFiveMinutesBeforeTheyExpire() {
        sts(credentials(START.plus(Duration.ofHours(1))), 200);
        server.stubFor(get(urlPathEqualTo("/prod/orders")).willReturn(okJson("{\"items\": []}")));

        try (ConnectionClient client = client()) {
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).nextPage();
            time.advance(Duration.ofMinutes(54));
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).nextPage();
            server.verify(1, postRequestedFor(urlEqualTo("/")));
            time.advance(Duration.ofMinutes(1));
            sts(credentials(START.plus(Duration.ofHours(2))), 200);
            client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).nextPage();
        }

        server.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aSessionTheApiRefusesAsExpiredIsReplacedOnTheNextCallWithoutMarkingTheConnection() {
        sts(credentials(START.plus(Duration.ofHours(1))), 200);
        server.stubFor(get(urlPathEqualTo("/prod/orders")).inScenario("session").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("renewed")
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ExpiredTokenException")
                        .withBody("{\"message\": \"The security token included in the request is expired\"}")));
        server.stubFor(get(urlPathEqualTo("/prod/orders")).inScenario("session").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"items\": [{\"id\": \"o-1\"}]}")));
        List<String> refusedConnections = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (ConnectionClient client = client((context, error) -> refusedConnections.add(context.connection()))) {
            ApiException expired = catchThrowableOfType(ApiException.class, () -> client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next());
            assertThat(expired.error().category()).isEqualTo(ApiError.Category.AUTH);
            assertThat(client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next().records()).hasSize(1);
        }

        server.verify(2, postRequestedFor(urlEqualTo("/")));
        assertThat(refusedConnections).isEmpty(); // the role's session, not the connection's keys
    }

    @Test
    void aRefusalIsAnAuthErrorThatSaysWhatToCheck() {
        sts("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>AccessDenied</Code>
                    <Message>User: arn:aws:iam::111122223333:user/junction is not authorized to perform: sts:AssumeRole on resource: %s</Message>
                  </Error>
                  <RequestId>4b8b4c1e-0f8e-4d3e-9d2a-EXAMPLE</RequestId>
                </ErrorResponse>""".formatted(ROLE_ARN), 403);

        ApiException refused;
        try (ConnectionClient client = client()) {
            refused = catchThrowableOfType(ApiException.class, () -> client.readStream("orders", ReadOptions.full(CallContext.of("orders"))).next());
        }

        assertThat(refused.error().category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(refused.error().code()).isEqualTo("AccessDenied");
        assertThat(refused).hasMessageContaining("auth.assumeRole: STS did not let the connection's keys assume " + ROLE_ARN + ": AccessDenied: User:"
                + " arn:aws:iam::111122223333:user/junction is not authorized to perform: sts:AssumeRole")
                .hasMessageContaining("check that the role's trust policy lets these keys assume it, with this external id");
        assertThat(received("/prod/orders")).isEmpty();
    }

    @Test
    void theRoleIsCheckedWhenLoaded() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("orders-api.yaml", connector("""
                roleArn: "arn:aws:iam::12345:user/someone"
                sessionName: "my session"
                duration: 5m
                stsRegion: EU
                owner: me
                """))));

        assertThat(loaded.problems()).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
                "orders-api.yaml:17:5 auth.assumeRole.owner: unknown key (allowed: roleArn, externalId, sessionName, duration, stsEndpoint, stsRegion)",
                "orders-api.yaml:13:14 auth.assumeRole.roleArn: expected a role's ARN such as arn:aws:iam::123456789012:role/junction-reader,"
                        + " found 'arn:aws:iam::12345:user/someone'",
                "orders-api.yaml:14:18 auth.assumeRole.sessionName: expected 2 to 64 letters, digits and + = , . @ _ -, found 'my session'",
                "orders-api.yaml:15:15 auth.assumeRole.duration: expected 15m to 12h (what AWS STS allows; the role's own maximum may be lower),"
                        + " found '5m'",
                "orders-api.yaml:16:16 auth.assumeRole.stsRegion: expected an AWS region such as us-east-1 (auto for Cloudflare R2), found 'EU'");
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8), pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    private static Function<String, List<String>> headers(LoggedRequest request) {
        return name -> request.containsHeader(name) ? request.getHeaders().getHeader(name).values() : List.of();
    }
}
