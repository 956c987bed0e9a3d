package dev.junction.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-tenant sync whose destination is one fixed OAuth 2.0 connection, its tenants running at
 * once: the runs share the connection's tokens, so an API that rotates refresh tokens (each good
 * for one refresh) and whose access tokens live two seconds sees one refresh per expiry, never a
 * refused one. Sources: the two tenants' sandboxes (examples/tenants); the OAuth API: WireMock.
 */
class SharedOAuthConnectionCliTest {
    private static final String FIRST_REFRESH = "configured-refresh-token-0";

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private final RotatingTokenServer tokens = new RotatingTokenServer(FIRST_REFRESH);
    private final HeldApi records = new HeldApi(tokens);
    private WireMockServer api;
    private TwoTenants tenants;

    @BeforeEach
    void start() throws Exception {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(tokens, records));
        api.start();
        api.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withTransformers(tokens.getName())));
        api.stubFor(post(urlPathEqualTo("/v1/records")).willReturn(aResponse().withTransformers(records.getName())));
        tenants = new TwoTenants(dataDir, defs);
        tenants.cli.env("RECORDS_URL", api.baseUrl()).env("RECORDS_REFRESH_TOKEN", FIRST_REFRESH);
        Files.writeString(defs.resolve("records.yaml"), """
                kind: Connector
                name: records-api
                config: { baseUrl: { type: string } }
                secrets: { refreshToken: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: oauth2, grant: refresh_token, tokenUrl: /oauth/token, clientId: junction, refreshToken: "{{ secrets.refreshToken }}" }
                actions:
                  put: { request: { path: /v1/records, body: "{ 'records': $records }" }, batch: { maxRecords: 5 } }
                ---
                kind: Connection
                name: records
                connector: records-api
                config: { baseUrl: "${env:RECORDS_URL}" }
                secrets: { refreshToken: "${env:RECORDS_REFRESH_TOKEN}" }
                ---
                kind: Sync
                name: contacts-to-records
                source: { connector: acme-crm, stream: contacts, mode: full }
                destination: { connection: records, action: put, key: id }
                mapping: { id: id }
                batch: { size: 5, concurrency: 1 }
                """);
        tenants.apply();
    }

    @AfterEach
    void stop() {
        tenants.close();
        api.stop();
    }

    @Test
    void tenantsRunningAtOnceThroughOneOAuthConnectionRefreshItsRotatingTokenOnceForBoth() throws Exception {
        CliRunner.Result run = tenants.cli.run("run", "contacts-to-records", "--tenant-concurrency", "2", "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("2 tenant(s): 2 succeeded");
        assertThat(records.bothHeld).as("each tenant's first write was in flight with the other's").isTrue();
        assertThat(tokens.refused).as("no refresh token was used twice").hasValue(0);
        assertThat(tokens.issued).as("the first token, and at least one refresh after it expired under both runs").hasValueGreaterThanOrEqualTo(2);
        assertThat(records.written).hasValue(12 + 7);
        JsonNode exchanges = new ObjectMapper().readTree(tenants.cli.run("exchanges", "--json", "--limit", "200").out());
        assertThat(exchanges.toString()).contains("/oauth/token").doesNotContain(FIRST_REFRESH, "refresh-token-", "access-token-");
    }

    /** A token endpoint that rotates refresh tokens (each one is good for one refresh) and issues access tokens that live two seconds. */
    static final class RotatingTokenServer implements ResponseDefinitionTransformerV2 {
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        private final Set<String> usable = ConcurrentHashMap.newKeySet();
        private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

        RotatingTokenServer(String first) {
            usable.add(first);
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String refreshToken = form(event.getRequest().getBodyAsString()).get("refresh_token");
            if (refreshToken == null || !usable.remove(refreshToken)) {
                refused.incrementAndGet();
                return json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token already used or unknown\"}");
            }
            int n = issued.incrementAndGet();
            String access = "access-token-" + n + "-" + UUID.randomUUID();
            String rotated = "refresh-token-" + n + "-" + UUID.randomUUID();
            usable.add(rotated);
            expiries.put(access, Instant.now().plusSeconds(2));
            return json(200, "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + rotated + "\",\"expires_in\":2}");
        }

        /** When the access token in {@code authorization} expires; null when it was never issued. */
        Instant expiry(String authorization) {
            return authorization == null ? null : expiries.get(authorization.replace("Bearer ", ""));
        }

        @Override
        public String getName() {
            return "rotating-tokens";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }

    /**
     * The fixed side's API: refuses expired or unknown access tokens (401) and holds the first two
     * writes (one per tenant: each tenant writes one batch at a time) until both are in flight and
     * their token has expired, so both runs then need a new token at the same moment.
     */
    static final class HeldApi implements ResponseDefinitionTransformerV2 {
        final AtomicInteger written = new AtomicInteger();
        volatile boolean bothHeld;
        private final RotatingTokenServer tokens;
        private final CountDownLatch firstTwo = new CountDownLatch(2);
        private final AtomicInteger arrived = new AtomicInteger();

        HeldApi(RotatingTokenServer tokens) {
            this.tokens = tokens;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Instant expiry = tokens.expiry(event.getRequest().getHeader("Authorization"));
            if (expiry == null || !Instant.now().isBefore(expiry)) {
                return json(401, "{\"error\":\"invalid_token\"}");
            }
            if (arrived.incrementAndGet() <= 2) {
                firstTwo.countDown();
                try {
                    bothHeld = firstTwo.await(30, TimeUnit.SECONDS) || bothHeld;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiry));
            }
            try {
                written.addAndGet(new ObjectMapper().readTree(event.getRequest().getBodyAsString()).path("records").size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return json(200, "{}");
        }

        @Override
        public String getName() {
            return "held-api";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }

    private static ResponseDefinition json(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            if (nameAndValue.length == 2) {
                form.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8), URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
