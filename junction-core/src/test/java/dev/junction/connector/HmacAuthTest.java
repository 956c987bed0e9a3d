package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.Hmacs;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth: { type: hmac }} end to end, loaded from YAML and sent through a connection's real
 * pipeline to WireMock, as Binance, Bybit and OKX take it: the exact request each receives — the
 * query in order with the timestamp before and the signature after it, the headers — with a signature
 * the test recomputes from what WireMock received; a retried attempt signed again at its own time; the
 * exchange log without the secret, the key, the passphrase or the signature, whatever the header or
 * parameter that carries it is called.
 */
class HmacAuthTest {
    /** The secret and key of Binance's own signing examples. */
    private static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final String PASSPHRASE = "okx-passphrase-4711";
    private static final Instant START = Instant.parse("2026-03-01T09:30:00Z");

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(START);
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    /** The first lines of a connector {@code name} signing with its secret at millisecond timestamps; its base URL left to fill in. */
    private static String head(String name) {
        return """
                kind: Connector
                name: %s
                config: { recvWindow: { default: "5000" } }
                secrets: { apiKey: {}, apiSecret: {} }
                baseUrl: %%s
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  timestampUnit: milliseconds
                """.formatted(name);
    }

    private static final String BINANCE = head("binance") + """
              signedContent: "{{ query }}{{ body }}"
              headers: { X-MBX-APIKEY: "{{ secrets.apiKey }}" }
              query:
                recvWindow: "{{ config.recvWindow }}"
                timestamp: "{{ timestamp }}"
                signature: "{{ signature }}"
            streams:
              balances: { request: { path: /api/v3/account, query: { omitZeroBalances: true } }, records: $.balances, primaryKey: asset }
            """;

    private static final String BYBIT = head("bybit") + """
              signedContent: "{{ timestamp }}{{ secrets.apiKey }}{{ config.recvWindow }}{{ query }}{{ body }}"
              headers:
                X-BAPI-API-KEY: "{{ secrets.apiKey }}"
                X-BAPI-TIMESTAMP: "{{ timestamp }}"
                X-BAPI-RECV-WINDOW: "{{ config.recvWindow }}"
                X-BAPI-SIGN: "{{ signature }}"
            actions:
              createOrder: { request: { method: POST, path: /v5/order/create, body: "$record" } }
            """;

    private static final String OKX = """
            kind: Connector
            name: okx
            secrets: { apiKey: {}, apiSecret: {}, passphrase: {} }
            baseUrl: %s
            auth:
              type: hmac
              secret: "{{ secrets.apiSecret }}"
              encoding: base64
              timestampUnit: iso8601
              signedContent: "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}"
              headers:
                OK-ACCESS-KEY: "{{ secrets.apiKey }}"
                OK-ACCESS-SIGN: "{{ signature }}"
                OK-ACCESS-TIMESTAMP: "{{ timestamp }}"
                OK-ACCESS-PASSPHRASE: "{{ secrets.passphrase }}"
            streams:
              balances: { request: { path: /api/v5/account/balance, query: { ccy: BTC } }, records: $.data, primaryKey: uTime }
            """;

    /** A client of {@code connector} (a template over the server's base URL) for connection {@code exchange}, its secrets from {@code env}. */
    private ConnectionClient client(String connector, Map<String, String> env) {
        return client(connector, env, time);
    }

    private ConnectionClient client(String connector, Map<String, String> env, FakeTime clock) {
        String text = connector.formatted(server.baseUrl());
        String name = text.substring(text.indexOf("name: ") + 6).split("\\s", 2)[0];
        String connection = """
                kind: Connection
                name: exchange
                connector: %s
                secrets: { apiKey: "${env:KEY}", apiSecret: "${env:SECRET}"%s }
                """.formatted(name, text.contains("passphrase: {}") ? ", passphrase: \"${env:PASSPHRASE}\"" : "");
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText(name + ".yaml", text), new SourceText("exchange.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        return ConnectionClient.create(loaded.connectors().get(name), loaded.connections().get("exchange"), new EnvSecretResolver(env::get),
                PipelineOptions.builder().exchangeSink(exchanges).clock(clock).sleeper(clock).build());
    }

    private ConnectionClient client(String connector) {
        return client(connector, Map.of("KEY", API_KEY, "SECRET", SECRET, "PASSPHRASE", PASSPHRASE));
    }

