package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Which TLS failures are final (certificates, fatal alerts) and which stay ordinary, retryable
 * network failures. The end-to-end cases run against WireMock over HTTPS in MutualTlsTest; these
 * are the shapes a real peer cannot be made to produce on demand.
 */
class NetworkFailureTlsTest {

    @Test
    void aResetDuringTlsIsAnOrdinaryConnectionReset() {
        NetworkFailure failure = NetworkFailure.of(new IOException("send failed", new SSLException("Connection reset")));

        assertThat(failure.code()).isEqualTo("connection_reset");
        assertThat(failure.tls()).isFalse();
    }

    @Test
    void aHandshakeTheRemoteClosedEarlyIsNotFinal() {
        assertThat(NetworkFailure.of(new SSLHandshakeException("Remote host terminated the handshake")).tls()).isFalse();
    }

    @Test
    void aRefusedClientCertificateAndOtherFatalAlertsAreFinal() {
        assertThat(NetworkFailure.of(new SSLHandshakeException("Received fatal alert: bad_certificate")).code()).isEqualTo("tls_client_certificate");
        NetworkFailure other = NetworkFailure.of(new SSLHandshakeException("Received fatal alert: handshake_failure"));
        assertThat(other.code()).isEqualTo("tls_handshake");
        assertThat(other.description()).isEqualTo("TLS handshake failed: Received fatal alert: handshake_failure");
    }
}
