package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.WebhookScheme;
import dev.junction.spec.WebhookScheme.Algorithm;
import dev.junction.spec.WebhookScheme.Encoding;
import dev.junction.spec.WebhookScheme.TimestampUnit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HMAC signing step against the providers' own published examples, signed whole — the request in,
 * the request as sent out, to the byte:
 * <ul>
 *   <li>Binance's three SIGNED endpoint examples (Spot API docs, "SIGNED Endpoint Examples for POST
 *       /api/v3/order", HMAC keys): the query string, the body, and both mixed, with their published signatures;</li>
 *   <li>Coinlocally's "SIGNED Endpoint Example" (docs.coinlocally.com): the Coinbase-style
 *       {@code timestamp + method + requestPath + body}, hex, millisecond timestamp, with its published signature.</li>
 * </ul>
 * OKX and Bybit publish the text to sign of an example but not the secret their example signature used,
 * and Coinbase publishes no example: for those the published text to sign is reproduced exactly, and the
 * signature is checked against {@code openssl dgst -hmac} over that text (the command is next to each case).
 */
class HmacSignerTest {
    private static final String BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String BINANCE_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final Instant BINANCE_TIME = Instant.ofEpochMilli(1499827319559L);
    private static final String ORDER = "https://api.binance.com/api/v3/order";
    private static final String FORM = "application/x-www-form-urlencoded";

    /** Binance: the query string as sent, then the body; the API key in X-MBX-APIKEY; the signature the query's last parameter. */
    private static AuthSpec.Hmac binance(Map<String, String> query) {
        return new AuthSpec.Hmac(BINANCE_SECRET, Encoding.TEXT, Algorithm.SHA256, Encoding.HEX, TimestampUnit.MILLISECONDS, "{{ query }}{{ body }}",
                Map.of("X-MBX-APIKEY", "{{ secrets.apiKey }}"), query, Map.of("secrets.apiKey", BINANCE_KEY, "config.recvWindow", "5000"));
    }

    /** OKX: ISO 8601 time with milliseconds, method, path with the query, body; base64; a passphrase header. */
    private static final AuthSpec.Hmac OKX = new AuthSpec.Hmac("22582BD0CFF14C41EDBF1AB98506286D", Encoding.TEXT, Algorithm.SHA256,
            Encoding.BASE64, TimestampUnit.ISO8601, "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}",
            ordered("OK-ACCESS-KEY", "{{ secrets.apiKey }}", "OK-ACCESS-SIGN", "{{ signature }}", "OK-ACCESS-TIMESTAMP", "{{ timestamp }}",
                    "OK-ACCESS-PASSPHRASE", "{{ secrets.passphrase }}"), Map.of(),
            Map.of("secrets.apiKey", "okx-key", "secrets.passphrase", "okx-passphrase"));

    /** Bybit v5: timestamp, API key, receive window, then the query (GET) or the body (POST); hex. */
    private static final AuthSpec.Hmac BYBIT = new AuthSpec.Hmac("bybit-test-secret", Encoding.TEXT, Algorithm.SHA256, Encoding.HEX,
            TimestampUnit.MILLISECONDS, "{{ timestamp }}{{ secrets.apiKey }}{{ config.recvWindow }}{{ query }}{{ body }}",
            ordered("X-BAPI-API-KEY", "{{ secrets.apiKey }}", "X-BAPI-TIMESTAMP", "{{ timestamp }}", "X-BAPI-RECV-WINDOW", "{{ config.recvWindow }}",
                    "X-BAPI-SIGN", "{{ signature }}"), Map.of(), Map.of("secrets.apiKey", "XXXXXXXXXX", "config.recvWindow", "5000"));

    /** Gate.io v4: method, path, query and the hex SHA-512 of the body, each on its own line, then the time in seconds; HMAC-SHA512, hex. */
    private static final AuthSpec.Hmac GATE = new AuthSpec.Hmac("gate-test-secret", Encoding.TEXT, Algorithm.SHA512, Encoding.HEX,
            TimestampUnit.SECONDS, "{{ method }}\n{{ path }}\n{{ query }}\n{{ bodySha512 }}\n{{ timestamp }}",
            ordered("KEY", "{{ secrets.apiKey }}", "Timestamp", "{{ timestamp }}", "SIGN", "{{ signature }}"), Map.of(),
            Map.of("secrets.apiKey", "gate-key"));

