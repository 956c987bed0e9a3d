package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.http.TestPeers.CollectingSink;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the OAuth pipeline tests share: WireMock as the API (one server for the class, a
 * {@code /contacts} stub per test), a fresh mock-oauth2-server rotating refresh tokens per test,
 * fake time, the exchange log collected, and the pipelines a test built, closed after it.
 */
abstract class OAuthApiFixture {
    static WireMockServer api;

    final FakeTime time = new FakeTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final CollectingSink sink = new CollectingSink();
    final List<HttpPipeline> pipelines = new ArrayList<>();
    OAuthServer oauth;

    @BeforeAll
    static void startApi() {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
    }

    @AfterAll
    static void stopApi() {
        api.stop();
    }

    @BeforeEach
    void start() {
        api.resetAll();
        api.stubFor(get("/contacts").willReturn(okJson("{\"items\":[]}")));
        oauth = new OAuthServer(true);
    }

    /** A pipeline of connection {@code crm} (tenant {@code acme}) with {@code auth}, on the fake clock, logging to {@link #sink}; closed after the test. */
    HttpPipeline pipeline(dev.junction.spec.AuthSpec auth, dev.junction.store.CredentialRepository credentials) {
        PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(sink).credentials(credentials).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).auth(auth).connection("acme", "crm").build();
        pipelines.add(pipeline);
        return pipeline;
    }

    /** {@code GET /contacts} of the API through {@code pipeline}. */
    HttpResponse call(HttpPipeline pipeline) {
        return pipeline.execute(HttpRequest.get(java.net.URI.create(api.baseUrl() + "/contacts")), CallContext.of("crm"));
    }

    @AfterEach
    void stop() {
        pipelines.forEach(HttpPipeline::close);
        oauth.close();
    }
}
