package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A call the API answers 401 while the connection's auth is static — an API key, a bearer token, a
 * user and password, AWS access keys, OAuth 1.0a secrets — is told to {@link PipelineOptions#credentialsRefused}, with its context and
 * its redacted error, before the call throws; a 403, a success, a connection without auth and an
 * OAuth 2.0 connection (which refreshes instead, and is told through its token listener) are not.
 * OAuth 1.0a: not when its problem report refuses the timestamp or nonce (or names another problem
 * new credentials would not fix). AWS: a 403 is told when its code (S3's XML, the JSON {@code __type},
 * the {@code x-amzn-ErrorType} header) refuses the keys, never for AccessDenied or a refused time. HMAC
 * signing: a 401, or Binance's, OKX's or Bybit's code of a bad key or signature (Bybit's in a 200 an
 * auth rule finds), never a refused time.
 * WireMock plays the API; mock-oauth2-server the token endpoint.
 */
class CredentialsRefusedTest extends OAuthApiFixture {
    private static final String SECRET = "s3cr3t-value-4711";

    private final List<String> told = new CopyOnWriteArrayList<>();
    private final CredentialsRefused refused = (context, error) -> told.add(context.tenant() + "/" + context.connection() + " " + error.status() + " "
            + error.category() + ": " + error.message());

