package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.junction.http.CallContext;
import dev.junction.http.EgressPolicy;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.DefinitionTrust;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * A send the JDK client never ends (its selector thread, which also runs its request timeouts, died of
 * an error inside the client) fails at the request timeout plus {@link JdkTransport#SEND_GRACE} as a
 * timeout, instead of holding the sync or flow step that made it for good. No real peer can make the
 * JDK client lose its selector thread, so the client here is one whose sends never end, all else the
 * JDK's own.
 */
class JdkTransportBoundTest {

    @Test
    void aSendTheClientNeverEndsFailsAsATimeoutOnceTheRequestTimeoutAndTheGracePassed() {
        try (HttpClient real = JdkTransport.newClient(Duration.ofSeconds(1))) {
            JdkTransport transport = new JdkTransport(new NeverAnswers(real), Duration.ofMillis(200), EgressPolicy.DEFAULT.withAllowPrivate(true),
                    DefinitionTrust.OPERATOR, new Redactor(List.of(), 1024));
            HttpRequest request = HttpRequest.get(URI.create("http://127.0.0.1:9/items"));

            Throwable failure = catchThrowable(() -> transport.intercept(chain(request)));

            assertThat(failure).isInstanceOf(HttpTimeoutException.class)
                    .hasMessage("request timed out: the HTTP client did not answer within 5200 ms (its own timeout did not fire)");
        }
    }

    @Test
    void aFailureOfTheSendIsRethrownAsTheClientsOwnSendRethrowsIt() {
        IOException timeout = JdkTransport.asSendThrows(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"));
        assertThat(timeout).isInstanceOf(java.net.http.HttpConnectTimeoutException.class).hasMessage("HTTP connect timed out")
                .hasCauseInstanceOf(java.net.http.HttpConnectTimeoutException.class);
        assertThat(JdkTransport.asSendThrows(new java.net.ConnectException("Connection refused"))).isInstanceOf(java.net.ConnectException.class);
        IOException reset = JdkTransport.asSendThrows(new IOException("Connection reset"));
        assertThat(reset).hasMessage("Connection reset").hasCauseInstanceOf(IOException.class);
        assertThat(catchThrowable(() -> JdkTransport.asSendThrows(new IllegalArgumentException("bad header")))).isInstanceOf(IllegalArgumentException.class);
    }

    private static Interceptor.Chain chain(HttpRequest request) {
        return new Interceptor.Chain() {
            @Override
            public HttpRequest request() {
                return request;
            }

            @Override
            public CallContext context() {
                return CallContext.of("stuck");
            }

            @Override
            public HttpResponse proceed(HttpRequest next, CallContext context) {
                throw new AssertionError("the transport is the last step");
            }
        };
    }

    /** A JDK client whose sends never end; everything else is the real client's. */
    private static final class NeverAnswers extends HttpClient {
        private final HttpClient real;

        NeverAnswers(HttpClient real) {
            this.real = real;
        }

        @Override
        public <T> CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(java.net.http.HttpRequest request,
                java.net.http.HttpResponse.BodyHandler<T> handler) {
            return new CompletableFuture<>();
        }

        @Override
        public <T> CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(java.net.http.HttpRequest request,
                java.net.http.HttpResponse.BodyHandler<T> handler, java.net.http.HttpResponse.PushPromiseHandler<T> push) {
            return new CompletableFuture<>();
        }

        @Override
        public <T> java.net.http.HttpResponse<T> send(java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler)
                throws InterruptedException {
            new CompletableFuture<Void>().join(); // never ends, as sendAsync
            throw new InterruptedException();
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return real.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return real.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return real.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return real.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return real.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return real.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return real.authenticator();
        }

        @Override
        public Version version() {
            return real.version();
        }

        @Override
        public Optional<Executor> executor() {
            return real.executor();
        }
    }
}
