package dev.junction.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each provider's certificates may come from, and the names they are issued to. */
class ProviderTest {
    private static final String NOT_PAYPAL = "not a PayPal address (https://api.paypal.com/..., api-m.paypal.com, api.sandbox.paypal.com or"
            + " api-m.sandbox.paypal.com)";

    @Test
    void payPalsCertificatesComeOverHttpsFromItsFourApiHostsOnly() {
        for (String url : List.of("https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
                "https://api-m.paypal.com/v1/notifications/certs/CERT-1", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1",
                "https://API-M.SANDBOX.PAYPAL.COM:443/v1/notifications/certs/CERT-1")) {
            assertThat(Provider.PAYPAL.refusal(URI.create(url))).as(url).isNull();
            assertThat(Provider.PAYPAL.certificatePathProblem(URI.create(url))).as(url).isNull();
        }
        for (String url : List.of("http://api.paypal.com/v1/notifications/certs/CERT-1", "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
                "https://www.paypal.com/v1/notifications/certs/CERT-1", "https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1",
                "https://evil.example/api.paypal.com/v1/notifications/certs/CERT-1", "https://user@api.paypal.com/v1/notifications/certs/CERT-1",
                "https://paypal.com/v1/notifications/certs/CERT-1", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem")) {
            assertThat(Provider.PAYPAL.refusal(URI.create(url))).as(url).isEqualTo(NOT_PAYPAL);
        }
        for (String url : List.of("https://api.paypal.com/v1/oauth2/token", "https://api.paypal.com/v1/notifications/certs/",
                "https://api.paypal.com/v1/notifications/certs/CERT-1?again=1", "https://api.paypal.com/v1/notifications/certs/CERT-1#x")) {
            assertThat(Provider.PAYPAL.certificatePathProblem(URI.create(url))).as(url)
                    .isEqualTo("not the address of a certificate (a path under /v1/notifications/certs/, no query)");
        }
    }

    @Test
    void payPalSignsAsItsMessageVerificationCertificatesLiveAndSandbox() {
        URI url = URI.create("https://api.paypal.com/v1/notifications/certs/CERT-1");
        assertThat(Provider.PAYPAL.signsAs("messageverificationcerts.paypal.com", url)).isTrue();
        assertThat(Provider.PAYPAL.signsAs("MessageVerificationCerts.Sandbox.PayPal.com", url)).isTrue();
        for (String name : List.of("paypal.com", "api.paypal.com", "messageverificationcerts.paypal.com.evil.example", "messageverificationcertsx.paypal.com",
                "evil-messageverificationcerts.paypal.com", "messageverificationcerts.paypal.co")) {
            assertThat(Provider.PAYPAL.signsAs(name, url)).as(name).isFalse();
        }
    }

    @Test
    void snsSignsAsTheNameAmazonsSdkExpectsForTheRegionOfTheCertificatesUrl() {
        URI virginia = URI.create("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem");
        URI hongKong = URI.create("https://sns.ap-east-1.amazonaws.com/SimpleNotificationService-1.pem");
        URI beijing = URI.create("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem");
        URI govCloud = URI.create("https://sns.us-gov-east-1.amazonaws.com/SimpleNotificationService-1.pem");

        assertThat(Provider.SNS.signsAs("sns.amazonaws.com", virginia)).isTrue();
        assertThat(Provider.SNS.signsAs("sns-signing.ap-east-1.amazonaws.com", hongKong)).isTrue();
        assertThat(Provider.SNS.signsAs("sns-cn-north-1.amazonaws.com.cn", beijing)).isTrue();
        assertThat(Provider.SNS.signsAs("sns-us-gov-west-1.amazonaws.com", govCloud)).isTrue();
        assertThat(Provider.SNS.signsAs("sns-signing.ap-east-1.amazonaws.com", virginia)).isFalse();
        assertThat(Provider.SNS.signsAs("sns-us-gov-west-1.amazonaws.com", virginia)).isFalse();
        assertThat(Provider.SNS.signsAs("sns.amazonaws.com.evil.example", virginia)).isFalse();
        assertThat(Provider.SNS.signsAs("messageverificationcerts.paypal.com", virginia)).isFalse();
        assertThat(Provider.SNS.signers(hongKong)).isEqualTo("sns.amazonaws.com or sns-ap-east-1.amazonaws.com or sns-signing.ap-east-1.amazonaws.com");
        assertThat(Provider.SNS.signers(URI.create("http://127.0.0.1:8080/SimpleNotificationService-1.pem"))).isEqualTo("sns.amazonaws.com");
    }
}
