package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code auth: { type: hmac }} at load time: what it reads, and every mistake reported at its line, saying what was expected. */
class SpecLoaderHmacTest {
    private static final String HEAD = """
            kind: Connector
            name: exchange
            baseUrl: https://api.binance.com
            config: { recvWindow: { default: "5000" } }
            secrets: { apiKey: {}, apiSecret: {} }
            """;

    private static List<String> problems(String auth) {
        return new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD + auth))).problems().stream().map(Object::toString).toList();
    }

    @Test
    void readsCoinbaseExchangesSettingsInTheirOrderAndShowsNoSecretInItsText() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD.replace("apiSecret: {} }", "apiSecret: {},"
                + " passphrase: {} }") + """
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  secretEncoding: base64
                  algorithm: sha384
                  encoding: base64
                  timestampUnit: iso8601
                  signedContent: "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}"
                  headers:
                    CB-ACCESS-KEY: "{{ secrets.apiKey }}"
                    CB-ACCESS-SIGN: "{{ signature }}"
                    CB-ACCESS-TIMESTAMP: "{{ timestamp }}"
                    CB-ACCESS-PASSPHRASE: "{{ secrets.passphrase }}"
                  query: { window: "{{ config.recvWindow }}" }
                """)));

        assertThat(loaded.problems()).isEmpty();
        AuthSpec.Hmac auth = (AuthSpec.Hmac) loaded.connectors().get("exchange").auth();
        assertThat(auth).extracting(AuthSpec.Hmac::secret, AuthSpec.Hmac::secretEncoding, AuthSpec.Hmac::algorithm, AuthSpec.Hmac::encoding,
                AuthSpec.Hmac::timestampUnit, AuthSpec.Hmac::values).containsExactly("{{ secrets.apiSecret }}", WebhookScheme.Encoding.BASE64,
                WebhookScheme.Algorithm.SHA384, WebhookScheme.Encoding.BASE64, WebhookScheme.TimestampUnit.ISO8601, Map.of());
        assertThat(auth.headers().keySet()).containsExactly("CB-ACCESS-KEY", "CB-ACCESS-SIGN", "CB-ACCESS-TIMESTAMP", "CB-ACCESS-PASSPHRASE");
        assertThat(AuthSpec.isStatic(auth)).isTrue();
        assertThat(auth.withValues("s3cret-value", null, Map.of("secrets.apiKey", "k3y-value")).toString())
                .isEqualTo("Hmac[algorithm=sha384, encoding=base64, signedContent={{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }},"
                        + " headers=[CB-ACCESS-KEY, CB-ACCESS-SIGN, CB-ACCESS-TIMESTAMP, CB-ACCESS-PASSPHRASE], query=[window]]");
    }

    /** Gate.io v4 as a connector writes it: YAML's "\n" are the newlines Gate.io signs, and the body's SHA-512 is in the text. */
    @Test
    void aGateIoConnectorSignsAsGateIoChecks() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD.replace("baseUrl: https://api.binance.com",
                "baseUrl: https://api.gateio.ws/api/v4") + """
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  algorithm: sha512
                  signedContent: "{{ method }}\\n{{ path }}\\n{{ query }}\\n{{ bodySha512 }}\\n{{ timestamp }}"
                  headers: { KEY: "{{ secrets.apiKey }}", Timestamp: "{{ timestamp }}", SIGN: "{{ signature }}" }
                """)));

        assertThat(loaded.problems()).isEmpty();
        AuthSpec.Hmac auth = ((AuthSpec.Hmac) loaded.connectors().get("exchange").auth()).withValues("gate-test-secret", null, Map.of("secrets.apiKey",
                "gate-key"));
        dev.junction.http.HttpRequest signed = new dev.junction.http.internal.HmacSigner(auth, java.time.Clock.fixed(
                java.time.Instant.ofEpochSecond(1541993715L), java.time.ZoneOffset.UTC)).sign(dev.junction.http.HttpRequest.get(
                java.net.URI.create("https://api.gateio.ws/api/v4/futures/orders?contract=BTC_USD&status=finished&limit=50")));
        // the same case as HmacSignerTest's, from openssl
        assertThat(signed.header("SIGN")).isEqualTo("65b8f2bd4d56f5597d42d143c65a2b44f54350a722a0467f042eaba351b9a00c825cdf9725c5268267f590f6d8632c9bdaef2f3"
                + "81caa6d953caffeb19bc20898");
    }

    @Test
    void aHeaderMayCarryTheHmacOfADeclaredSecretButNotOfAnUndeclaredOne() {
        assertThat(problems("""
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  signedContent: "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}"
                  headers: { KC-API-SIGN: "{{ signature }}", KC-API-PASSPHRASE: "{{ hmac.secrets.apiKey }}" }
                """)).isEmpty();
        assertThat(problems("""
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  signedContent: "{{ timestamp }}"
                  headers: { KC-API-SIGN: "{{ signature }}", KC-API-PASSPHRASE: "{{ hmac.secrets.passphrase }}" }
                """)).singleElement().asString().startsWith("exchange.yaml:10:65 auth.headers.KC-API-PASSPHRASE: unknown template variable"
                        + " 'hmac.secrets.passphrase'");
    }

    @Test
    void readsWhatTheSignerPutsInTheBodyAndTheDigestItSigns() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD + """
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  algorithm: sha512
                  nonce: increasing
                  body: { nonce: "{{ nonce }}", key: "{{ secrets.apiKey }}" }
                  digest: { algorithm: sha256, content: "{{ nonce }}{{ body }}" }
                  signedContent: "{{ path }}{{ digest }}"
                  headers: { API-Sign: "{{ signature }}" }
                """)));

        assertThat(loaded.problems()).isEmpty();
        AuthSpec.Hmac.Body body = ((AuthSpec.Hmac) loaded.connectors().get("exchange").auth()).body();
        assertThat(body.fields()).containsExactly(Map.entry("nonce", "{{ nonce }}"), Map.entry("key", "{{ secrets.apiKey }}"));
        assertThat(body.increasingNonce()).isTrue();
        assertThat(body.digestAlgorithm()).isEqualTo(WebhookScheme.Algorithm.SHA256);
        assertThat(body.digestContent()).isEqualTo("{{ nonce }}{{ body }}");
    }

    @Test
    void aDigestMustBeSignedAndOnlyADeclaredOneCanBe() {
        assertThat(problems("""
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  digest: { content: "{{ body }}" }
                  signedContent: "{{ path }}"
                  headers: { API-Sign: "{{ signature }}" }
                """)).singleElement().asString().isEqualTo("exchange.yaml:9:11 auth.digest: the digest is signed nowhere; name {{ digest }} in"
                        + " signedContent where its bytes go, such as signedContent: \"{{ path }}{{ digest }}\" (Kraken), or remove digest");
        assertThat(problems("""
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  signedContent: "{{ path }}{{ digest }}"
                  headers: { API-Sign: "{{ signature }}" }
                """)).singleElement().asString().startsWith("exchange.yaml:9:18 auth.signedContent: unknown template variable 'digest'");
        assertThat(problems("""
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  nonce: counter
                  body: { sig: "{{ signature }}" }
                  digest: { algorithm: md5, content: "{{ body }}", extra: 1 }
                  signedContent: "{{ path }}{{ digest }}"
                  headers: { API-Sign: "{{ signature }}" }
                """)).hasSize(4).anySatisfy(p -> assertThat(p).contains("auth.nonce").contains("uuid, increasing"))
                .anySatisfy(p -> assertThat(p).contains("auth.body.sig: unknown template variable 'signature'"))
                .anySatisfy(p -> assertThat(p).contains("auth.digest.algorithm").contains("sha256"))
                .anySatisfy(p -> assertThat(p).contains("auth.digest").contains("extra"));
    }

    @Test
    void aBodyNotSentMustTravelInAHeader() {
        assertThat(problems("""
                auth:
                  type: hmac
                  secret: "{{ secrets.apiSecret }}"
                  bodyFormat: json
                  body: { request: "{{ path }}" }
                  sendBody: false
                  signedContent: "{{ bodyBase64 }}"
                  headers: { X-Signature: "{{ signature }}" }
                """)).singleElement().asString().isEqualTo("exchange.yaml:11:13 auth.sendBody: sendBody: false sends the body in a header instead;"
                        + " name {{ bodyBase64 }} in one, such as headers: { X-GEMINI-PAYLOAD: \"{{ bodyBase64 }}\" } (Gemini), or remove sendBody");
        assertThat(problems("""
                auth: { type: hmac, secret: "{{ secrets.apiSecret }}", bodyFormat: xml, signedContent: "{{ body }}", headers: { X-S: "{{ signature }}" } }
                """)).singleElement().asString().contains("auth.bodyFormat").contains("form, json");
    }

    @Test
    void readsAPrivateKeyAlgorithmAndRefusesASecretEncodingBesideIt() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD + """
                auth: { type: hmac, algorithm: ed25519, encoding: base64, secret: "{{ secrets.apiSecret }}", signedContent: "{{ query }}{{ body }}",
                        query: { signature: "{{ signature }}" } }
                """)));
        assertThat(loaded.problems()).isEmpty();
        assertThat(((AuthSpec.Hmac) loaded.connectors().get("exchange").auth()).keyAlgorithm()).isEqualTo(WebhookScheme.KeyAlgorithm.ED25519);

        assertThat(problems("""
                auth: { type: hmac, algorithm: rsa-sha256, secretEncoding: base64, secret: "{{ secrets.apiSecret }}", signedContent: "{{ body }}",
                        headers: { X-Sign: "{{ signature }}" } }
                """)).singleElement().asString().endsWith("auth.secretEncoding: secretEncoding says how an HMAC secret becomes its key; with"
                        + " algorithm: rsa-sha256 the secret is a PEM private key (-----BEGIN PRIVATE KEY-----): remove secretEncoding");
    }

    @Test
    void readsRsaPssAndAPassphraseOnlyBesideAPrivateKeyAndOnlyAsASecretReference() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD + """
                auth: { type: hmac, algorithm: rsa-pss-sha256, encoding: base64, secret: "{{ secrets.apiSecret }}", passphrase: "{{ secrets.apiKey }}",
                        timestampUnit: milliseconds, signedContent: "{{ timestamp }}{{ method }}{{ path }}", headers: { X-Sign: "{{ signature }}" } }
                """)));
        assertThat(loaded.problems()).isEmpty();
        AuthSpec.Hmac hmac = (AuthSpec.Hmac) loaded.connectors().get("exchange").auth();
        assertThat(hmac.keyAlgorithm()).isEqualTo(WebhookScheme.KeyAlgorithm.RSA_PSS_SHA256);
        assertThat(hmac.passphrase()).isEqualTo("{{ secrets.apiKey }}");

        assertThat(problems("""
                auth: { type: hmac, secret: "{{ secrets.apiSecret }}", passphrase: "{{ secrets.apiKey }}", signedContent: "{{ body }}",
                        headers: { X-Sign: "{{ signature }}" } }
                """)).singleElement().asString().endsWith("auth.passphrase: passphrase decrypts a private key; without algorithm the secret is an"
                        + " HMAC key: remove passphrase, or sign with algorithm ed25519, rsa-sha256 or rsa-pss-sha256");
        assertThat(problems("""
                auth: { type: hmac, algorithm: rsa-sha256, secret: "{{ secrets.apiSecret }}", passphrase: hunter2, signedContent: "{{ body }}",
                        headers: { X-Sign: "{{ signature }}" } }
                """)).singleElement().asString().contains("auth.passphrase: expected a reference to a declared secret");
    }

    @Test
    void defaultsToATextSecretSha256AndAHexSignatureAtSecondTimestamps() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("exchange.yaml", HEAD + """
                auth: { type: hmac, secret: "{{ secrets.apiSecret }}", signedContent: "{{ body }}", query: { signature: "{{ signature }}" } }
                """)));

        assertThat(loaded.problems()).isEmpty();
        assertThat((AuthSpec.Hmac) loaded.connectors().get("exchange").auth()).extracting(AuthSpec.Hmac::secretEncoding, AuthSpec.Hmac::algorithm,
                AuthSpec.Hmac::encoding, AuthSpec.Hmac::timestampUnit).containsExactly(WebhookScheme.Encoding.TEXT, WebhookScheme.Algorithm.SHA256,
                WebhookScheme.Encoding.HEX, WebhookScheme.TimestampUnit.SECONDS);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                argumentSet("missing secret and signed content", """
                        auth: { type: hmac, headers: { X-Sign: "{{ signature }}" } }
                        """, List.of(
                        "exchange.yaml:6:1 auth: missing required key 'secret'",
                        "exchange.yaml:6:1 auth: missing required key 'signedContent'")),
                argumentSet("the secret as literal text, and a misspelt key", """
                        auth:
                          type: hmac
                          secret: NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j
                          signedContnet: "{{ query }}"
                          headers: { X-Sign: "{{ signature }}" }
                        """, List.of(
                        "exchange.yaml:6:1 auth: missing required key 'signedContent'",
                        "exchange.yaml:8:11 auth.secret: expected a reference to a declared secret such as \"{{ secrets.secret }}\", found"
                                + " 'literal text'; credentials come from each connection's secrets, never from the connector",
                        "exchange.yaml:9:3 auth.signedContnet: unknown key; did you mean 'signedContent'? (allowed: type, secret, secretEncoding,"
                                + " algorithm, encoding, timestampUnit, signedContent, headers, query, body, nonce, digest, bodyFormat,"
                                + " sendBody, passphrase)")),
                argumentSet("values that are not offered", """
                        auth:
                          type: hmac
                          secret: "{{ secrets.apiSecret }}"
                          secretEncoding: base32
                          algorithm: md5
                          encoding: HEX
                          timestampUnit: millis
                          signedContent: "{{ timestamp }}{{ body }}"
                          headers: { X-Sign: "{{ signature }}" }
                        """, List.of(
                        "exchange.yaml:9:19 auth.secretEncoding: 'base32' is not one of text, hex, base64",
                        "exchange.yaml:10:14 auth.algorithm: 'md5' is not one of sha256, sha1, sha512, sha384, ed25519, rsa-sha256,"
                                + " rsa-pss-sha256",
                        "exchange.yaml:11:13 auth.encoding: 'HEX' is not one of hex, base64",
                        "exchange.yaml:12:18 auth.timestampUnit: 'millis' is not one of seconds, milliseconds, iso8601, iso8601-seconds")),
                argumentSet("unknown variables, the signature signed, the body in a header", """
                        auth:
                          type: hmac
                          secret: "{{ secrets.apiSecret }}"
                          signedContent: "{{ timestamp }}{{ methd }}{{ signature }}{{ requestPath }}"
                          headers: { X-Sign: "{{ signature }}", X-Body-Hash: "{{ body }}" }
                        """, List.of(
                        "exchange.yaml:9:18 auth.signedContent: {{ signature }} cannot be signed: it is the HMAC of signedContent; name it in headers"
                                + " or query instead",
                        "exchange.yaml:9:18 auth.signedContent: unknown template variable 'methd'; did you mean 'method'? (known: method, path, query,"
                                + " pathAndQuery, body, timestamp, nonce, host, contentType, bodySha256, bodySha512, bodyBase64, sortedQuery, config.recvWindow, secrets.apiKey, secrets.apiSecret)",
                        "exchange.yaml:9:18 auth.signedContent: unknown template variable 'requestPath' (known: method,"
                                + " path, query, pathAndQuery, body, timestamp, nonce, host, contentType, bodySha256, bodySha512, bodyBase64, sortedQuery, config.recvWindow, secrets.apiKey, secrets.apiSecret)",
                        "exchange.yaml:10:54 auth.headers.X-Body-Hash: unknown template variable 'body'; did you mean 'bodySha256'? (known: method, path, timestamp, nonce,"
                                + " signature, host, contentType, bodySha256, bodySha512, bodyBase64, hmac.secrets.apiKey, hmac.secrets.apiSecret, config.recvWindow, secrets.apiKey, secrets.apiSecret)")),
                argumentSet("a signature sent nowhere", """
                        auth:
                          type: hmac
                          secret: "{{ secrets.apiSecret }}"
                          signedContent: "{{ query }}"
                          query: { timestamp: "{{ timestamp }}" }
                        """, List.of(
                        "exchange.yaml:10:10 auth.query: {{ signature }} is sent nowhere; name it in a header or a query parameter, such as headers:"
                                + " { X-Signature: \"{{ signature }}\" } or query: { signature: \"{{ signature }}\" }")),
                argumentSet("a timestamp unit for no timestamp", """
                        auth:
                          type: hmac
                          secret: "{{ secrets.apiSecret }}"
                          timestampUnit: iso8601
                          signedContent: "{{ method }}{{ path }}{{ body }}"
                          headers: { X-Sign: "{{ signature }}" }
                        """, List.of(
                        "exchange.yaml:9:18 auth.timestampUnit: timestampUnit says how {{ timestamp }} is written, but no template names {{ timestamp }};"
                                + " add it where the provider expects the time (signedContent, a header, a query parameter or a body field), or remove timestampUnit")),
                argumentSet("a template that does not parse, and an undeclared secret", """
                        auth:
                          type: hmac
                          secret: "{{ secrets.apiSecret }}"
                          signedContent: "{{ timestamp }}{{ body"
                          headers: { X-Sign: "{{ signature }}", X-Passphrase: "{{ secrets.passphrase }}" }
                        """, List.of(
                        "exchange.yaml:9:18 auth.signedContent: template '{{ timestamp }}{{ body': '{{' at position 16 is never closed with '}}'",
                        "exchange.yaml:10:55 auth.headers.X-Passphrase: unknown template variable 'secrets.passphrase' (known: method, path, timestamp,"
                                + " nonce, signature, host, contentType, bodySha256, bodySha512, bodyBase64, hmac.secrets.apiKey, hmac.secrets.apiSecret, config.recvWindow, secrets.apiKey, secrets.apiSecret)")));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void reportsEachMistakeAtItsLineSayingWhatWasExpected(String auth, List<String> expected) {
        assertThat(problems(auth)).containsExactlyElementsOf(expected);
    }
}
