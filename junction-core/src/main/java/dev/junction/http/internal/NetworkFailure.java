package dev.junction.http.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * What went wrong on the network, in our words.
 *
 * @param code see {@link dev.junction.http.ApiError#code()}
 * @param description short text, e.g. {@code connection refused}
 * @param beforeSending true when the request provably never reached the server (connect failures)
 */
public record NetworkFailure(String code, String description, boolean beforeSending) {

    public static NetworkFailure of(IOException failure) {
        if (causedBy(failure, UnresolvedAddressException.class) || causedBy(failure, UnknownHostException.class)) {
            return new NetworkFailure("unknown_host", "unknown host", true);
        }
        if (causedBy(failure, HttpConnectTimeoutException.class)) {
            return new NetworkFailure("connect_timeout", "connect timed out", true);
        }
        if (causedBy(failure, ConnectException.class)) {
            String message = messageOf(failure, ConnectException.class);
            boolean refused = message == null || message.toLowerCase(Locale.ROOT).contains("refused");
            return new NetworkFailure("connection_refused", refused ? "connection refused" : "connect failed: " + message, true);
        }
        NetworkFailure tls = causedBy(failure, SSLException.class) ? tls(failure) : null;
        if (tls != null) {
            return tls;
        }
        if (causedBy(failure, HttpTimeoutException.class)) {
            return new NetworkFailure("timeout", "no response within the request timeout", false);
        }
        if (failure instanceof InterruptedIOException) {
            return new NetworkFailure("interrupted", "interrupted", false);
        }
        String all = allMessages(failure).toLowerCase(Locale.ROOT);
        // the JDK client's words for what the server sent (or did not): checked before "closed", which most of them also say
        if (all.contains("reset")) {
            return new NetworkFailure("connection_reset", "connection reset", false); // a reset before any byte says "received no bytes" too
        }
        if (all.contains("received no bytes")) {
            return new NetworkFailure("empty_response", "the server closed the connection without answering", false);
        }
        if (all.contains("status line") || all.contains("parsing http") || all.contains("bad header") || all.contains("invalid header")) {
            return new NetworkFailure("invalid_response", "the server answered with something that is not HTTP", false);
        }
        if (all.contains("chunk")) {
            return new NetworkFailure("malformed_response", "the response body broke off: its chunked encoding is malformed", false);
        }
        if (causedBy(failure, EOFException.class) || all.contains("closed")) {
            return new NetworkFailure("connection_reset", "connection reset", false);
        }
        String message = failure.getMessage();
        return new NetworkFailure("io_error", failure.getClass().getSimpleName() + (message == null ? "" : ": " + message), false);
    }

    /** Whether this failure is a TLS handshake refused by either side: sending again cannot help. */
    public boolean tls() {
        return code.startsWith("tls_");
    }

    /**
     * A TLS failure that will happen again: the server refused the client's certificate (or its
     * absence), the server's certificate is not trusted, or the server sent another fatal alert.
     * Null for the rest (a reset or an early close during TLS), which are ordinary network failures.
     * The description is the JDK's own message; the classifier words the rest.
     */
    private static NetworkFailure tls(IOException failure) {
        String all = allMessages(failure).toLowerCase(Locale.ROOT);
        String detail = String.valueOf(messageOf(failure, SSLException.class));
        if (causedBy(failure, java.security.cert.CertificateException.class) || all.contains("pkix") || all.contains("subject alternative")) {
            return new NetworkFailure("tls_server_certificate", detail.replaceFirst("^\\(certificate_unknown\\) ", ""), true);
        }
        for (String alert : CLIENT_CERTIFICATE_ALERTS) {
            if (all.contains(alert)) {
                return new NetworkFailure("tls_client_certificate", detail, true);
            }
        }
        return all.contains("received fatal alert") ? new NetworkFailure("tls_handshake", "TLS handshake failed: " + detail, true) : null;
    }

    /** TLS alerts a server sends when the client's certificate is missing or not accepted. */
    private static final java.util.List<String> CLIENT_CERTIFICATE_ALERTS = java.util.List.of("certificate_required", "bad_certificate",
            "unknown_ca", "certificate_unknown", "access_denied", "certificate_revoked", "certificate_expired", "unsupported_certificate");

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messageOf(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static String allMessages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getMessage()).append(' ');
        }
        return text.toString();
    }
}
