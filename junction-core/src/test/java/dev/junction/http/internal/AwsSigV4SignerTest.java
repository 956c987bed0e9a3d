package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.junction.http.HttpRequest;
import dev.junction.http.SigV4Verifier;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS Signature Version 4 step against AWS's published examples. Two sets:
 * <ul>
 *   <li>the S3 API reference's header-signing examples ("Signature Calculations for the Authorization
 *       Header", bucket examplebucket, 20130524T000000Z), which carry {@code x-amz-content-sha256} as
 *       this step does: their published Authorization headers, reproduced exactly;</li>
 *   <li>the AWS SigV4 test suite (AKIDEXAMPLE, us-east-1, service "service", 20150830T123600Z; as
 *       copied in aws/aws-sdk-js-v3 packages/signature-v4/src/suite.fixture.ts). Its requests are
 *       signed without {@code x-amz-content-sha256}, which the AWS SDK's signer always adds and signs
 *       (AWS services accept it), so here the independent {@link SigV4Verifier} first reproduces each
 *       published header from the published request, then checks this step's signature of the same
 *       request, which differs only by that signed header.</li>
 * </ul>
 */
class AwsSigV4SignerTest {
    private static final String SUITE_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Clock SUITE_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final String STS_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqT"
            + "flfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9"
            + "q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static final String SUITE_SCOPE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** A test-suite request: method, URL, content type (or null), body (or null), session token (or null), published Authorization. */
    static Stream<Arguments> suite() {
        return Stream.of(
                argumentSet("get-vanilla", "GET", "https://example.amazonaws.com/", null, null, null,
                        SUITE_SCOPE + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                argumentSet("get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", null, null, null,
                        SUITE_SCOPE + "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                argumentSet("post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/", "application/x-www-form-urlencoded", "Param1=value1",
                        null, SUITE_SCOPE + "SignedHeaders=content-type;host;x-amz-date, "
                                + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
                argumentSet("post-sts-header-before", "POST", "https://example.amazonaws.com/", null, null, STS_TOKEN,
                        SUITE_SCOPE + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                                + "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"));
    }

    @ParameterizedTest
    @MethodSource("suite")
    void theIndependentVerifierReproducesTheTestSuitesPublishedHeader(String method, String url, String contentType, String body, String token,
            String published) {
        Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("host", List.of("example.amazonaws.com"), "x-amz-date",
                List.of("20150830T123600Z")));
        List<String> signed = new ArrayList<>(List.of("host", "x-amz-date"));
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
            signed.addFirst("content-type");
        }
        if (token != null) {
            headers.put("x-amz-security-token", List.of(token));
            signed.add("x-amz-security-token");
        }
        URI uri = URI.create(url);

        assertThat(SigV4Verifier.authorization(method, uri.getRawPath(), uri.getRawQuery(), SigV4Verifier.headers(headers), signed, bytes(body),
                "AKIDEXAMPLE", SUITE_KEY, "us-east-1", "service", false)).isEqualTo(published);
    }

    @ParameterizedTest
    @MethodSource("suite")
    void signsTheTestSuitesRequestsWithTheirHeadersAndTheBodyHashSigned(String method, String url, String contentType, String body, String token,
            String published) {
        HttpRequest request = HttpRequest.of(method, URI.create(url)).withBody(bytes(body));
        if (contentType != null) {
            request = request.withHeader("Content-Type", contentType);
        }

        HttpRequest signed = signer(new AuthSpec.AwsSigV4("AKIDEXAMPLE", SUITE_KEY, token, "us-east-1", "service"), SUITE_TIME).sign(request);

        List<String> publishedSignedHeaders = SigV4Verifier.parse(published).signedHeaders();
        assertThat(SigV4Verifier.verify(method, signed.uri().getRawPath(), signed.uri().getRawQuery(), sent(signed), signed.body(), SUITE_KEY, false)
                .signedHeaders()).as("the published %s and x-amz-content-sha256", publishedSignedHeaders)
                .containsExactlyElementsOf(withContentHash(publishedSignedHeaders));
        assertThat(signed.header("Authorization")).startsWith(SUITE_SCOPE);
        assertThat(signed.header("X-Amz-Date")).isEqualTo("20150830T123600Z");
        assertThat(signed.header("X-Amz-Security-Token")).isEqualTo(token);
    }

