package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7616's own example (section 3.9.1) answered as the RFC answers it, and the challenges a server may offer. */
class DigestSignerTest {
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final List<String> RFC_CHALLENGES = List.of(
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"",
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"");

    private final DigestSigner signer = new DigestSigner(new AuthSpec.Digest("Mufasa", "Circle of Life"), () -> CNONCE);
    private final HttpRequest request = HttpRequest.of("GET", URI.create("http://www.example.org/dir/index.html"));

    @Test
    void theStrongestChallengeIsAnsweredAsRfc7616sExampleIs() {
        DigestSigner.Challenge challenge = DigestSigner.challenge(RFC_CHALLENGES);

        assertThat(challenge.algorithm()).isEqualTo("SHA-256");
        assertThat(signer.answer(request, challenge)).isEqualTo("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"" + NONCE
                + "\", uri=\"/dir/index.html\", algorithm=SHA-256, response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\","
                + " qop=auth, nc=00000001, cnonce=\"" + CNONCE + "\", opaque=\"" + OPAQUE + "\"");
    }

    @Test
    void md5IsAnsweredAsTheRfcsExampleAndEachAnswerCountsUp() {
        DigestSigner.Challenge md5 = DigestSigner.challenge(List.of(RFC_CHALLENGES.get(1)));

        String first = signer.answer(request, md5);
        String second = signer.answer(request, md5);

        assertThat(first).contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"", "nc=00000001", "algorithm=MD5");
        assertThat(second).contains("nc=00000002").doesNotContain("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void challengesAreReadAmongOtherSchemesWithQuotedCommasAndWithoutQop() {
        DigestSigner.Challenge legacy = DigestSigner.challenge(List.of("Basic realm=\"x\", Digest realm=\"a, b\", nonce=\"n1\", stale=TRUE",
                "Bearer error=\"invalid_token\""));

        assertThat(legacy.realm()).isEqualTo("a, b");
        assertThat(legacy.stale()).isTrue();
        assertThat(legacy.algorithm()).isEqualTo("MD5");
        assertThat(legacy.qop()).isNull();
        String answer = signer.answer(request, legacy);
        assertThat(answer).doesNotContain("qop=", "nc=", "cnonce=");
        assertThat(DigestSigner.challenge(List.of("Basic realm=\"x\""))).isNull();
        assertThat(DigestSigner.challenge(List.of("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-1"))).as("not an RFC 7616 algorithm").isNull();
        assertThat(DigestSigner.challenge(List.of("Digest realm=\"x\", nonce=\"n\", qop=\"auth-conf\""))).isNull();
        assertThat(AuthChallenges.parse("Digest realm=\"say \\\"hi\\\"\", nonce=abc", "digest"))
                .containsExactly(Map.of("realm", "say \"hi\"", "nonce", "abc"));
    }

    @Test
    void aUserhashChallengeSendsTheHashedUserName() {
        DigestSigner.Challenge hashed = DigestSigner.challenge(List.of("Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256,"
                + " nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8,"
                + " userhash=true"));

        // RFC 7616 section 3.9.2: the username hash of J\u00e4s\u00f8n Doe at api@example.org with SHA-512-256
        assertThat(new DigestSigner(new AuthSpec.Digest("J\u00e4s\u00f8n Doe", "Secret, or not?"), () -> CNONCE).answer(HttpRequest.of("GET",
                URI.create("https://api.example.org/doe.json")), hashed))
                .contains("username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\"", "userhash=true", "algorithm=SHA-512-256");
    }
}