    static Stream<Arguments> staticAuths() {
        return Stream.of(
                Arguments.of("api key", new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", SECRET)),
                Arguments.of("bearer token", new AuthSpec.Bearer(SECRET)),
                Arguments.of("user and password", new AuthSpec.Basic("ana", SECRET)),
                Arguments.of("AWS access keys", new AuthSpec.AwsSigV4("AKIDEXAMPLE", SECRET, null, "us-east-1", "execute-api")),
                Arguments.of("OAuth 1.0a secrets", OAUTH1),
                Arguments.of("an HMAC signing secret", HMAC));
    }

    private static final AuthSpec.OAuth1 OAUTH1 = new AuthSpec.OAuth1("consumer-key", SECRET, "token-1", "token-secret-0815", null, null);
    private static final AuthSpec.Hmac HMAC = new AuthSpec.Hmac(SECRET, null, null, null, null, "{{ timestamp }}{{ method }}{{ pathAndQuery }}",
            java.util.Map.of("X-Sign", "{{ signature }}"), java.util.Map.of(), java.util.Map.of());
    private static final AuthSpec.AwsSigV4 AWS = new AuthSpec.AwsSigV4("AKIDEXAMPLE", SECRET, null, "us-east-1", "s3");

    /** OAuth 1.0a 401s: whether the problem report (or its absence) refuses the credentials. */
    static Stream<Arguments> oauth1Answers() {
        return Stream.of(
                Arguments.of("no problem report (most providers)", unauthorized().withBody("Invalid token"), true),
                Arguments.of("Twitter/X's code 32", unauthorized().withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\": [{\"code\": 32, \"message\": \"Could not authenticate you.\"}]}"), true),
                Arguments.of("token_rejected in the challenge", unauthorized().withHeader("WWW-Authenticate", "OAuth oauth_problem=\"token_rejected\""), true),
                Arguments.of("token_revoked in the body", unauthorized().withBody("oauth_problem=token_revoked"), true),
                Arguments.of("consumer_key_unknown", unauthorized().withHeader("WWW-Authenticate", "OAuth realm=\"x\", oauth_problem=consumer_key_unknown"), true),
                Arguments.of("signature_invalid (a wrong secret)", unauthorized().withHeader("WWW-Authenticate", "OAuth oauth_problem=\"signature_invalid\""), true),
                Arguments.of("timestamp_refused", unauthorized().withHeader("WWW-Authenticate",
                        "OAuth oauth_problem=\"timestamp_refused\", oauth_acceptable_timestamps=\"1700000000-1700000600\""), false),
                Arguments.of("nonce_used", unauthorized().withBody("oauth_problem=nonce_used"), false),
                Arguments.of("signature_method_rejected", unauthorized().withHeader("WWW-Authenticate", "OAuth oauth_problem=\"signature_method_rejected\""), false),
                Arguments.of("consumer_key_refused (throttled)", unauthorized().withBody("oauth_problem=consumer_key_refused"), false),
                Arguments.of("Twitter/X's code 135, timestamp out of bounds", unauthorized().withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\": [{\"code\": 135, \"message\": \"Timestamp out of bounds.\"}]}"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oauth1Answers")
    void anOAuth1CallRefusedWith401IsToldUnlessItsProblemReportSaysNewCredentialsWouldNotHelp(String name, ResponseDefinitionBuilder answer,
            boolean refusesCredentials) {
        api.stubFor(get("/contacts").willReturn(answer));

        assertThatThrownBy(() -> call(OAUTH1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.error().category()).isEqualTo(ApiError.Category.AUTH);
        });

        assertThat(told).hasSize(refusesCredentials ? 1 : 0);
    }

    @Test
    void anOAuth1TimestampRefusedSaysToCheckTheClockNotTheCredentials() {
        api.stubFor(get("/contacts").willReturn(unauthorized().withHeader("WWW-Authenticate", "OAuth oauth_problem=\"timestamp_refused\"")));

        assertThatThrownBy(() -> call(OAUTH1)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("GET "
                + api.baseUrl() + "/contacts was refused with HTTP 401: OAuth problem timestamp_refused; the API refused the time the request was"
                + " signed at (timestamp_refused), not the credentials: check that the clock of the host running Junction is right (NTP)"));
        assertThat(told).isEmpty();
    }

    /** AWS answers: whether the code refuses the keys. S3 answers in XML, the JSON protocols in __type, REST-JSON in a header. */
    static Stream<Arguments> awsAnswers() {
        return Stream.of(
                Arguments.of("S3 XML InvalidAccessKeyId", awsXml("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."), true),
                Arguments.of("S3 XML SignatureDoesNotMatch", awsXml("SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided. Check your key and signing method."), true),
                Arguments.of("S3 XML ExpiredToken", awsXml("ExpiredToken", "The provided token has expired."), true),
                Arguments.of("query XML InvalidClientTokenId", aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                                + "<Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>"), true),
                Arguments.of("JSON __type UnrecognizedClientException", awsJson(403, "{\"__type\": \"UnrecognizedClientException\","
                        + " \"message\": \"The security token included in the request is invalid.\"}"), true),
                Arguments.of("JSON __type ExpiredTokenException", awsJson(403, "{\"__type\": \"com.amazon.coral.service#ExpiredTokenException\","
                        + " \"message\": \"The security token included in the request is expired\"}"), true),
                Arguments.of("JSON __type InvalidSignatureException", awsJson(403, "{\"__type\": \"InvalidSignatureException\","
                        + " \"message\": \"The request signature we calculated does not match the signature you provided.\"}"), true),
                Arguments.of("DynamoDB's 400 UnrecognizedClientException", awsJson(400, "{\"__type\": \"com.amazon.coral.service#UnrecognizedClientException\","
                        + " \"message\": \"The security token included in the request is invalid.\"}"), true),
                Arguments.of("header UnrecognizedClientException", aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
                        .withBody("{\"message\": \"The security token included in the request is invalid.\"}"), true),
                Arguments.of("S3 XML AccessDenied", awsXml("AccessDenied", "Access Denied"), false),
                Arguments.of("JSON __type AccessDeniedException", awsJson(403, "{\"__type\": \"AccessDeniedException\","
                        + " \"Message\": \"User: arn:aws:iam::123456789012:user/sync is not authorized to perform: dynamodb:Scan\"}"), false),
                Arguments.of("header AccessDeniedException", aResponse().withStatus(403).withHeader("x-amzn-ErrorType", "AccessDeniedException")
                        .withBody("{\"Message\": \"not authorized\"}"), false),
                Arguments.of("S3 XML RequestTimeTooSkewed", awsXml("RequestTimeTooSkewed",
                        "The difference between the request time and the current time is too large."), false),
                Arguments.of("JSON InvalidSignatureException: Signature expired", awsJson(403, "{\"__type\": \"InvalidSignatureException\","
                        + " \"message\": \"Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)\"}"), false),
                Arguments.of("403 without a code", aResponse().withStatus(403).withBody("Forbidden"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsAnswers")
    void anAwsCallRefusedIsToldOnlyWhenItsCodeRefusesTheKeys(String name, ResponseDefinitionBuilder answer, boolean refusesCredentials) {
        api.stubFor(get("/contacts").willReturn(answer));

        assertThatThrownBy(() -> call(AWS)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().category()).isEqualTo(ApiError.Category.AUTH));

        assertThat(told).hasSize(refusesCredentials ? 1 : 0);
    }

    @Test
    void anAwsCallRefusedForItsKeysNamesTheAwsCodeInTheMessageItIsToldWith() {
        api.stubFor(get("/contacts").willReturn(awsXml("SignatureDoesNotMatch", "The request signature we calculated does not match the signature"
                + " you provided.")));

        assertThatThrownBy(() -> call(AWS)).isInstanceOf(ApiException.class);

        assertThat(told).containsExactly("acme/crm 403 AUTH: GET " + api.baseUrl() + "/contacts was refused with HTTP 403: error SignatureDoesNotMatch:"
                + " The request signature we calculated does not match the signature you provided.; AWS refused the credentials of connection 'crm'"
                + " (SignatureDoesNotMatch): give it a valid access key id and secret access key (a signature that does not match usually means a"
                + " wrong secret access key)");
    }

    @Test
    void aDynamoDbRefusalWith400IsAnAuthErrorInTheCallAndInTheExchangeLog() {
        api.stubFor(get("/contacts").willReturn(awsJson(400, "{\"__type\": \"com.amazon.coral.service#UnrecognizedClientException\","
                + " \"message\": \"The security token included in the request is invalid.\"}")));

        assertThatThrownBy(() -> call(AWS)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().category()).isEqualTo(ApiError.Category.AUTH);
            assertThat(e.error().providerCode()).isEqualTo("UnrecognizedClientException");
        });
        assertThat(sink.exchanges).singleElement().satisfies(exchange -> assertThat(exchange.error()).isEqualTo("auth http_400: error"
                + " UnrecognizedClientException: The security token included in the request is invalid."));
        assertThat(told).hasSize(1);
    }

    @Test
    void anAwsCallDeniedAPermissionKeepsAskingForThePermission() {
        api.stubFor(get("/contacts").willReturn(awsXml("AccessDenied", "Access Denied")));

        assertThatThrownBy(() -> call(AWS)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).endsWith(
                "was refused with HTTP 403: error AccessDenied: Access Denied; check the credentials of connection 'crm' and that they grant"
                        + " access to this resource"));
        assertThat(told).isEmpty();
    }

    /** HMAC providers' answers: whether the code (or the bare 401) refuses the key or the signature rather than the request's time. */
    static Stream<Arguments> hmacAnswers() {
        return Stream.of(
                Arguments.of("Binance -1022 with 400: invalid signature", json(400, "{\"code\": -1022, \"msg\": \"Signature for this request is not valid.\"}"),
                        true),
                Arguments.of("Binance -2015 with 401: invalid API key", json(401, "{\"code\": -2015, \"msg\": \"Invalid API-key, IP, or permissions"
                        + " for action.\"}"), true),
                Arguments.of("OKX 50113 with 401: invalid sign", json(401, "{\"code\": \"50113\", \"msg\": \"Invalid Sign\", \"data\": []}"), true),
                Arguments.of("OKX 50105 with 401: wrong passphrase", json(401, "{\"code\": \"50105\", \"msg\": \"Request header"
                        + " OK-ACCESS-PASSPHRASE incorrect.\", \"data\": []}"), true),
                Arguments.of("Coinbase's bare 401: invalid signature", json(401, "{\"message\": \"invalid signature\"}"), true),
                Arguments.of("OKX 50102 with 401: timestamp expired", json(401, "{\"code\": \"50102\", \"msg\": \"Timestamp request expired\","
                        + " \"data\": []}"), false),
                Arguments.of("Coinbase's 401: request timestamp expired", json(401, "{\"message\": \"request timestamp expired\"}"), false),
                Arguments.of("Binance -1021 with 400: outside recvWindow", json(400, "{\"code\": -1021, \"msg\": \"Timestamp for this request is"
                        + " outside of the recvWindow.\"}"), false),
                Arguments.of("Binance -2010 with 400: an order refused", json(400, "{\"code\": -2010, \"msg\": \"Account has insufficient balance"
                        + " for requested action.\"}"), false),
                Arguments.of("a 403 without a code", aResponse().withStatus(403).withBody("WAF limit"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacAnswers")
    void anHmacCallRefusedIsToldWhenItsCodeRefusesTheKeyOrTheSignatureNotTheTime(String name, ResponseDefinitionBuilder answer,
            boolean refusesCredentials) {
        api.stubFor(get("/contacts").willReturn(answer));

        assertThatThrownBy(() -> call(HMAC)).isInstanceOf(ApiException.class);

        assertThat(told).hasSize(refusesCredentials ? 1 : 0);
    }

    @Test
    void anHmacSignatureRefusedWith400NamesTheCodeAndWhatToCheck() {
        api.stubFor(get("/contacts").willReturn(json(400, "{\"code\": -1022, \"msg\": \"Signature for this request is not valid.\"}")));

        assertThatThrownBy(() -> call(HMAC)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().category())
                .isEqualTo(ApiError.Category.AUTH));

        assertThat(told).containsExactly("acme/crm 400 AUTH: GET " + api.baseUrl() + "/contacts was refused with HTTP 400: error -1022: Signature for"
                + " this request is not valid.; the API refused the credentials of connection 'crm' (-1022): give it a valid API key and secret (a"
                + " signature that does not match means a wrong secret, or a connector whose signedContent, algorithm or encoding differ from the"
                + " API's)");
    }

    @Test
    void anHmacTimestampRefusedSaysToCheckTheClock() {
        api.stubFor(get("/contacts").willReturn(json(401, "{\"code\": \"50102\", \"msg\": \"Timestamp request expired\", \"data\": []}")));

        assertThatThrownBy(() -> call(HMAC)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("GET "
                + api.baseUrl() + "/contacts was refused with HTTP 401: error 50102: Timestamp request expired; the API refused the time the request"
                + " was signed at (50102), not the credentials: check that the clock of the host running Junction is right (NTP)"));
        assertThat(told).isEmpty();
    }

    @Test
    void bybitsBadSignatureInA200IsToldWhenAnAuthRuleFindsIt() {
        api.stubFor(get("/contacts").willReturn(json(200, "{\"retCode\": 10004, \"retMsg\": \"error sign! origin_string[...]\", \"result\": {}}")));
        List<dev.junction.spec.ErrorRuleSpec> rules = List.of(
                new dev.junction.spec.ErrorRuleSpec(200, "$.retCode", 10004, null, "auth", null),
                new dev.junction.spec.ErrorRuleSpec(200, "$.retCode", 10001, null, "permanent", null));

        assertThatThrownBy(() -> pipeline(HMAC, new OAuthTokens(), rules).execute(HttpRequest.get(URI.create(api.baseUrl() + "/contacts")),
                new CallContext(null, "acme", "crm", List.of(), true))).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().providerCode())
                .isEqualTo("10004"));

        assertThat(told).singleElement().asString().startsWith("acme/crm 200 AUTH: GET ").contains("error 10004: error sign!");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder awsXml(String code, String message) {
        return aResponse().withStatus(403).withHeader("Content-Type", "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Error><Code>" + code + "</Code><Message>" + message + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>");
    }

    private static ResponseDefinitionBuilder awsJson(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticAuths")
    void aCallRefusedWith401ForStaticCredentialsIsToldOnceBeforeItThrows(String name, AuthSpec auth) {
        api.stubFor(get("/contacts").willReturn(unauthorized().withBody("{\"message\":\"key " + SECRET + " was revoked\"}")));

        assertThatThrownBy(() -> call(auth)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));

        assertThat(told).singleElement().asString().startsWith("acme/crm 401 AUTH: GET ").contains("was refused with HTTP 401", "connection 'crm'")
                .doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticAuths")
    void aCallForbiddenWith403OrAnsweredIsNotTold(String name, AuthSpec auth) {
        api.stubFor(get("/contacts").willReturn(aResponse().withStatus(403)));
        assertThatThrownBy(() -> call(auth)).isInstanceOf(ApiException.class);

        api.stubFor(get("/contacts").willReturn(aResponse().withStatus(200).withBody("{\"items\":[]}")));
        assertThat(call(auth).status()).isEqualTo(200);

        assertThat(told).isEmpty();
    }

    @Test
    void aConnectionWithoutAuthAnswered401IsNotTold() {
        api.stubFor(get("/contacts").willReturn(unauthorized()));

        assertThatThrownBy(() -> call(new AuthSpec.None())).isInstanceOf(ApiException.class);

        assertThat(told).isEmpty();
    }

    @Test
    void anOAuthConnectionAnswered401EvenWithANewAccessTokenIsToldThroughItsTokenListenerOnly() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        api.stubFor(get("/contacts").willReturn(unauthorized()));
        List<String> tokenListener = new CopyOnWriteArrayList<>();
        OAuthTokens tokens = new OAuthTokens(new OAuthTokens.Listener() {
            @Override
            public void needsReauth(String tenant, String connection, String reason, java.time.Instant at) {
                tokenListener.add(connection);
            }
        });
        AuthSpec.OAuth2 auth = new AuthSpec.OAuth2(Grant.REFRESH_TOKEN, oauth.tokenUrl(), AuthSpec.ClientAuth.BASIC, "junction", "secret-1",
                List.of("api"), null, null, null, refreshToken, null, null, null, null, null, Duration.ofSeconds(60), null);

        assertThatThrownBy(() -> pipeline(auth, tokens).execute(HttpRequest.get(URI.create(api.baseUrl() + "/contacts")), CallContext.of("crm")))
                .isInstanceOf(ApiException.class);

        assertThat(tokenListener).containsExactly("crm");
        assertThat(told).isEmpty();
    }

    private HttpResponse call(AuthSpec auth) {
        return pipeline(auth, new OAuthTokens()).execute(HttpRequest.get(URI.create(api.baseUrl() + "/contacts")),
                new CallContext(null, "acme", "crm", List.of(), true));
    }

    private HttpPipeline pipeline(AuthSpec auth, OAuthTokens tokens) {
        return pipeline(auth, tokens, List.of());
    }

    private HttpPipeline pipeline(AuthSpec auth, OAuthTokens tokens, List<dev.junction.spec.ErrorRuleSpec> rules) {
        PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(sink).credentials(CredentialRepository.inMemory())
                .oauthTokens(tokens).credentialsRefused(refused).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).auth(auth).retry(new dev.junction.spec.RetrySpec(1, Duration.ZERO, Duration.ZERO))
                .errorRules(rules).connection("acme", "crm").build();
        pipelines.add(pipeline);
        return pipeline;
    }
}
