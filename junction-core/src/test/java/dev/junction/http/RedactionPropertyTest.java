package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.store.ExchangeRecord;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class RedactionPropertyTest {
    private static WireMockServer server;

    @BeforeContainer
    static void startServer() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterContainer
    static void stopServer() {
        server.stop();
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_').ofMinLength(1).ofMaxLength(20)
                .filter(name -> Character.isLetter(name.charAt(0)));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().alpha().numeric().withChars("-_.~+/=!$ ").ofMinLength(12).ofMaxLength(48)
                .filter(secret -> !secret.isBlank() && secret.strip().equals(secret));
    }

    @Property(tries = 60)
    void aSecretNeverAppearsInTheExchangeLogWhateverItIsCalledOrWhereItIsSent(
            @ForAll("names") String headerName, @ForAll("names") String queryName, @ForAll("secrets") String secret,
            @ForAll("secrets") String token) {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("X-Echo-" + headerName, secret)
                .withBody("{\"seen\":\"" + secret.replace("\\", "\\\\") + "\",\"t\":\"" + token + "\"}")));
        CollectingSink sink = new CollectingSink();
        PipelineOptions options = PipelineOptions.builder().exchangeSink(sink).sleeper(new TestPeers.RecordingSleeper()).build();

        try (var pipeline = HttpPipeline.builder(options).auth(new AuthSpec.Bearer(token)).secretValues(List.of(secret))
                .retry(new RetrySpec(1, Duration.ZERO, Duration.ZERO)).build()) {
            var request = HttpRequest.of("POST", URI.create(server.baseUrl() + "/echo"))
                    .withHeader("X-" + headerName, secret)
                    .addQueryParam(queryName, secret)
                    .addQueryParam("note", "before " + secret + " after")
                    .withBody("{\"" + headerName + "\":\"" + secret + "\",\"token\":\"" + token + "\"}", "application/json");
            pipeline.execute(request, CallContext.of("crm"));
        }

        ExchangeRecord exchange = sink.exchanges.get(0);
        assertThat(exchange.toString()).doesNotContain(secret).doesNotContain(token)
                .doesNotContain(Urls.encode(secret)).doesNotContain(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Shortcut to the encoder the pipeline uses, so the property also checks encoded forms. */
    private static final class Urls {
        static String encode(String text) {
            return dev.junction.http.internal.Urls.encode(text);
        }
    }
}
