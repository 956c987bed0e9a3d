package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HMAC signing secrets refused in a run or a check, as {@link RefusedSignedCredentialsRunTest} has it
 * for OAuth 1.0a and AWS: Binance's 400 with {@code -1022} (the signature does not match: a wrong
 * secret) marks the connection {@code needs_reauth} with one {@code connection.needs_reauth} event
 * naming the code, its {@code -1021} (a timestamp outside the receive window) marks nothing and says to
 * check the clock; Bybit's 200 with {@code retCode} 10004, which the connector's {@code as: auth} rule
 * finds, marks it in a check. The APIs: WireMock; the store: H2.
 */
class RefusedHmacCredentialsRunTest extends RefusedCredentialsFixture {
    @BeforeEach
    void apply() {
        open(connector("binance", """
                  signedContent: "{{ query }}{{ body }}"
                  headers: { X-MBX-APIKEY: "{{ secrets.apiKey }}" }
                  query: { timestamp: "{{ timestamp }}", signature: "{{ signature }}" }
                streams:
                  trades: { request: { path: /api/v3/myTrades, query: { symbol: BTCUSDT } }, records: "$", primaryKey: id }
                """) + connector("bybit", """
                  signedContent: "{{ timestamp }}{{ secrets.apiKey }}5000{{ query }}{{ body }}"
                  headers: { X-BAPI-API-KEY: "{{ secrets.apiKey }}", X-BAPI-TIMESTAMP: "{{ timestamp }}", X-BAPI-SIGN: "{{ signature }}" }
                errors:
                  - { when: { status: 200, bodyPath: "$.retCode", equals: 10004 }, as: auth, message: "$.retMsg" }
                check: { request: { path: /v5/account/info } }
                """) + """
                kind: Connector
                name: ledger
                config: { baseUrl: {} }
                baseUrl: "{{ config.baseUrl }}"
                actions:
                  upsertTrades:
                    request: { method: POST, path: /ledger/trades/batch, body: "{ 'trades': $records }" }
                    batch: { maxRecords: 10 }
                ---
                kind: Connection
                name: binance
                connector: binance
                config: { baseUrl: "${env:API_URL}" }
                secrets: { apiKey: "${env:BINANCE_KEY}", apiSecret: "${env:BINANCE_SECRET}" }
                ---
                kind: Connection
                name: bybit
                connector: bybit
                config: { baseUrl: "${env:API_URL}" }
                secrets: { apiKey: "${env:BYBIT_KEY}", apiSecret: "${env:BYBIT_SECRET}" }
                ---
                kind: Connection
                name: ledger
                connector: ledger
                config: { baseUrl: "${env:API_URL}" }
                ---
                kind: Sync
                name: trades
                source: { connection: binance, stream: trades, mode: full }
                destination: { connection: ledger, action: upsertTrades, key: external_id, mode: upsert }
                mapping: { external_id: id }
                """, Map.of("BINANCE_KEY", "binance-api-key-0815", "BINANCE_SECRET", "binance-secret-rotated-away", "BYBIT_KEY", "bybit-api-key-4711",
                "BYBIT_SECRET", "bybit-secret-rotated-away"));
        api.stubFor(post("/ledger/trades/batch").willReturn(okJson("{}")));
    }

    @Test
    void aBinanceReadWhoseSignatureIsRefusedMarksTheConnectionOnceNamingTheCode() throws Exception {
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v3/myTrades"))
                .willReturn(binance(400, -1022, "Signature for this request is not valid.")));

        RunRecord first = run("trades");
        run("trades");

        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        var binance = engine.health().status("binance", null);
        assertThat(binance.status()).isEqualTo("needs_reauth");
        assertThat(binance.detail()).contains("was refused with HTTP 400: error -1022: Signature for this request is not valid.",
                "the API refused the credentials of connection 'binance' (-1022)", "give it new ones in its secrets")
                .doesNotContain("binance-secret-rotated-away");
        assertThat(onlyEvent().path("reason").asText()).isEqualTo(binance.detail());
    }

    @Test
    void aBinanceReadOutsideTheReceiveWindowFailsTheRunButMarksNothing() {
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v3/myTrades"))
                .willReturn(binance(400, -1021, "Timestamp for this request is outside of the recvWindow.")));

        RunRecord run = run("trades");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("failed with HTTP 400: error -1021: Timestamp for this request is outside of the recvWindow.");
        assertThat(engine.health().status("binance", null).status()).isEqualTo("unknown");
        assertThat(engine.events().deliveries(subscription, null, 10)).isEmpty();
    }

    @Test
    void aBybitCheckAnsweredWithABadSignatureInA200MarksTheConnection() throws Exception {
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v5/account/info")).willReturn(okJson(
                "{\"retCode\": 10004, \"retMsg\": \"error sign! origin_string[1772357400000bybit-api-key-47115000]\", \"result\": {}}")));

        assertThat(engine.health().check("bybit", null, "test").status()).isEqualTo("needs_reauth");

        assertThat(engine.health().status("bybit", null).detail()).contains("answered HTTP 200 with an error: error 10004: error sign!");
        assertThat(onlyEvent().path("connection").asText()).isEqualTo("bybit");
    }

    /** A connector {@code name} signing with its secret at millisecond timestamps, without retries; {@code signing} goes on from its auth. */
    private static String connector(String name, String signing) {
        return """
                kind: Connector
                name: %s
                config: { baseUrl: {} }
                secrets: { apiKey: {}, apiSecret: {} }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 1 }
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  timestampUnit: milliseconds
                """.formatted(name) + signing + "---\n";
    }

    private static ResponseDefinitionBuilder binance(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"code\": " + code + ", \"msg\": \"" + message + "\"}");
    }
}
