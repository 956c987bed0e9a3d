package dev.junction.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.EgressPolicy;
import dev.junction.http.FakeTime;
import dev.junction.webhook.internal.Provider;
import dev.junction.webhook.internal.SigningCertificates;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which fetched signing certificates are trusted, against a local server playing PayPal and a
 * certificate authority made here (the fetcher's only trust anchor): the chain to it, the name the
 * certificate is issued to, its validity; and how failures are remembered on the clock.
 */
class SigningCertificatesTest {
    @RegisterExtension
    static final WireMockExtension paypal = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String SIGNER = "messageverificationcerts.paypal.com";
    private static TestAuthority authority;

    private FakeTime time;
    private WebhookFetcher fetcher;

    @BeforeAll
    static void makeTheAuthority() {
        authority = TestAuthority.create(NOW);
    }

    @BeforeEach
    void playPayPal() {
        time = new FakeTime(NOW);
        fetcher = WebhookFetcher.forTests(WebhookFetcher.newClient(), EgressPolicy.DEFAULT, time, List.of(authority.root()), "127.0.0.1:" + paypal.getPort());
    }

    private URI serve(String name, String pem) {
        paypal.stubFor(get(urlPathEqualTo("/v1/notifications/certs/" + name)).willReturn(aResponse().withBody(pem)));
        return url(name);
    }

    private URI url(String name) {
        return URI.create("http://127.0.0.1:" + paypal.getPort() + "/v1/notifications/certs/" + name);
    }

    private TestAuthority.Signer issue(String name) {
        return authority.issue(name, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), null);
    }

    @Test
    void trustsACertificateIssuedToPayPalWhosePemHoldsItsIntermediate() throws Exception {
        TestAuthority.Signer signer = issue(SIGNER);
        URI url = serve("CERT-chain", TestAuthority.pem(signer.certificate(), authority.intermediate()));

        assertThat(fetcher.signer(url, Provider.PAYPAL, NOW)).isEqualTo(signer.certificate());
        assertThat(fetcher.signer(url, Provider.PAYPAL, NOW.plus(Duration.ofDays(2)))).isEqualTo(signer.certificate());
        paypal.verify(1, getRequestedFor(urlPathEqualTo("/v1/notifications/certs/CERT-chain")));
    }

    @Test
    void fetchesTheIssuerACertificateServedAloneNamesOnceForEveryCertificateItIssued() throws Exception {
        String issuerUrl = "http://127.0.0.1:" + paypal.getPort() + "/issuing-ca.cer";
        paypal.stubFor(get(urlPathEqualTo("/issuing-ca.cer")).willReturn(aResponse().withBody(authority.intermediate().getEncoded())));
        TestAuthority.Signer live = authority.issue(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), issuerUrl);
        TestAuthority.Signer sandbox = authority.issue("messageverificationcerts.sandbox.paypal.com", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)), issuerUrl);

        assertThat(fetcher.signer(serve("CERT-live", live.pem()), Provider.PAYPAL, NOW)).isEqualTo(live.certificate());
        assertThat(fetcher.signer(serve("CERT-sandbox", sandbox.pem()), Provider.PAYPAL, NOW)).isEqualTo(sandbox.certificate());
        paypal.verify(1, getRequestedFor(urlPathEqualTo("/issuing-ca.cer")));
    }

    @Test
    void trustsACertificateServedAloneOnItsFetchAndNameWhenItsIssuerCannotBeFetchedButNotAnUntrustedChain() throws Exception {
        String issuerUrl = "http://127.0.0.1:" + paypal.getPort() + "/unreachable-ca.cer";
        paypal.stubFor(get(urlPathEqualTo("/unreachable-ca.cer")).willReturn(aResponse().withStatus(503)));
        TestAuthority.Signer alone = authority.issue(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), issuerUrl);
        TestAuthority stranger = TestAuthority.create(NOW);
        TestAuthority.Signer strangers = stranger.issue(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), issuerUrl);

        assertThat(fetcher.signer(serve("CERT-alone", alone.pem()), Provider.PAYPAL, NOW)).isEqualTo(alone.certificate());
        URI withItsChain = serve("CERT-stranger-chain", TestAuthority.pem(strangers.certificate(), stranger.intermediate()));
        assertThatThrownBy(() -> fetcher.signer(withItsChain, Provider.PAYPAL, NOW)).as("a chain read whole that reaches no trusted authority")
                .isInstanceOf(CertificateException.class).hasMessage("does not chain to a trusted certificate authority");
        URI selfSigned = serve("CERT-self", TestAuthority.selfSigned(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).pem());
        assertThatThrownBy(() -> fetcher.signer(selfSigned, Provider.PAYPAL, NOW)).isInstanceOf(CertificateException.class);
    }

    @Test
    void refusesASelfSignedCertificateInPayPalsName() {
        URI url = serve("CERT-forged", TestAuthority.selfSigned(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).pem());

        assertThatThrownBy(() -> fetcher.signer(url, Provider.PAYPAL, NOW)).isInstanceOf(CertificateException.class)
                .hasMessage("does not chain to a trusted certificate authority");
    }

    @Test
    void refusesACertificateOfAnAuthorityItDoesNotTrust() {
        TestAuthority stranger = TestAuthority.create(NOW);
        TestAuthority.Signer signer = stranger.issue(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), null);
        URI url = serve("CERT-stranger", TestAuthority.pem(signer.certificate(), stranger.intermediate()));

        assertThatThrownBy(() -> fetcher.signer(url, Provider.PAYPAL, NOW)).isInstanceOf(CertificateException.class)
                .hasMessage("does not chain to a trusted certificate authority");
    }

    @Test
    void refusesACertificateIssuedToAnotherNameByATrustedAuthority() {
        for (String name : List.of("paypal.com.evil.example", "messageverificationcerts.paypal.com.evil.example", "api.paypal.com")) {
            TestAuthority.Signer signer = issue(name);
            URI url = serve("CERT-" + name, TestAuthority.pem(signer.certificate(), authority.intermediate()));

            assertThatThrownBy(() -> fetcher.signer(url, Provider.PAYPAL, NOW)).as(name).isInstanceOf(CertificateException.class)
                    .hasMessage("is issued to " + name + ", not to messageverificationcerts.paypal.com or messageverificationcerts.sandbox.paypal.com");
        }
        TestAuthority.Signer amazon = issue("sns.amazonaws.com");
        URI url = serve("CERT-amazon", TestAuthority.pem(amazon.certificate(), authority.intermediate()));
        assertThatThrownBy(() -> fetcher.signer(url, Provider.PAYPAL, NOW)).isInstanceOf(CertificateException.class)
                .hasMessageStartingWith("is issued to sns.amazonaws.com, not to");
    }

    @Test
    void refusesAnExpiredCertificateAndAKeptOneOnceItHasExpired() throws Exception {
        TestAuthority.Signer expired = authority.issue(SIGNER, NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofSeconds(1)), null);
        URI old = serve("CERT-old", TestAuthority.pem(expired.certificate(), authority.intermediate()));
        TestAuthority.Signer current = issue(SIGNER);
        URI url = serve("CERT-current", TestAuthority.pem(current.certificate(), authority.intermediate()));

        assertThatThrownBy(() -> fetcher.signer(old, Provider.PAYPAL, NOW)).isInstanceOf(CertificateException.class)
                .hasMessage("is expired or not yet valid");
        assertThat(fetcher.signer(url, Provider.PAYPAL, NOW)).isEqualTo(current.certificate());
        assertThatThrownBy(() -> fetcher.signer(url, Provider.PAYPAL, NOW.plus(Duration.ofDays(31)))).isInstanceOf(CertificateException.class)
                .hasMessage("is expired or not yet valid");
        paypal.verify(1, getRequestedFor(urlPathEqualTo("/v1/notifications/certs/CERT-current")));
    }

    @Test
    void remembersAFailedFetchAndAnUntrustedCertificateForAMinuteOnItsClock() {
        paypal.stubFor(get(urlPathEqualTo("/v1/notifications/certs/CERT-down")).willReturn(aResponse().withStatus(500)));
        URI forged = serve("CERT-forged", TestAuthority.selfSigned(SIGNER, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).pem());
        String down = "http://127.0.0.1:" + paypal.getPort() + "/v1/notifications/certs/CERT-down answered HTTP 500";

        for (int i = 0; i < 4; i++) { // at 0s, 29s and 58s the first failures answer; at 87s they are over a minute old
            assertThatThrownBy(() -> fetcher.signer(url("CERT-down"), Provider.PAYPAL, NOW)).isInstanceOf(IOException.class).hasMessage(down);
            assertThatThrownBy(() -> fetcher.signer(forged, Provider.PAYPAL, NOW)).isInstanceOf(CertificateException.class)
                    .hasMessage("does not chain to a trusted certificate authority");
            time.advance(Duration.ofSeconds(29));
        }
        paypal.verify(2, getRequestedFor(urlPathEqualTo("/v1/notifications/certs/CERT-down")));
        paypal.verify(2, getRequestedFor(urlPathEqualTo("/v1/notifications/certs/CERT-forged")));
    }

    @Test
    void fetchesNoOtherUnknownCertificateWhileAMinutesFailuresAreAtTheirLimit() throws Exception {
        paypal.stubFor(get(urlPathMatching("/v1/notifications/certs/CERT-gone-.*")).willReturn(aResponse().withStatus(404)));
        for (int i = 0; i < SigningCertificates.MAX_FAILURES; i++) {
            int n = i;
            assertThatThrownBy(() -> fetcher.signer(url("CERT-gone-" + n), Provider.PAYPAL, NOW)).isInstanceOf(IOException.class);
        }
        URI url = serve("CERT-new", TestAuthority.pem(issue(SIGNER).certificate(), authority.intermediate()));
        paypal.resetRequests();

        assertThatThrownBy(() -> fetcher.signer(url, Provider.PAYPAL, NOW)).isInstanceOf(IOException.class).hasMessage("64 fetches of signing"
                + " certificates failed in the last 60s; no other is tried until the first of them is 60s old");
        paypal.verify(0, anyRequestedFor(anyUrl()));
        time.advance(SigningCertificates.FAILURE_TTL);
        assertThat(fetcher.signer(url, Provider.PAYPAL, NOW)).isNotNull();
    }
}