    /** An S3 example: method, URL, headers, body (or null), published x-amz-content-sha256 and Authorization. */
    static Stream<Arguments> s3Examples() {
        String scope = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ";
        return Stream.of(
                argumentSet("GET Object", "GET", "https://examplebucket.s3.amazonaws.com/test.txt", Map.of("Range", "bytes=0-9"), null, EMPTY_SHA256,
                        scope + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                argumentSet("PUT Object (the path's $ sent and signed as %24)", "PUT", "https://examplebucket.s3.amazonaws.com/test$file.text",
                        Map.of("Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY"), "Welcome to Amazon S3.",
                        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
                        scope + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
                argumentSet("GET Bucket lifecycle", "GET", "https://examplebucket.s3.amazonaws.com/?lifecycle", Map.of(), null, EMPTY_SHA256,
                        scope + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                                + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
                argumentSet("GET Bucket (list objects)", "GET", "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", Map.of(), null,
                        EMPTY_SHA256, scope + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                                + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
    }

    @ParameterizedTest
    @MethodSource("s3Examples")
    void signsTheS3ReferenceExamplesExactlyAsPublished(String method, String url, Map<String, String> headers, String body, String contentHash,
            String published) {
        HttpRequest request = HttpRequest.of(method, URI.create(url)).withBody(bytes(body));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }

        HttpRequest signed = signer(new AuthSpec.AwsSigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, "us-east-1", "s3"),
                Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC)).sign(request);

        assertThat(signed.header("Authorization")).isEqualTo(published);
        assertThat(signed.header("X-Amz-Content-Sha256")).isEqualTo(contentHash);
        assertThat(signed.header("X-Amz-Date")).isEqualTo("20130524T000000Z");
        assertThat(signed.header("X-Amz-Security-Token")).isNull();
    }

    @Test
    void leavesHeadersTheJdkClientSetsUnsignedAndReplacesEarlierSignatureHeaders() {
        HttpRequest request = HttpRequest.of("PUT", URI.create("http://127.0.0.1:9000/bucket/a.txt")).withBody("abc", "text/plain")
                .withHeader("Host", "elsewhere.example").withHeader("Content-Length", "3").withHeader("Connection", "close")
                .withHeader("Authorization", "Bearer stale").withHeader("X-Amz-Date", "20000101T000000Z");

        HttpRequest signed = signer(new AuthSpec.AwsSigV4("minio", "minio-secret-key", null, "us-east-1", "s3"), SUITE_TIME).sign(request);

        SigV4Verifier.Parsed parsed = SigV4Verifier.verify("PUT", "/bucket/a.txt", null, sent(signed), "abc".getBytes(StandardCharsets.UTF_8),
                "minio-secret-key", true);
        assertThat(parsed.signedHeaders()).containsExactly("content-type", "host", "x-amz-content-sha256", "x-amz-date");
        assertThat(signed.headers().get("Authorization")).singleElement().asString().startsWith("AWS4-HMAC-SHA256 Credential=minio/20150830/");
        assertThat(signed.headers().get("X-Amz-Date")).containsExactly("20150830T123600Z");
    }

    static Stream<Arguments> s3Paths() {
        return Stream.of(
                argumentSet("reserved and non-ASCII bytes encoded, a plus kept as a plus", "/photos/%C3%A9t%C3%A9%202013/a+b%20(1)~x_y-z.jpg",
                        "/photos/%C3%A9t%C3%A9%202013/a%2Bb%20%281%29~x_y-z.jpg"),
                argumentSet("an encoded slash stays inside its segment, empty segments stay", "/b/a%2Fb//c/", "/b/a%2Fb//c/"),
                argumentSet("a sub-delimiter the URL allows raw", "/test$file.text?versionId=3", "/test%24file.text?versionId=3"),
                argumentSet("nothing to encode: the same URI", "/bucket/key.json", "/bucket/key.json"));
    }

    @ParameterizedTest
    @MethodSource("s3Paths")
    void encodesAnS3PathOnceAsItIsSignedAndSent(String path, String expected) {
        URI uri = URI.create("https://examplebucket.s3.amazonaws.com" + path);

        assertThat(AwsSigV4Signer.encodedOnce(uri).toString()).isEqualTo("https://examplebucket.s3.amazonaws.com" + expected);
    }

    @Test
    void refusesSettingsWithoutARegionNamingTheField() {
        assertThatThrownBy(() -> new AwsSigV4Signer(new AuthSpec.AwsSigV4("AKID", "secret", null, " ", "s3"), SUITE_TIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("auth.region: expected a value for aws-sigv4 signing, found none");
    }

    @Test
    void theSdksDebugLineOfTheCanonicalRequestLosesTheSessionTokenToTheLogRedaction() {
        // The AWS signer logs its canonical request at DEBUG; the CLI's log patterns redact by name (Redactor.secretsByName).
        String line = "AWS4 Canonical Request: POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:" + STS_TOKEN
                + "\n\nhost;x-amz-date;x-amz-security-token\n" + EMPTY_SHA256;

        assertThat(Redactor.secretsByName(line)).doesNotContain(STS_TOKEN).contains("x-amz-security-token:[redacted]");
    }

    private static AwsSigV4Signer signer(AuthSpec.AwsSigV4 auth, Clock clock) {
        return new AwsSigV4Signer(auth, clock);
    }

    /** The headers as the JDK client sends them: the request's, with the URL's host. */
    private static Function<String, List<String>> sent(HttpRequest request) {
        return name -> name.equals("host") ? List.of(Urls.hostAndPort(request.uri()).replaceFirst(":(443|80)$", ""))
                : request.headers().getOrDefault(name, List.of());
    }

    private static List<String> withContentHash(List<String> signedHeaders) {
        List<String> names = new ArrayList<>(signedHeaders);
        names.add("x-amz-content-sha256");
        names.sort(null);
        return names;
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }
}