    @Test
    void binanceGetsTheTimestampBeforeAndTheSignatureAfterTheQueryItSigns() {
        server.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(okJson("{\"balances\": [{\"asset\": \"BTC\", \"free\": \"0.5\"}]}")));

        try (ConnectionClient client = client(BINANCE)) {
            client.readStream("balances", ReadOptions.full(CallContext.of("exchange"))).next();
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        String signed = "omitZeroBalances=true&recvWindow=5000&timestamp=1772357400000";
        assertThat(request.getUrl()).isEqualTo("/api/v3/account?" + signed + "&signature=" + hex(Hmacs.hmac("HmacSHA256", SECRET, signed)));
        assertThat(request.getHeader("X-MBX-APIKEY")).isEqualTo(API_KEY);
    }

    @Test
    void bybitGetsItsHeadersAndASignatureOverTheBodyAsSent() throws Exception {
        server.stubFor(post("/v5/order/create").willReturn(okJson("{\"retCode\": 0, \"retMsg\": \"OK\", \"result\": {\"orderId\": \"1\"}}")));

        try (ConnectionClient client = client(BYBIT)) {
            client.call("createOrder", List.of(new ObjectMapper().readTree("{\"category\": \"spot\", \"symbol\": \"BTCUSDT\", \"side\": \"Buy\","
                    + " \"orderType\": \"Market\", \"qty\": \"0.001\"}")), new CallContext("run-1", null, "exchange", List.of("o-1"), true), null);
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        String body = request.getBodyAsString();
        assertThat(body).isEqualTo("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.001\"}");
        assertThat(request.getHeader("X-BAPI-API-KEY")).isEqualTo(API_KEY);
        assertThat(request.getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1772357400000");
        assertThat(request.getHeader("X-BAPI-RECV-WINDOW")).isEqualTo("5000");
        assertThat(request.getHeader("X-BAPI-SIGN")).isEqualTo(hex(Hmacs.hmac("HmacSHA256", SECRET, "1772357400000" + API_KEY + "5000" + body)));
    }

    /**
     * A host clock 30 s behind Binance's: the order is refused with -1021, and the refusal's Date gives the API's time; the order is sent
     * again signed at it (a POST too: the API did nothing with it), and the connection's later calls are signed at it from the start.
     */
    @Test
    void aTimestampRefusedTeachesTheApisTimeFromTheDateAndTheCallIsSignedAgainAtIt() throws Exception {
        String apiNow = "Sun, 01 Mar 2026 09:30:30 GMT"; // START + 30 s
        server.stubFor(post(urlPathEqualTo("/v5/order/create")).inScenario("skew").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withHeader("Date", apiNow)
                        .withBody("{\"code\": -1021, \"msg\": \"Timestamp for this request is outside of the recvWindow.\"}")).willSetStateTo("learned"));
        server.stubFor(post(urlPathEqualTo("/v5/order/create")).inScenario("skew").whenScenarioStateIs("learned")
                .willReturn(okJson("{\"retCode\": 0, \"retMsg\": \"OK\", \"result\": {\"orderId\": \"1\"}}")));
        JsonNode order = new ObjectMapper().readTree("{\"category\": \"spot\", \"symbol\": \"BTCUSDT\", \"side\": \"Buy\"}");

        try (ConnectionClient client = client(BYBIT)) {
            client.call("createOrder", List.of(order), new CallContext("run-1", null, "exchange", List.of("o-1"), true), null);
            client.call("createOrder", List.of(order), new CallContext("run-1", null, "exchange", List.of("o-2"), true), null);
        }

        List<LoggedRequest> requests = server.getAllServeEvents().reversed().stream().map(event -> event.getRequest()).toList();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).getHeader("X-BAPI-TIMESTAMP")).isEqualTo("1772357400000");
        assertThat(Long.parseLong(requests.get(1).getHeader("X-BAPI-TIMESTAMP"))).as("sent again at the API's time (after the retry's pause)")
                .isBetween(1772357430000L, 1772357430999L);
        assertThat(requests.get(2).getHeader("X-BAPI-TIMESTAMP")).as("the next call signed at it from the start")
                .isEqualTo(requests.get(1).getHeader("X-BAPI-TIMESTAMP"));
        assertThat(requests.get(1).getHeader("X-BAPI-SIGN")).isEqualTo(hex(Hmacs.hmac("HmacSHA256", SECRET, requests.get(1).getHeader("X-BAPI-TIMESTAMP")
                + API_KEY + "5000" + requests.get(1).getBodyAsString())));
    }

    @Test
    void aTimestampRefusedWhoseDateAgreesWithTheHostIsNotSentAgain() {
        server.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withHeader("Date", "Sun, 01 Mar 2026 09:30:00 GMT").withBody("{\"code\": -1021, \"msg\": \"Timestamp for this request is outside of the recvWindow.\"}")));

        try (ConnectionClient client = client(BINANCE)) {
            assertThatThrownBy(() -> client.readStream("balances", ReadOptions.full(CallContext.of("exchange"))).next())
                    .hasMessageContaining("error -1021: Timestamp for this request is outside of the recvWindow.");
        }

        assertThat(server.getAllServeEvents()).as("the API's time is the host's: signing again would not help").hasSize(1);
    }

    @Test
    void aRetriedAttemptIsSignedAgainAtItsOwnTime() {
        server.stubFor(get(urlPathEqualTo("/api/v3/account")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo("/api/v3/account")).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"balances\": []}")));

        try (ConnectionClient client = client(BINANCE)) {
            client.readStream("balances", ReadOptions.full(CallContext.of("exchange"))).next();
        }

        List<String> urls = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest().getUrl()).toList();
        assertThat(urls).hasSize(2).allSatisfy(url -> {
            String query = url.substring(url.indexOf('?') + 1);
            String signed = query.substring(0, query.indexOf("&signature="));
            assertThat(query).endsWith("&signature=" + hex(Hmacs.hmac("HmacSHA256", SECRET, signed)));
        });
        assertThat(urls.get(0)).contains("&timestamp=1772357400000&");
        assertThat(urls.get(1)).contains("&timestamp=1772357402000&");
        assertThat(time.waits).hasSize(1);
    }

    @Test
    void theExchangeLogHoldsNeitherTheSecretNorTheKeyNorThePassphraseNorTheSignature() {
        server.stubFor(get(urlPathEqualTo("/api/v5/account/balance")).willReturn(okJson("{\"code\": \"0\", \"data\": [{\"uTime\": \"1\"}]}")));

        try (ConnectionClient client = client(OKX)) {
            client.readStream("balances", ReadOptions.full(CallContext.of("exchange"))).next();
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        String signature = request.getHeader("OK-ACCESS-SIGN");
        assertThat(signature).isEqualTo(Base64.getEncoder().encodeToString(Hmacs.hmac("HmacSHA256", SECRET,
                "2026-03-01T09:30:00.000ZGET/api/v5/account/balance?ccy=BTC")));
        assertThat(request.getHeader("OK-ACCESS-PASSPHRASE")).isEqualTo(PASSPHRASE);
        assertThat(exchanges.exchanges).singleElement().satisfies(exchange -> {
            assertThat(exchange.requestHeaders()).containsEntry("OK-ACCESS-SIGN", List.of("[redacted]"))
                    .containsEntry("OK-ACCESS-KEY", List.of("[redacted]")).containsEntry("OK-ACCESS-PASSPHRASE", List.of("[redacted]"))
                    .containsEntry("OK-ACCESS-TIMESTAMP", List.of("2026-03-01T09:30:00.000Z"));
            assertThat(exchange.toString()).doesNotContain(SECRET, API_KEY, PASSPHRASE, signature);
        });
    }

    @Test
    void aSignatureInAQueryParameterOfAnyNameIsHiddenInTheLoggedUrl() {
        server.stubFor(get(urlPathEqualTo("/v2/balance")).willReturn(okJson("{\"data\": []}")));
        String connector = """
                kind: Connector
                name: signs-in-query
                secrets: { apiKey: {}, apiSecret: {} }
                baseUrl: %s
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  signedContent: "{{ method }}{{ path }}{{ query }}"
                  query: { ts: "{{ timestamp }}", sign: "{{ signature }}" }
                streams:
                  balance: { request: { path: /v2/balance }, records: $.data, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector)) {
            client.readStream("balance", ReadOptions.full(CallContext.of("exchange"))).next();
        }

        String sent = server.getAllServeEvents().getFirst().getRequest().getUrl();
        assertThat(sent).isEqualTo("/v2/balance?ts=1772357400&sign=" + hex(Hmacs.hmac("HmacSHA256", SECRET, "GET/v2/balancets=1772357400")));
        assertThat(exchanges.exchanges).singleElement().satisfies(exchange -> assertThat(exchange.url())
                .isEqualTo(server.baseUrl() + "/v2/balance?ts=1772357400&sign=[redacted]"));
    }

    @Test
    void aSecretThatIsNotInItsEncodingFailsNamingTheConnectionWithoutShowingIt() {
        String okxBase64Secret = OKX.replace("encoding: base64", "encoding: base64\n  secretEncoding: base64");

        assertThatThrownBy(() -> client(okxBase64Secret, Map.of("KEY", API_KEY, "SECRET", "not-base64 %%", "PASSPHRASE", PASSPHRASE)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'exchange': auth.secret: the secret is not base64 text, which secretEncoding: base64 says it is; check the"
                        + " connection's secret (as the provider shows it) or the connector's secretEncoding");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void theDocsExamplesLoadAndBinancesPlacesItsPublishedExampleOrderWithItsPublishedSignature() throws Exception {
        List<String> blocks = DocsExamples.yamlBlocks("#### HMAC request signing", "#### JWT (`jwt`)");
        assertThat(blocks).hasSize(8);
        LoadResult ed25519 = new SpecLoader().loadTexts(List.of(new SourceText("binance-ed25519.yaml", """
                kind: Connector
                name: binance-ed25519
                secrets: { apiKey: {}, privateKey: {} }
                baseUrl: https://api.binance.com
                """ + blocks.get(4))));
        assertThat(ed25519.problems()).isEmpty();
        assertThat(((dev.junction.spec.AuthSpec.Hmac) ed25519.connectors().get("binance-ed25519").auth()).keyAlgorithm())
                .isEqualTo(dev.junction.spec.WebhookScheme.KeyAlgorithm.ED25519);
        LoadResult htx = new SpecLoader().loadTexts(List.of(new SourceText("htx.yaml", """
                kind: Connector
                name: htx
                secrets: { apiKey: {}, apiSecret: {} }
                baseUrl: https://api.huobi.pro
                """ + blocks.get(3))));
        assertThat(htx.problems()).isEmpty();
        assertThat(((dev.junction.spec.AuthSpec.Hmac) htx.connectors().get("htx").auth()).timestampUnit())
                .isEqualTo(dev.junction.spec.WebhookScheme.TimestampUnit.ISO8601_SECONDS);
        LoadResult more = new SpecLoader().loadTexts(List.of(new SourceText("more-exchanges.yaml", blocks.get(2))));
        assertThat(more.problems()).isEmpty();
        assertThat(more.connectors()).containsOnlyKeys("gate", "bitstamp", "kucoin");
        LoadResult examples = new SpecLoader().loadTexts(List.of(new SourceText("exchanges.yaml", blocks.get(1))));
        assertThat(examples.problems()).isEmpty();
        assertThat(examples.warnings()).isEmpty();
        assertThat(examples.connectors()).containsOnlyKeys("binance", "coinbase-exchange", "okx", "bybit");
        server.stubFor(post(urlPathEqualTo("/api/v3/order")).willReturn(okJson("{\"orderId\": 28}")));
        String binance = blocks.get(1).substring(0, blocks.get(1).indexOf("---\n")).replace("https://api.binance.com", "%s");

        try (ConnectionClient client = client(binance, Map.of("KEY", API_KEY, "SECRET", SECRET), new FakeTime(Instant.ofEpochMilli(1499827319559L)))) {
            client.call("newOrder", List.of(new ObjectMapper().readTree("{\"symbol\": \"LTCBTC\", \"side\": \"BUY\", \"type\": \"LIMIT\","
                    + " \"timeInForce\": \"GTC\", \"quantity\": \"1\", \"price\": \"0.1\"}")), new CallContext("run-1", null, "exchange",
                    List.of("o-1"), true), null);
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        assertThat(request.getUrl()).isEqualTo("/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
                + "&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        assertThat(request.getHeader("X-MBX-APIKEY")).isEqualTo(API_KEY);
    }

    /**
     * The docs' Gate.io connector on the wire: the five lines it signs, YAML's "\n" newlines and the
     * SHA-512 of no body among them.
     * {@code printf 'GET\n/api/v4/spot/accounts\n\n<sha512 of nothing>\n1772357400' | openssl dgst -sha512 -hmac <SECRET>}
     */
    @Test
    void theDocsGateIoConnectorSendsTheSignatureGateIoComputes() throws Exception {
        String gate = DocsExamples.yamlBlocks("#### HMAC request signing", "#### OAuth 2.0").get(2);
        gate = gate.substring(0, gate.indexOf("---\n")).replace("https://api.gateio.ws", "%s");
        server.stubFor(get(urlPathEqualTo("/api/v4/spot/accounts")).willReturn(okJson("[{\"currency\": \"BTC\", \"available\": \"0.5\"}]")));

        try (ConnectionClient client = client(gate, Map.of("KEY", API_KEY, "SECRET", SECRET))) {
            client.readStream("spotAccounts", ReadOptions.full(CallContext.of("exchange"))).next();
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        assertThat(request.getHeader("KEY")).isEqualTo(API_KEY);
        assertThat(request.getHeader("Timestamp")).isEqualTo(Long.toString(START.getEpochSecond()));
        assertThat(request.getHeader("SIGN")).isEqualTo("a66b54b224fd0a13309f6b717ae71a4c264b304b775895777cbc1b845d9839b92e167eb952aadb1db2d7fec1f3ab0aa6b6"
                + "8b1c9cb768f5a0947718224063bc26");
    }

    /**
     * The docs' KuCoin connector on the wire: the passphrase sent as its HMAC with the secret, and hidden in the exchange log.
     * {@code echo -n <PASSPHRASE> | openssl dgst -sha256 -hmac <SECRET> -binary | base64}, and the same of
     * {@code 1772357400000GET/api/v1/accounts} for the signature.
     */
    @Test
    void theDocsKucoinConnectorSendsItsPassphraseAsItsHmac() throws Exception {
        String kucoin = DocsExamples.yamlBlocks("#### HMAC request signing", "#### OAuth 2.0").get(2);
        kucoin = kucoin.substring(kucoin.indexOf("name: kucoin") - "kind: Connector\n".length()).replace("https://api.kucoin.com", "%s");
        server.stubFor(get(urlPathEqualTo("/api/v1/accounts")).willReturn(okJson("{\"code\": \"200000\", \"data\": [{\"id\": \"a-1\"}]}")));

        try (ConnectionClient client = client(kucoin, Map.of("KEY", API_KEY, "SECRET", SECRET, "PASSPHRASE", PASSPHRASE))) {
            client.readStream("accounts", ReadOptions.full(CallContext.of("exchange"))).next();
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        assertThat(request.getHeader("KC-API-PASSPHRASE")).isEqualTo("nriyxbkybvBQw7Uw2sst2b9q5p1FqZ6FFvGU7IC0UFM=");
        assertThat(request.getHeader("KC-API-SIGN")).isEqualTo("KYTJPvbHoe0cmkSxaf1B+QjhPoZjG5T4XAhdQHGl0sk=");
        assertThat(request.getHeader("KC-API-KEY-VERSION")).isEqualTo("2");
        assertThat(exchanges.exchanges).singleElement().satisfies(exchange -> {
            assertThat(exchange.requestHeaders()).containsEntry("KC-API-PASSPHRASE", List.of("[redacted]"));
            assertThat(exchange.toString()).doesNotContain(SECRET, PASSPHRASE, "nriyxbkybvBQw7Uw2sst2b9q5p1FqZ6FFvGU7IC0UFM=");
        });
    }

    /**
     * The docs' Kraken connector on the wire: the nonce (the clock's milliseconds, then one more per call) first in the form, and API-Sign
     * the HMAC-SHA512 of the path and the raw SHA-256 of nonce and form, with the base64 secret as its key:
     * {@code printf '/0/private/AddOrder' > m; printf '1772357400000nonce=1772357400000&ordertype=limit&type=buy&volume=1.25&pair=XBTUSD&price=37500'
     * | openssl dgst -sha256 -binary >> m; openssl dgst -sha512 -mac HMAC -macopt hexkey:<the secret, base64-decoded, as hex> -binary m | base64}
     */
    @Test
    void theDocsKrakenConnectorPutsAnIncreasingNonceFirstInTheFormAndSignsItWithTheBody() throws Exception {
        List<LoggedRequest> requests = docsExchange(6, "https://api.kraken.com", "/0/private/AddOrder", KRAKEN_SECRET, "addOrder",
                "{\"ordertype\": \"limit\", \"type\": \"buy\", \"volume\": \"1.25\", \"pair\": \"XBTUSD\", \"price\": \"37500\"}", 2);
        assertThat(requests.get(0).getBodyAsString()).isEqualTo("nonce=1772357400000&ordertype=limit&type=buy&volume=1.25&pair=XBTUSD&price=37500");
        assertThat(requests.get(0).getHeader("API-Sign")).isEqualTo(
                "y/N5vxRhJKuwcuat9ezu0bYOh6E+8QXPEjioCnUM/XehpasVnIS2Ti7QjUllK7KPz+vCK3ZZgPBC3FAPwTc8TA==");
        assertThat(requests.get(0).getHeader("API-Key")).isEqualTo(API_KEY);
        assertThat(requests.get(1).getBodyAsString()).as("the same millisecond: one more").startsWith("nonce=1772357400001&");
        assertThat(exchanges.exchanges).allSatisfy(exchange -> assertThat(exchange.requestHeaders()).containsEntry("API-Sign", List.of("[redacted]")));
    }

    /**
     * The docs' Gemini connector on the wire: no body, the payload (path, nonce, then the order's fields) base64 in X-GEMINI-PAYLOAD, its hex
     * HMAC-SHA384 in X-GEMINI-SIGNATURE: {@code printf '%s' <payload> | openssl dgst -sha384 -hmac <SECRET>}.
     */
    @Test
    void theDocsGeminiConnectorSendsItsPayloadInAHeaderAndNoBody() throws Exception {
        LoggedRequest request = docsExchange(7, "https://api.gemini.com", "/v1/order/new", SECRET, "newOrder",
                "{\"symbol\": \"btcusd\", \"amount\": \"5\", \"price\": \"3633.00\", \"side\": \"buy\"}", 1).getFirst();
        String payload = new String(java.util.Base64.getDecoder().decode(request.getHeader("X-GEMINI-PAYLOAD")), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo("{\"request\":\"/v1/order/new\",\"nonce\":\"1772357400000\",\"symbol\":\"btcusd\",\"amount\":\"5\","
                + "\"price\":\"3633.00\",\"side\":\"buy\",\"type\":\"exchange limit\"}");
        assertThat(request.getHeader("X-GEMINI-SIGNATURE")).isEqualTo(GEMINI_ORDER_SIGNATURE);
        assertThat(request.getHeader("X-GEMINI-APIKEY")).isEqualTo(API_KEY);
        assertThat(request.getBody()).as("no body").isEmpty();
        assertThat(exchanges.exchanges).singleElement().satisfies(e -> assertThat(e.requestHeaders()).containsEntry("X-GEMINI-SIGNATURE", List.of("[redacted]")));
    }

    private static final String GEMINI_ORDER_SIGNATURE = "77741d41c88119dd507cbcce730be66eb8339bfe3b6c5c3a220f7dfe96962974e434f01d7bf50cdae9e5293eefe2286d";

    /**
     * Calls {@code action} of the docs' HMAC connector number {@code block} (its {@code baseUrl} pointed here) {@code calls} times with
     * {@code record}, the API answering 200 at {@code path}; returns the requests it received, in order.
     */
    private List<LoggedRequest> docsExchange(int block, String baseUrl, String path, String secret, String action, String record, int calls)
            throws Exception {
        String connector = DocsExamples.yamlBlocks("#### HMAC request signing", "#### OAuth 2.0").get(block).replace(baseUrl, "%s");
        server.stubFor(post(urlPathEqualTo(path)).willReturn(okJson("{\"error\": []}")));
        try (ConnectionClient client = client(connector, Map.of("KEY", API_KEY, "SECRET", secret))) {
            for (int call = 0; call < calls; call++) {
                client.call(action, List.of(new ObjectMapper().readTree(record)), new CallContext("run-1", null, "exchange", List.of("o-1"), true), null);
            }
        }
        return server.getAllServeEvents().reversed().stream().map(event -> event.getRequest()).toList();
    }

    /** Kraken's published example key. */
    private static final String KRAKEN_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    @Test
    void aPrivateKeyThatIsNotOneFailsWhenTheConnectionIsMadeWithoutShowingIt() {
        String ed25519 = """
                kind: Connector
                name: exchange-ed
                secrets: { apiKey: {}, apiSecret: {} }
                baseUrl: "%s"
                auth:
                  type: hmac
                  algorithm: ed25519
                  encoding: base64
                  secret: "{{ secrets.apiSecret }}"
                  signedContent: "{{ query }}"
                  query: { signature: "{{ signature }}" }
                streams:
                  balances: { request: { path: /api/v3/account }, records: $.balances, primaryKey: asset }
                """;

        assertThatThrownBy(() -> client(ed25519, Map.of("KEY", API_KEY, "SECRET", SECRET))).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("auth.secret: expected a PEM private key (-----BEGIN PRIVATE KEY-----), found none")
                .hasMessageNotContaining(SECRET);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    /**
     * The docs' Kalshi connector on the wire: RSASSA-PSS of the millisecond time, the method and the path without its query, checked with
     * the public key; one connection gives an encrypted key and its passphrase, another a plain key and no passphrase (the secret is
     * optional). Neither the key nor the passphrase is in the exchange log.
     */
    @Test
    void theDocsKalshiConnectorSignsWithRsaPssWithAnEncryptedKeyAndItsPassphraseOrAPlainKeyWithout() throws Exception {
        String kalshi = """
                kind: Connector
                name: kalshi
                secrets: { keyId: {}, privateKey: {}, keyPassphrase: { required: false } }
                baseUrl: "%s"
                """ + DocsExamples.yamlBlocks("#### HMAC request signing", "#### JWT (`jwt`)").get(5) + """
                streams:
                  orders: { request: { path: /trade-api/v2/portfolio/orders, query: { limit: 5 } }, records: $.orders, primaryKey: order_id }
                """;
        server.stubFor(get(urlPathEqualTo("/trade-api/v2/portfolio/orders")).willReturn(okJson("{\"orders\": [{\"order_id\": \"o-1\"}]}")));
        String plain = pem("rsa-pkcs1.pem");
        var key = (java.security.interfaces.RSAPrivateCrtKey) dev.junction.http.internal.PemKeys.privateKey(plain, null, "k", null);
        java.security.PublicKey publicKey = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));

        for (Map<String, String> secrets : List.of(Map.of("keyId", "kid-1", "privateKey", pem("rsa-pkcs8-encrypted.pem"), "keyPassphrase", "correct-horse"),
                Map.of("keyId", "kid-1", "privateKey", plain))) {
            server.resetRequests();
            try (ConnectionClient client = kalshiClient(kalshi, secrets)) {
                client.readStream("orders", ReadOptions.full(CallContext.of("exchange"))).next();
            }
            LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
            assertThat(request.getUrl()).isEqualTo("/trade-api/v2/portfolio/orders?limit=5");
            assertThat(request.getHeader("KALSHI-ACCESS-KEY")).isEqualTo("kid-1");
            assertThat(request.getHeader("KALSHI-ACCESS-TIMESTAMP")).isEqualTo(Long.toString(START.toEpochMilli()));
            java.security.Signature verifier = java.security.Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            verifier.initVerify(publicKey);
            verifier.update((START.toEpochMilli() + "GET/trade-api/v2/portfolio/orders").getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(java.util.Base64.getDecoder().decode(request.getHeader("KALSHI-ACCESS-SIGNATURE")))).isTrue();
        }
        assertThat(exchanges.exchanges.toString()).doesNotContain("correct-horse", "MIIE", "ENCRYPTED");
    }

    private ConnectionClient kalshiClient(String connector, Map<String, String> secrets) {
        String text = connector.formatted(server.baseUrl());
        StringBuilder given = new StringBuilder();
        secrets.keySet().forEach(name -> given.append(given.isEmpty() ? "" : ", ").append(name).append(": \"${env:").append(name).append("}\""));
        String connection = "kind: Connection\nname: exchange\nconnector: kalshi\nsecrets: { " + given + " }\n";
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("kalshi.yaml", text), new SourceText("exchange.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        return ConnectionClient.create(loaded.connectors().get("kalshi"), loaded.connections().get("exchange"), new EnvSecretResolver(secrets::get),
                PipelineOptions.builder().exchangeSink(exchanges).clock(time).sleeper(time).build());
    }

    private static String pem(String name) throws java.io.IOException {
        try (var in = HmacAuthTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
