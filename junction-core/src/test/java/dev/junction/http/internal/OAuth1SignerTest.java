package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OAuth 1.0a signing against the worked examples of RFC 5849 and signatures computed independently. */
class OAuth1SignerTest {
    /** RFC 5849 section 1.2: the printer's request for the photo, signed with the token credentials. */
    private static final AuthSpec.OAuth1 PHOTOS = new AuthSpec.OAuth1("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk",
            "pfkkdhi9sl3r4s00", AuthSpec.SignatureMethod.HMAC_SHA1, "Photos");
    private static final HttpRequest PHOTO = HttpRequest.get(URI.create("http://photos.example.net/photos?file=vacation.jpg&size=original"));

    private static OAuth1Signer signer(AuthSpec.OAuth1 auth) {
        return new OAuth1Signer(auth, Clock.fixed(Instant.ofEpochSecond(137131202), ZoneOffset.UTC), () -> "chapoH");
    }

    private static AuthSpec.OAuth1 with(AuthSpec.SignatureMethod method) {
        return new AuthSpec.OAuth1(PHOTOS.consumerKey(), PHOTOS.consumerSecret(), PHOTOS.token(), PHOTOS.tokenSecret(), method, PHOTOS.realm());
    }

    @Test
    void buildsTheSignatureBaseStringOfRfc5849Section3411() {
        HttpRequest request = HttpRequest.of("POST", URI.create("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"))
                .withBody("c2&a3=2+q", "application/x-www-form-urlencoded");
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("realm", "Example");
        oauth.put("oauth_consumer_key", "9djdj82h48djs9d2");
        oauth.put("oauth_token", "kkk9d7dh3k39sjv7");
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", "137131201");
        oauth.put("oauth_nonce", "7d8f3e4a");

        assertThat(OAuth1Signer.baseString(request, oauth)).isEqualTo("POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
                + "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a"
                + "%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7");
    }

    @Test
    void signsTheRfc5849PhotoRequestWithHmacSha1ToTheRfcsSignature() {
        HttpRequest signed = signer(PHOTOS).sign(PHOTO);

        assertThat(signed.header("Authorization")).isEqualTo("OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", "
                + "oauth_token=\"nnch734d00sl2jdk\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131202\", "
                + "oauth_nonce=\"chapoH\", oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\"");
    }

    @Test
    void signsWithHmacSha256ToASignatureComputedIndependently() {
        // python3: base64(hmac.new(b'kd94hf93k423kf44&pfkkdhi9sl3r4s00', base_string, hashlib.sha256).digest())
        assertThat(signer(with(AuthSpec.SignatureMethod.HMAC_SHA256)).sign(PHOTO).header("Authorization"))
                .contains("oauth_signature_method=\"HMAC-SHA256\"")
                .endsWith("oauth_signature=\"HtMwoX2zenlFjgGg%2FSNEoKEQmL7CzxYFEKzs7er044Y%3D\"");
    }

    @Test
    void plaintextSendsTheEncodedSecretsJoinedByAnAmpersand() {
        var auth = new AuthSpec.OAuth1("key", "s&cret", null, null, AuthSpec.SignatureMethod.PLAINTEXT, null);

        assertThat(signer(auth).sign(PHOTO).header("Authorization")).isEqualTo("OAuth oauth_consumer_key=\"key\", "
                + "oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\", oauth_signature=\"s%2526cret%26\"");
    }

    @Test
    void theBaseUriKeepsANonDefaultPortAndLowerCasesSchemeAndHost() {
        assertThat(OAuth1Signer.baseUri(URI.create("HTTP://Example.COM:8080/a%20b?x=1"))).isEqualTo("http://example.com:8080/a%20b");
        assertThat(OAuth1Signer.baseUri(URI.create("https://example.com:443"))).isEqualTo("https://example.com/");
    }

    @Test
    void everyCallGetsAFreshNonce() {
        var signer = new OAuth1Signer(PHOTOS, Clock.systemUTC());

        assertThat(signer.sign(PHOTO).header("Authorization")).isNotEqualTo(signer.sign(PHOTO).header("Authorization"));
    }

    @Test
    void thePipelineSignsAfterRetryAndTheRateLimitSoEachAttemptIsSignedAnew() {
        try (var pipeline = dev.junction.http.HttpPipeline.builder(dev.junction.http.PipelineOptions.builder().build()).auth(PHOTOS).build()) {
            assertThat(pipeline.interceptors()).extracting(Object::toString).containsExactly("hooks", "auth(oauth1)",
                    "retry(maxAttempts=" + dev.junction.spec.RetrySpec.DEFAULT.maxAttempts() + ")",
                    "rateLimit(unlimited)", "oauth1(HMAC-SHA1)", "redirects", "tracing", "exchangeLog", "transport(jdk)");
        }
    }
}