    static Stream<Arguments> publishedExamples() {
        return Stream.of(
                argumentSet("Binance example 1: the query string", binance(ordered("recvWindow", "{{ config.recvWindow }}", "timestamp", "{{ timestamp }}",
                        "signature", "{{ signature }}")), BINANCE_TIME,
                        HttpRequest.of("POST", URI.create(ORDER + "?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1")),
                        ORDER + "?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                                + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
                        Map.of("X-MBX-APIKEY", BINANCE_KEY)),
                argumentSet("Binance example 2: the body", binance(Map.of("signature", "{{ signature }}")), BINANCE_TIME,
                        HttpRequest.of("POST", URI.create(ORDER)).withBody("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                                + "&recvWindow=5000&timestamp=1499827319559", FORM),
                        ORDER + "?signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", Map.of("X-MBX-APIKEY", BINANCE_KEY)),
                argumentSet("Binance example 3: query string and body mixed", binance(Map.of("signature", "{{ signature }}")), BINANCE_TIME,
                        HttpRequest.of("POST", URI.create(ORDER + "?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"))
                                .withBody("quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", FORM),
                        ORDER + "?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
                                + "&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77", Map.of("X-MBX-APIKEY", BINANCE_KEY)),
                argumentSet("Coinlocally (Coinbase-style, hex, milliseconds)", new AuthSpec.Hmac("902ae3cb34ecee2779aa4d3e1d226686", Encoding.TEXT,
                        Algorithm.SHA256, Encoding.HEX, TimestampUnit.MILLISECONDS, "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}",
                        ordered("X-CH-APIKEY", "{{ secrets.apiKey }}", "X-CH-SIGN", "{{ signature }}", "X-CH-TS", "{{ timestamp }}"), Map.of(),
                        Map.of("secrets.apiKey", "vmPUZE6mv9SD5V5e14y7Ju91duEh8A")), Instant.ofEpochMilli(1588591856950L),
                        HttpRequest.of("POST", URI.create("https://openapi.coinlocally.com/sapi/v1/order/test"))
                                .withBody("{\"symbol\":\"BTCUSDT\",\"price\":\"9300\",\"volume\":\"1\",\"side\":\"BUY\",\"type\":\"LIMIT\"}", "application/json"),
                        "https://openapi.coinlocally.com/sapi/v1/order/test", Map.of("X-CH-APIKEY", "vmPUZE6mv9SD5V5e14y7Ju91duEh8A",
                                "X-CH-SIGN", "c50d0a74bb9427a9a03933d0eded03af9bf50115dc5b706882a4fcf07a26b761", "X-CH-TS", "1588591856950")),
                // echo -n '2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC' | openssl dgst -sha256 -hmac 22582BD0CFF14C41EDBF1AB98506286D -binary | base64
                argumentSet("OKX (ISO 8601 time, path with query, base64)", OKX, Instant.parse("2020-12-08T09:08:57.715Z"),
                        HttpRequest.get(URI.create("https://www.okx.com/api/v5/account/balance?ccy=BTC")),
                        "https://www.okx.com/api/v5/account/balance?ccy=BTC", Map.of("OK-ACCESS-KEY", "okx-key",
                                "OK-ACCESS-SIGN", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=", "OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z",
                                "OK-ACCESS-PASSPHRASE", "okx-passphrase")),
                // echo -n '1588591856POST/orders{...}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<the secret base64-decoded, in hex> -binary | base64
                argumentSet("Coinbase Exchange (the secret base64-decoded, seconds, base64)", new AuthSpec.Hmac(
                        "ZXhhbXBsZS1jb2luYmFzZS1leGNoYW5nZS1zZWNyZXQtZm9yLXRoZS10ZXN0LTY0Ynl0ZXMhIQ==", Encoding.BASE64, Algorithm.SHA256,
                        Encoding.BASE64, TimestampUnit.SECONDS, "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}",
                        ordered("CB-ACCESS-KEY", "{{ secrets.apiKey }}", "CB-ACCESS-SIGN", "{{ signature }}", "CB-ACCESS-TIMESTAMP", "{{ timestamp }}",
                                "CB-ACCESS-PASSPHRASE", "{{ secrets.passphrase }}"), Map.of(),
                        Map.of("secrets.apiKey", "cb-key", "secrets.passphrase", "cb-passphrase")), Instant.ofEpochSecond(1588591856L),
                        HttpRequest.of("POST", URI.create("https://api.exchange.coinbase.com/orders"))
                                .withBody("{\"price\":\"1.0\",\"size\":\"1.0\",\"side\":\"buy\",\"product_id\":\"BTC-USD\"}", "application/json"),
                        "https://api.exchange.coinbase.com/orders", Map.of("CB-ACCESS-KEY", "cb-key", "CB-ACCESS-SIGN",
                                "uW/NHodGAD7/rTu3T9Gqtn4xejBiyKPrIhS4nBZY4bg=", "CB-ACCESS-TIMESTAMP", "1588591856", "CB-ACCESS-PASSPHRASE", "cb-passphrase")),
                // echo -n '1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C' | openssl dgst -sha256 -hmac bybit-test-secret
                argumentSet("Bybit v5 GET (the query)", BYBIT, Instant.ofEpochMilli(1658384314791L),
                        HttpRequest.get(URI.create("https://api-testnet.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C")),
                        "https://api-testnet.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C", Map.of("X-BAPI-API-KEY", "XXXXXXXXXX",
                                "X-BAPI-TIMESTAMP", "1658384314791", "X-BAPI-RECV-WINDOW", "5000",
                                "X-BAPI-SIGN", "603cf75a23e0bd0a5226adb8f4f42accf1a7b89145fc1c05d3ec5f6855b26c67")),
                // echo -n '1658385579423XXXXXXXXXX5000{"category": "option"}' | openssl dgst -sha256 -hmac bybit-test-secret
                argumentSet("Bybit v5 POST (the body)", BYBIT, Instant.ofEpochMilli(1658385579423L),
                        HttpRequest.of("POST", URI.create("https://api-testnet.bybit.com/v5/order/create")).withBody("{\"category\": \"option\"}",
                                "application/json"),
                        "https://api-testnet.bybit.com/v5/order/create", Map.of("X-BAPI-TIMESTAMP", "1658385579423",
                                "X-BAPI-SIGN", "0b6c1a0303aa265223e936cc8820dba57780ea6063a9e08473dcb575c5ca3a7c")),
                // echo -n '/api/v2/auth/r/wallets1573211412123{}' | openssl dgst -sha384 -hmac bitfinex-test-secret
                argumentSet("Bitfinex v2 (HMAC-SHA384, a literal prefix)", new AuthSpec.Hmac("bitfinex-test-secret", Encoding.TEXT, Algorithm.SHA384,
                        Encoding.HEX, TimestampUnit.MILLISECONDS, "/api{{ path }}{{ timestamp }}{{ body }}",
                        ordered("bfx-nonce", "{{ timestamp }}", "bfx-apikey", "{{ secrets.apiKey }}", "bfx-signature", "{{ signature }}"), Map.of(),
                        Map.of("secrets.apiKey", "bfx-key")), Instant.ofEpochMilli(1573211412123L),
                        HttpRequest.of("POST", URI.create("https://api.bitfinex.com/v2/auth/r/wallets")).withBody("{}", "application/json"),
                        "https://api.bitfinex.com/v2/auth/r/wallets", Map.of("bfx-nonce", "1573211412123", "bfx-signature",
                                "46b6683748d30f63af40191fdeaaf340691ae6d61c64cc3345313f3f5b166d8c5aa171c0cd15bbba5e0c3e9a8e387692")),
                // printf 'GET\n/api/v4/futures/orders\ncontract=BTC_USD&status=finished&limit=50\n<sha512 of nothing>\n1541993715' | openssl dgst -sha512 -hmac gate-test-secret
                argumentSet("Gate.io v4 GET (the SHA-512 of no body inside the signed text)", GATE, Instant.ofEpochSecond(1541993715L),
                        HttpRequest.get(URI.create("https://api.gateio.ws/api/v4/futures/orders?contract=BTC_USD&status=finished&limit=50")),
                        "https://api.gateio.ws/api/v4/futures/orders?contract=BTC_USD&status=finished&limit=50", Map.of("KEY", "gate-key", "Timestamp",
                                "1541993715", "SIGN", "65b8f2bd4d56f5597d42d143c65a2b44f54350a722a0467f042eaba351b9a00c825cdf9725c5268267f590f6d8632c9bdaef2f3"
                                        + "81caa6d953caffeb19bc20898")),
                // printf 'POST\n/api/v4/spot/orders\n\n<sha512 of the body>\n1541993715' | openssl dgst -sha512 -hmac gate-test-secret
                argumentSet("Gate.io v4 POST (the SHA-512 of the body)", GATE, Instant.ofEpochSecond(1541993715L),
                        HttpRequest.of("POST", URI.create("https://api.gateio.ws/api/v4/spot/orders"))
                                .withBody("{\"currency_pair\":\"BTC_USDT\",\"side\":\"buy\",\"amount\":\"0.001\",\"price\":\"65000\"}", "application/json"),
                        "https://api.gateio.ws/api/v4/spot/orders", Map.of("SIGN", "dafb2d54ca88850a681fb4296d2b07384bac3631f0b33b9c0016551950d114e6"
                                + "8628fd30398d1ffbffda4add5bc2250c556cdfcb7aa86eb3d3686885e0dc0a09")),
                // echo -n '1588591856950GET/sapi/v1/account' | openssl dgst -sha256 -mac HMAC -macopt hexkey:902ae3cb34ecee2779aa4d3e1d226686
                argumentSet("a hex secret decoded to its bytes", new AuthSpec.Hmac("902AE3CB34ECEE2779AA4D3E1D226686", Encoding.HEX, Algorithm.SHA256,
                        Encoding.HEX, TimestampUnit.MILLISECONDS, "{{ timestamp }}{{ method }}{{ path }}", Map.of("X-Sign", "{{ signature }}"), Map.of(),
                        Map.of()), Instant.ofEpochMilli(1588591856950L), HttpRequest.get(URI.create("https://api.example.com/sapi/v1/account")),
                        "https://api.example.com/sapi/v1/account", Map.of("X-Sign", "3ef0ea812e0f4e238a414d9ac9ad3daa806067ec33a9f7c736d6ce15be7a91df")));
    }

    @ParameterizedTest
    @MethodSource("publishedExamples")
    void signsTheRequestAsTheProviderDoes(AuthSpec.Hmac auth, Instant at, HttpRequest request, String sentUrl, Map<String, String> sentHeaders) {
        HttpRequest signed = new HmacSigner(auth, Clock.fixed(at, ZoneOffset.UTC), () -> "unused").sign(request);

        assertThat(signed.uri()).hasToString(sentUrl);
        sentHeaders.forEach((name, value) -> assertThat(signed.header(name)).as(name).isEqualTo(value));
        assertThat(signed.body()).isEqualTo(request.body());
    }

    @Test
    void signsTheTextOkxAndBybitPublishAsTheirExamples() {
        HttpRequest okx = HttpRequest.get(URI.create("https://www.okx.com/api/v5/account/balance?ccy=BTC"));
        HttpRequest bybitGet = HttpRequest.get(URI.create("https://api-testnet.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C"));
        HttpRequest bybitPost = HttpRequest.of("POST", URI.create("https://api-testnet.bybit.com/v5/order/create"))
                .withBody("{\"category\": \"option\"}", "application/json");

        assertThat(text(new HmacSigner(OKX, Clock.systemUTC()).signedContent(okx, "2020-12-08T09:08:57.715Z", "n")))
                .isEqualTo("2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC");
        assertThat(text(new HmacSigner(BYBIT, Clock.systemUTC()).signedContent(bybitGet, "1658384314791", "n")))
                .isEqualTo("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
        assertThat(text(new HmacSigner(BYBIT, Clock.systemUTC()).signedContent(bybitPost, "1658385579423", "n")))
                .isEqualTo("1658385579423XXXXXXXXXX5000{\"category\": \"option\"}");
    }

    /**
     * Bitstamp v2: its fixed prefix and the key, the method, the host, the path and query, the body's
     * content type, a 36-character nonce, the time in milliseconds, the version and the body.
     * {@code echo -n 'BITSTAMP bitstamp-keyPOSTwww.bitstamp.net/api/v2/user_transactions/application/x-www-form-urlencoded<nonce>1616492376594v2offset=1'
     * | openssl dgst -sha256 -hmac bitstamp-test-secret}
     */
    @Test
    void signsBitstampsTextWithTheHostAndTheBodysContentType() {
        AuthSpec.Hmac bitstamp = new AuthSpec.Hmac("bitstamp-test-secret", Encoding.TEXT, Algorithm.SHA256, Encoding.HEX, TimestampUnit.MILLISECONDS,
                "BITSTAMP {{ secrets.apiKey }}{{ method }}{{ host }}{{ pathAndQuery }}{{ contentType }}{{ nonce }}{{ timestamp }}v2{{ body }}",
                ordered("X-Auth", "BITSTAMP {{ secrets.apiKey }}", "X-Auth-Signature", "{{ signature }}", "X-Auth-Nonce", "{{ nonce }}",
                        "X-Auth-Timestamp", "{{ timestamp }}", "X-Auth-Version", "v2"), Map.of(), Map.of("secrets.apiKey", "bitstamp-key"));
        HmacSigner signer = new HmacSigner(bitstamp, Clock.fixed(Instant.ofEpochMilli(1616492376594L), ZoneOffset.UTC),
                () -> "8b6f7e34-3c1b-4a5e-9f0d-2a1c5e7b9d40");

        HttpRequest signed = signer.sign(HttpRequest.of("POST", URI.create("https://www.bitstamp.net/api/v2/user_transactions/")).withBody("offset=1", FORM));

        assertThat(signed.header("X-Auth-Signature")).isEqualTo("1fb7921056c7bb6719e5756cab835b89fc15479af8f1274ee0d2bcc746ebb826");
        assertThat(signed.header("X-Auth-Nonce")).isEqualTo("8b6f7e34-3c1b-4a5e-9f0d-2a1c5e7b9d40");
        assertThat(signed.header("X-Auth-Timestamp")).isEqualTo("1616492376594");
        assertThat(new String(signer.signedContent(HttpRequest.get(URI.create("http://127.0.0.1:8080/api/v2/balance/?x=1")), "1", "n"),
                java.nio.charset.StandardCharsets.UTF_8)).as("no body: no content type; a port named is part of the host")
                .isEqualTo("BITSTAMP bitstamp-keyGET127.0.0.1:8080/api/v2/balance/?x=1n1v2");
    }

    /**
     * KuCoin v2: the passphrase is sent as its own HMAC with the API secret ({{ hmac.secrets.passphrase }}), base64 as the signature.
     * {@code echo -n kucoin-passphrase | openssl dgst -sha256 -hmac kucoin-test-secret -binary | base64} and
     * {@code echo -n 1547015186532GET/api/v1/accounts | openssl dgst -sha256 -hmac kucoin-test-secret -binary | base64}
     */
    @Test
    void sendsTheHmacOfASecretAsKucoinsV2PassphraseAndRedactsIt() {
        AuthSpec.Hmac kucoin = new AuthSpec.Hmac("kucoin-test-secret", Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64, TimestampUnit.MILLISECONDS,
                "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}", ordered("KC-API-KEY", "{{ secrets.apiKey }}", "KC-API-SIGN", "{{ signature }}",
                        "KC-API-TIMESTAMP", "{{ timestamp }}", "KC-API-PASSPHRASE", "{{ hmac.secrets.passphrase }}", "KC-API-KEY-VERSION", "2"),
                Map.of(), Map.of("secrets.apiKey", "kucoin-key", "secrets.passphrase", "kucoin-passphrase"));

        HttpRequest signed = new HmacSigner(kucoin, Clock.fixed(Instant.ofEpochMilli(1547015186532L), ZoneOffset.UTC), () -> "unused")
                .sign(HttpRequest.get(URI.create("https://api.kucoin.com/api/v1/accounts")));

        assertThat(signed.header("KC-API-PASSPHRASE")).isEqualTo("7TBtl4PJL26PmwptV4Qn2+4fF9C5Ufv8jrDGENxLZGE=");
        assertThat(signed.header("KC-API-SIGN")).isEqualTo("nshaTz48p9paDWu2owGvYWh989gYQpEXCXCA1KYMuL0=");
        assertThat(signed.header("KC-API-KEY-VERSION")).isEqualTo("2");
        assertThat(HmacSigner.secretNames(kucoin)).as("redacted in the exchange log").contains("KC-API-PASSPHRASE", "KC-API-SIGN", "KC-API-KEY")
                .doesNotContain("KC-API-KEY-VERSION", "KC-API-TIMESTAMP");
        assertThatThrownBy(() -> new HmacSigner(new AuthSpec.Hmac("s", Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64, TimestampUnit.SECONDS,
                "{{ timestamp }}", Map.of("P", "{{ hmac.secrets.passphrase }}", "S", "{{ signature }}"), Map.of(), Map.of()), Clock.systemUTC()))
                .hasMessage("auth.headers.P: no value for 'secrets.passphrase', whose HMAC 'hmac.secrets.passphrase' is");
    }

    /** A throw-away Ed25519 key made for this test ({@code openssl genpkey -algorithm ed25519}): Binance's Ed25519 API keys sign so. */
    private static final String ED25519_KEY = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKOH7FNu78I8Bz4iClKYZyvoZjZlwlVS3cAxW8wEn/O8\n-----END PRIVATE KEY-----\n";
    /** A throw-away 1024-bit RSA key made for this test ({@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024}). */
    private static final String RSA_KEY = "-----BEGIN PRIVATE KEY-----\n"
            + "MIICeAIBADANBgkqhkiG9w0BAQEFAASCAmIwggJeAgEAAoGBAL/8QwYAZlQ/t4jtpeS+Trh1EqI+lggNxPu3XUxH61gwHBDOt3xsGG05eAG/sczysYLeTbZW"
            + "t15Q6r9mEWXt71P2YQEoLQ7gIzXenfPnF4uo4bppib18M57MiAAbrgt3QhYA+3UUv5OfB5q/v+B9I981c5rnPUjX86FefGblGxmJAgMBAAECgYAv92DvgO4Q"
            + "IpNCfM2z5vBYGbf8HVLy1C3hDiEbS+S69dotQNiLF57Ku08GcNSFdiVvowcbhXLu95yPEXtLUjU3ACoIrchPPQA8GfKw7VfTQi0AtbrePjGd1bQbSYA66EG1"
            + "OwhZFN0o/PfCC9UoPbISTEv6eknt4WBMzX9wtZImOQJBAOnL7v8NxaZ00rboYgRYno5qJaXP61a/ef3Qcfg3wbMajLgR24izf/VFDL7S75AkyLX8Tt0dc+JX"
            + "btKCtJAyjs8CQQDSN9A3jZZgfo9F3xzgU4nq9x0mGuFrl6o+STjvuCJsD0+M7enDu8+2oZTLn8yT5+rnLmWNCqj5hBYQVWfVOSgnAkEAmHpOdr2OqE8Mlgnc"
            + "0yTQ0+TahNejjsH2V9i4W8BRbfPkzq+m0/LtgxLziwibARFcbYQOExuAVp/bQSPJiznN9QJBAMP0JvFB2CUGlEMLYP1yoaMWymMUt3/1lkoNMzexqtSTyRGT"
            + "TE6aKVsSb4MH6EkO7BanVx4MC8ra5z4+flVxvA0CQQDYsLA2xvO5uFTe/YhuAM/Yaop0sybDsX9j6Jug6ervv1ufSaxwLAjkcrXxY8F6rFbobivSBfNbr8VI"
            + "ZmFldemo"
            + "\n-----END PRIVATE KEY-----\n";
    private static final String BINANCE_PAYLOAD = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1.0000000&price=0.20"
            + "&timestamp=1668481559918&recvWindow=5000";

    /**
     * Binance's Ed25519 and RSA API keys: the same text as an HMAC key's, signed with the private key, base64 (then URL-encoded in the
     * query). {@code openssl pkeyutl -sign -inkey ed.pem -rawin -in payload | base64} and {@code openssl dgst -sha256 -sign rsa.pem payload | base64}.
     */
    @ParameterizedTest
    @MethodSource("privateKeys")
    void signsWithAPrivateKeyAsBinancesEd25519AndRsaKeysDo(WebhookScheme.KeyAlgorithm algorithm, String key, String expected) {
        AuthSpec.Hmac auth = new AuthSpec.Hmac(key, Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64, TimestampUnit.MILLISECONDS, "{{ body }}",
                Map.of("X-MBX-APIKEY", "{{ secrets.apiKey }}"), Map.of("signature", "{{ signature }}"), Map.of("secrets.apiKey", BINANCE_KEY), algorithm);

        HttpRequest signed = new HmacSigner(auth, Clock.fixed(BINANCE_TIME, ZoneOffset.UTC), () -> "unused")
                .sign(HttpRequest.of("POST", URI.create("https://api.binance.com/api/v3/order")).withBody(BINANCE_PAYLOAD, FORM));

        assertThat(signed.uri().getRawQuery()).isEqualTo("signature=" + java.net.URLEncoder.encode(expected, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(new HmacSigner(auth, Clock.systemUTC()).toString()).isEqualTo("hmac(" + algorithm.yamlName() + ")");
    }

    static Stream<Arguments> privateKeys() {
        return Stream.of(
                argumentSet("ed25519", WebhookScheme.KeyAlgorithm.ED25519, ED25519_KEY,
                        "eLpy8y5JrCM9e6P/ez8LlNB/VKJiqs+A1y2ohVAwWcWPC2SYN/uxquew0KkFKnJTawao/aUyQS+f0FC6EEAeDg=="),
                argumentSet("rsa-sha256", WebhookScheme.KeyAlgorithm.RSA_SHA256, RSA_KEY,
                        "LroVzD6Sa6dg0VNi9jhr815ouIfKi4vyqyfbTC4tHiRxhcaBklI70Ase8UXqivGamTGpZjy8XcS2lvM4UPurcVIwgxcoBPdBLwSQQiXvSGs00eFu6dY2pNTf3JbJk5zVD5Z7JnQAD"
                                + "Knxe89uhXepOR8n7yMnbQGVKXFm/P1qiCQ="));
    }

    /**
     * Kalshi's API keys: RSASSA-PSS (SHA-256, MGF1 SHA-256, a 32-byte salt) of the millisecond timestamp, the method and the path
     * without its query, base64, beside the key id and the timestamp. Its key here is an OpenSSL legacy encrypted PKCS#1 file, read
     * with its passphrase. PSS is salted: two signatures of one text differ, and the public key verifies both.
     */
    @Test
    void signsWithRsaPssAsKalshisKeysDoWithAnEncryptedKeyAndItsPassphrase() throws Exception {
        AuthSpec.Hmac kalshi = new AuthSpec.Hmac(resource("rsa-pkcs1-encrypted.pem"), Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64,
                TimestampUnit.MILLISECONDS, "{{ timestamp }}{{ method }}{{ path }}", ordered("KALSHI-ACCESS-KEY", "{{ secrets.keyId }}",
                        "KALSHI-ACCESS-SIGNATURE", "{{ signature }}", "KALSHI-ACCESS-TIMESTAMP", "{{ timestamp }}"), Map.of(),
                Map.of("secrets.keyId", "a952bcbe-ec3b-4b5b-b8f9-11dae589608c"), WebhookScheme.KeyAlgorithm.RSA_PSS_SHA256, null, "correct-horse");
        HmacSigner signer = new HmacSigner(kalshi, Clock.fixed(Instant.ofEpochMilli(1703123456789L), ZoneOffset.UTC));
        HttpRequest request = HttpRequest.of("GET", URI.create("https://api.elections.kalshi.com/trade-api/v2/portfolio/orders?limit=5"));

        HttpRequest first = signer.sign(request);
        HttpRequest second = signer.sign(request);

        assertThat(first.header("KALSHI-ACCESS-KEY")).isEqualTo("a952bcbe-ec3b-4b5b-b8f9-11dae589608c");
        assertThat(first.header("KALSHI-ACCESS-TIMESTAMP")).isEqualTo("1703123456789");
        var key = (java.security.interfaces.RSAPrivateCrtKey) PemKeys.privateKey(resource("rsa-pkcs1.pem"), null, "k", null);
        var publicKey = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        for (HttpRequest signed : List.of(first, second)) {
            java.security.Signature verifier = java.security.Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            verifier.initVerify(publicKey);
            verifier.update("1703123456789GET/trade-api/v2/portfolio/orders".getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(java.util.Base64.getDecoder().decode(signed.header("KALSHI-ACCESS-SIGNATURE")))).isTrue();
        }
        assertThat(first.header("KALSHI-ACCESS-SIGNATURE")).isNotEqualTo(second.header("KALSHI-ACCESS-SIGNATURE"));
        assertThat(signer.toString()).isEqualTo("hmac(rsa-pss-sha256)");
        assertThatThrownBy(() -> new HmacSigner(new AuthSpec.Hmac(kalshi.secret(), Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64,
                TimestampUnit.MILLISECONDS, kalshi.signedContent(), kalshi.headers(), Map.of(), kalshi.values(), WebhookScheme.KeyAlgorithm.RSA_PSS_SHA256),
                Clock.systemUTC())).hasMessage("auth.secret: the key is encrypted; give its passphrase as auth.passphrase");
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = HmacSignerTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void refusesAPrivateKeyThatIsNotOneOrNotForItsAlgorithmWithoutShowingIt() {
        assertThatThrownBy(() -> new HmacSigner(privateKeyAuth("not a key", WebhookScheme.KeyAlgorithm.ED25519), Clock.systemUTC()))
                .hasMessage("auth.secret: expected a PEM private key (-----BEGIN PRIVATE KEY-----), found none");
        assertThatThrownBy(() -> new HmacSigner(privateKeyAuth(RSA_KEY, WebhookScheme.KeyAlgorithm.ED25519), Clock.systemUTC()))
                .hasMessage("auth.secret: the private key is not a key for ed25519 (algorithm: ed25519); check the connection's key or the"
                        + " connector's algorithm");
    }

    private static AuthSpec.Hmac privateKeyAuth(String key, WebhookScheme.KeyAlgorithm algorithm) {
        return new AuthSpec.Hmac(key, Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64, TimestampUnit.SECONDS, "{{ timestamp }}",
                Map.of("X-Sign", "{{ signature }}"), Map.of(), Map.of(), algorithm);
    }

    /** Kraken's REST authentication: the nonce first in the form, then HMAC-SHA512 (base64 key) of the path and SHA-256(nonce + body), raw. */
    private static AuthSpec.Hmac kraken() {
        return new AuthSpec.Hmac("kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==", Encoding.BASE64,
                Algorithm.SHA512, Encoding.BASE64, null, "{{ path }}{{ digest }}", ordered("API-Key", "{{ secrets.apiKey }}", "API-Sign", "{{ signature }}"),
                Map.of(), Map.of("secrets.apiKey", "kraken-key"), null,
                new AuthSpec.Hmac.Body(Map.of("nonce", "{{ nonce }}"), true, Algorithm.SHA256, "{{ nonce }}{{ body }}"));
    }

    /**
     * Kraken's published example ("Authentication", REST API docs): its private key, nonce 1616492376594, the AddOrder form and path,
     * and its published API-Sign. The form the action writes has no nonce: the signer puts it first, as the example's payload has it.
     */
    @Test
    void signsKrakensPublishedExampleWithTheNonceFirstInTheForm() {
        HmacSigner signer = new HmacSigner(kraken(), Clock.systemUTC(), () -> "1616492376594");

        HttpRequest signed = signer.sign(HttpRequest.of("POST", URI.create("https://api.kraken.com/0/private/AddOrder"))
                .withBody("ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", FORM));

        assertThat(new String(signed.body(), StandardCharsets.UTF_8)).isEqualTo("nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");
        assertThat(signed.header("API-Sign")).isEqualTo("4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==");
        assertThat(signed.header("API-Key")).isEqualTo("kraken-key");
        assertThat(signed.header("Content-Type")).isEqualTo(FORM);
    }

    /**
     * A request with no body gets a form of the fields; a JSON object gets them as its first fields; a nonce the form had is replaced. Each
     * signature checked with {@code printf '/0/private/Balance' > m; printf '1616492376594nonce=1616492376594' | openssl dgst -sha256 -binary >> m;
     * openssl dgst -sha512 -mac HMAC -macopt hexkey:$(echo -n SECRET | base64 -d | xxd -p -c 256) -binary m | base64}.
     */
    @Test
    void putsTheFieldsInAnEmptyBodyAFormOrAJsonObjectFirst() {
        HmacSigner signer = new HmacSigner(kraken(), Clock.systemUTC(), () -> "1616492376594");
        URI balance = URI.create("https://api.kraken.com/0/private/Balance");

        HttpRequest empty = signer.sign(HttpRequest.of("POST", balance));
        assertThat(new String(empty.body(), StandardCharsets.UTF_8)).isEqualTo("nonce=1616492376594");
        assertThat(empty.header("Content-Type")).isEqualTo(FORM);
        assertThat(empty.header("API-Sign")).isEqualTo(KRAKEN_BALANCE_SIGNATURE);

        HttpRequest replaced = signer.sign(HttpRequest.of("POST", balance).withBody("nonce=1&asset=XBT", FORM));
        assertThat(new String(replaced.body(), StandardCharsets.UTF_8)).isEqualTo("nonce=1616492376594&asset=XBT");

        HttpRequest json = signer.sign(HttpRequest.of("POST", balance).withBody("{\"asset\":\"XBT\",\"nonce\":\"old\"}", "application/json"));
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{\"nonce\":\"1616492376594\",\"asset\":\"XBT\"}");

        assertThatThrownBy(() -> signer.sign(HttpRequest.of("POST", balance).withBody("<a/>", "application/xml")))
                .hasMessageContaining("auth.body: the signer adds [nonce] to a form or a JSON object body, and this request's body is application/xml");
        assertThatThrownBy(() -> signer.sign(HttpRequest.of("POST", balance).withBody("[1]", "application/json")))
                .hasMessageContaining("and this request's body is a JSON array");
    }

    /** {@code API-Sign} of {@code nonce=1616492376594} to /0/private/Balance with Kraken's example key (the openssl command above). */
    private static final String KRAKEN_BALANCE_SIGNATURE = "1nH4vwR+8FHiYh1QT649xXkGd3JR3x0DWkgv3u9Ed/Qqv6KPtgQpEU4m+Emb/VgpEji3j1XNwI+HCbfXxmrTOg==";

    /**
     * Gemini's private API: the payload, a JSON object of the path, the nonce and the call's parameters, travels base64 in X-GEMINI-PAYLOAD,
     * signed by hex HMAC-SHA384; the request has no body. {@code printf '%s' "$(printf '{"request":"/v1/balances","nonce":"1616492376594"}'
     * | base64 -w0)" | openssl dgst -sha384 -hmac gemini-test-secret}
     */
    @Test
    void sendsGeminisPayloadInAHeaderAndNoBody() {
        AuthSpec.Hmac gemini = new AuthSpec.Hmac("gemini-test-secret", Encoding.TEXT, Algorithm.SHA384, Encoding.HEX, null, "{{ bodyBase64 }}",
                ordered("X-GEMINI-APIKEY", "{{ secrets.apiKey }}", "X-GEMINI-PAYLOAD", "{{ bodyBase64 }}", "X-GEMINI-SIGNATURE", "{{ signature }}"),
                Map.of(), Map.of("secrets.apiKey", "gemini-key"), null,
                new AuthSpec.Hmac.Body(ordered("request", "{{ path }}", "nonce", "{{ nonce }}"), true, null, null, true, false));
        HmacSigner signer = new HmacSigner(gemini, Clock.systemUTC(), () -> "1616492376594");

        HttpRequest balances = signer.sign(HttpRequest.of("POST", URI.create("https://api.gemini.com/v1/balances")).withHeader("Content-Type", "text/plain"));
        assertThat(balances.body()).as("the payload went in a header").isNull();
        assertThat(balances.header("X-GEMINI-PAYLOAD")).isEqualTo("eyJyZXF1ZXN0IjoiL3YxL2JhbGFuY2VzIiwibm9uY2UiOiIxNjE2NDkyMzc2NTk0In0=");
        assertThat(balances.header("X-GEMINI-SIGNATURE")).isEqualTo("f1c11ef25361edbf1af7d66cd9654b20700cc482ce0391c1edbfe4d607dcf7d7fe2ffd0fbcc8cac9a49b9f90cb377eab");
        assertThat(balances.header("Content-Type")).isEqualTo("text/plain");

        HttpRequest trades = signer.sign(HttpRequest.of("POST", URI.create("https://api.gemini.com/v1/mytrades")).withBody("{\"symbol\":\"btcusd\"}", "text/plain"));
        assertThat(trades.header("X-GEMINI-PAYLOAD")).as("the call's parameters after the path and nonce, its text/plain body read as JSON")
                .isEqualTo("eyJyZXF1ZXN0IjoiL3YxL215dHJhZGVzIiwibm9uY2UiOiIxNjE2NDkyMzc2NTk0Iiwic3ltYm9sIjoiYnRjdXNkIn0=");
        assertThat(trades.header("X-GEMINI-SIGNATURE")).isEqualTo("ff88d0c5fc58120b40e8e0901cf4b1d117ae6c77ba26590aa15f07aff9ed7554e31be1bdf67e5257e59fbaccf1595438");
        assertThat(trades.body()).isNull();
    }

    /**
     * HTX (Huobi) signature version 2, with its documentation's example key, time and order query: the method, host, path and the query
     * sorted by name, base64 HMAC-SHA256, the signature the query's last parameter. {@code printf 'GET\napi.huobi.pro\n/v1/order/orders\n
     * AccessKeyId=...&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2017-05-11T15%%3A19%%3A30&order-id=1234567890'
     * | openssl dgst -sha256 -hmac <SECRET> -binary | base64}
     */
    @Test
    void signsHtxsSortedQueryWithItsTimeToTheSecond() {
        AuthSpec.Hmac htx = new AuthSpec.Hmac("b0xxxxxx-c6xxxxxx-94xxxxxx-dxxxx", Encoding.TEXT, Algorithm.SHA256, Encoding.BASE64,
                TimestampUnit.ISO8601_SECONDS, "{{ method }}\n{{ host }}\n{{ path }}\n{{ sortedQuery }}", Map.of(),
                ordered("AccessKeyId", "{{ secrets.apiKey }}", "SignatureMethod", "HmacSHA256", "SignatureVersion", "2", "Timestamp", "{{ timestamp }}",
                        "Signature", "{{ signature }}"), Map.of("secrets.apiKey", "e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx"));
        HmacSigner signer = new HmacSigner(htx, Clock.fixed(Instant.parse("2017-05-11T15:19:30Z"), ZoneOffset.UTC));

        HttpRequest signed = signer.sign(HttpRequest.get(URI.create("https://api.huobi.pro/v1/order/orders?order-id=1234567890")));

        assertThat(signed.uri().getRawQuery()).isEqualTo("order-id=1234567890&AccessKeyId=e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx&SignatureMethod=HmacSHA256"
                + "&SignatureVersion=2&Timestamp=2017-05-11T15%3A19%3A30&Signature=Nmd8AU8uAe0mkFpxNbiava0aeZzBEtYjCdie1ZYZjoM%3D");
        assertThat(new String(signer.signedContent(signed.withUri(URI.create("https://api.huobi.pro/v1/order/orders?b=2&a=2&a=1&B=0")), "t", "n"),
                StandardCharsets.UTF_8)).as("by name, then value; upper case first").isEqualTo("GET\napi.huobi.pro\n/v1/order/orders\nB=0&a=1&a=2&b=2");
    }

    @Test
    void anIncreasingNonceIsAboveTheLastAndAtLeastTheTimeInMilliseconds() {
        dev.junction.http.FakeTime clock = new dev.junction.http.FakeTime(Instant.ofEpochMilli(1_000));
        java.util.function.Supplier<String> nonces = HmacSigner.increasing(clock, new java.util.concurrent.atomic.AtomicLong());

        assertThat(List.of(nonces.get(), nonces.get(), nonces.get())).containsExactly("1000", "1001", "1002");
        clock.advance(java.time.Duration.ofMillis(4_000));
        assertThat(nonces.get()).isEqualTo("5000");
        clock.advance(java.time.Duration.ofMillis(-1_000)); // the clock stepped back (NTP): still above the last
        assertThat(nonces.get()).isEqualTo("5001");
    }

    @Test
    void signersOfOneKeyCountOnFromTheSameNonce() {
        dev.junction.http.FakeTime clock = new dev.junction.http.FakeTime(Instant.ofEpochMilli(1_000));
        AuthSpec.Hmac auth = kraken().withValues("c2lnbmVycy1vZi1vbmUta2V5LXRlc3Q=", null, Map.of("secrets.apiKey", "k")); // a key of this test alone
        HttpRequest balance = HttpRequest.of("POST", URI.create("https://api.kraken.com/0/private/Balance"));

        assertThat(new HmacSigner(auth, clock).sign(balance).body()).asString(StandardCharsets.UTF_8).isEqualTo("nonce=1000");
        assertThat(new HmacSigner(auth, clock).sign(balance).body()).as("a connection made again (a new run), the same millisecond")
                .asString(StandardCharsets.UTF_8).isEqualTo("nonce=1001");
        assertThat(new HmacSigner(kraken(), clock).sign(balance).body()).as("another key counts on its own")
                .asString(StandardCharsets.UTF_8).isNotEqualTo("nonce=1002");
    }

    @Test
    void writesTheTimestampInEachUnitTheIsoOneAlwaysWithMilliseconds() {
        Instant at = Instant.parse("2026-03-01T09:30:00Z");

        assertThat(Stream.of(TimestampUnit.values()).map(unit -> new HmacSigner(new AuthSpec.Hmac("s3cret", null, null, null, unit, "{{ timestamp }}",
                Map.of("X-Sign", "{{ signature }}"), Map.of(), Map.of()), Clock.systemUTC()).timestamp(at)))
                .containsExactly("1772357400", "1772357400000", "2026-03-01T09:30:00.000Z", "2026-03-01T09:30:00");
    }

    @Test
    void givesEachAttemptANonceOfItsOwnAndSignsIt() {
        AuthSpec.Hmac auth = new AuthSpec.Hmac("s3cret", null, null, null, null, "{{ nonce }}{{ body }}",
                ordered("X-Nonce", "{{ nonce }}", "X-Sign", "{{ signature }}"), Map.of(), Map.of());
        HmacSigner signer = new HmacSigner(auth, Clock.fixed(Instant.parse("2026-03-01T09:30:00Z"), ZoneOffset.UTC));
        HttpRequest request = HttpRequest.get(URI.create("https://api.example.com/v1/me"));

        List<HttpRequest> attempts = List.of(signer.sign(request), signer.sign(request));

        assertThat(attempts).extracting(r -> r.header("X-Nonce")).doesNotHaveDuplicates()
                .allSatisfy(nonce -> assertThat(nonce).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertThat(attempts).extracting(r -> r.header("X-Sign")).doesNotHaveDuplicates();
    }

    @Test
    void replacesAParameterTheRequestAlreadyHadAndPutsTheSignatureLast() {
        HttpRequest request = HttpRequest.get(URI.create("https://api.binance.com/api/v3/account?signature=stale&timestamp=1&omitZeroBalances=true"));
        AuthSpec.Hmac auth = binance(ordered("timestamp", "{{ timestamp }}", "signature", "{{ signature }}"));

        HttpRequest signed = new HmacSigner(auth, Clock.fixed(BINANCE_TIME, ZoneOffset.UTC)).sign(request);

        assertThat(signed.uri().getRawQuery()).startsWith("omitZeroBalances=true&timestamp=1499827319559&signature=")
                .doesNotContain("stale");
    }

    @Test
    void refusesASecretNotInItsEncodingWithoutShowingIt() {
        AuthSpec.Hmac auth = new AuthSpec.Hmac("not base64: pr1vate!", Encoding.BASE64, null, null, null, "{{ body }}",
                Map.of("X-Sign", "{{ signature }}"), Map.of(), Map.of());

        assertThatThrownBy(() -> new HmacSigner(auth, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auth.secret: the secret is not base64 text, which secretEncoding: base64 says it is; check the connection's secret"
                        + " (as the provider shows it) or the connector's secretEncoding")
                .hasMessageNotContaining("pr1vate");
    }

    @Test
    void refusesATemplateWhoseValueWasNotGiven() {
        AuthSpec.Hmac auth = new AuthSpec.Hmac("s3cret", null, null, null, null, "{{ body }}",
                ordered("X-Key", "{{ secrets.apiKey }}", "X-Sign", "{{ signature }}"), Map.of(), Map.of());

        assertThatThrownBy(() -> new HmacSigner(auth, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auth.headers.X-Key: no value for 'secrets.apiKey'; hmac signing needs every config and secret value its templates name");
    }

    @Test
    void namesTheHeadersAndParametersThatCarryTheSignatureOrASecret() {
        AuthSpec.Hmac auth = new AuthSpec.Hmac("s3cret", null, null, null, null, "{{ body }}",
                ordered("X-BAPI-API-KEY", "{{ secrets.apiKey }}", "X-BAPI-TIMESTAMP", "{{ timestamp }}", "X-BAPI-SIGN", "{{ signature }}"),
                ordered("timestamp", "{{ timestamp }}", "sign", "{{ signature }}"), Map.of());

        assertThat(HmacSigner.secretNames(auth)).containsExactly("X-BAPI-API-KEY", "X-BAPI-SIGN", "sign");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A map in the order given: name, value, name, value, ... */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
