package dev.junction.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OAuth 2.0 connection across two runs: the rotated refresh token survives, encrypted, in the data directory. */
class OAuthCliTest {
    private static final String FIRST_REFRESH = "configured-refresh-token-0";
    private static final String ROTATED_REFRESH = "rotated-refresh-token-1";
    private static final String FIRST_ACCESS = "first-access-token-1";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private WireMockServer api;

    @BeforeEach
    void start() throws Exception {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + FIRST_REFRESH))
                .willReturn(okJson("{\"access_token\":\"" + FIRST_ACCESS + "\",\"refresh_token\":\"" + ROTATED_REFRESH + "\"}")));
        api.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + ROTATED_REFRESH))
                .willReturn(okJson("{\"access_token\":\"second-access-token-2\",\"refresh_token\":\"rotated-refresh-token-2\"}")));
        api.stubFor(get(urlPathEqualTo("/v1/items")).withHeader("Authorization", equalTo("Bearer second-access-token-2"))
                .willReturn(okJson("{\"items\":[{\"id\":\"a\"}]}")));
        api.stubFor(get(urlPathEqualTo("/v1/items")).withHeader("Authorization", equalTo("Bearer " + FIRST_ACCESS))
                .inScenario("first token").whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("{\"items\":[{\"id\":\"a\"}]}")));
        api.stubFor(get(urlPathEqualTo("/v1/items")).withHeader("Authorization", equalTo("Bearer " + FIRST_ACCESS))
                .inScenario("first token").whenScenarioStateIs("revoked").willReturn(aResponse().withStatus(401)));
        api.stubFor(post(urlPathEqualTo("/v1/records")).willReturn(okJson("{}")));
        Files.writeString(work.resolve("defs.yaml"), """
                kind: Connector
                name: oauth-api
                config: { baseUrl: { type: string } }
                secrets: { refreshToken: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: oauth2, grant: refresh_token, tokenUrl: /oauth/token, clientId: junction, refreshToken: "{{ secrets.refreshToken }}" }
                streams:
                  items: { request: { path: /v1/items }, records: "$.items", primaryKey: id }
                actions:
                  put: { request: { path: /v1/records, body: "{ 'records': $records }" }, batch: { maxRecords: 10 } }
                ---
                kind: Connection
                name: api
                connector: oauth-api
                config: { baseUrl: "%s" }
                secrets: { refreshToken: "${env:API_REFRESH_TOKEN}" }
                ---
                kind: Sync
                name: items-to-records
                source: { connection: api, stream: items }
                destination: { connection: api, action: put, key: id }
                mapping: { id: id }
                """.formatted(api.baseUrl()));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void aRotatedRefreshTokenIsKeptEncryptedForTheNextRun() throws Exception {
        CliRunner cli = new CliRunner(dataDir).env("API_REFRESH_TOKEN", FIRST_REFRESH);
        assertThat(cli.run("apply", work.toString()).exitCode()).isZero();

        CliRunner.Result first = cli.run("run", "items-to-records", "--no-color");
        api.setScenarioState("first token", "revoked");
        CliRunner.Result second = cli.run("run", "items-to-records", "--no-color");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        api.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + FIRST_REFRESH)));
        api.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=" + ROTATED_REFRESH)));
        Path key = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String database = new String(Files.readAllBytes(dataDir.resolve("junction.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(database).doesNotContain(ROTATED_REFRESH, FIRST_ACCESS, "rotated-refresh-token-2", "second-access-token-2");
        CliRunner.Result exchanges = cli.run("exchanges", "--json", "--limit", "50");
        assertThat(exchanges.out()).contains("/oauth/token").doesNotContain(ROTATED_REFRESH, FIRST_ACCESS, FIRST_REFRESH);
    }
}
