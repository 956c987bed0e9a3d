package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/**
 * A fake API on WireMock (127.0.0.1, a free port) whose every answer comes from the subclass's
 * {@link #transform}, which keeps the API's state (tokens issued, sessions live). Started when made.
 */
abstract class TransformedApi implements ResponseDefinitionTransformerV2, AutoCloseable {
    private final WireMockServer server;

    TransformedApi() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(getName())));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A JSON answer, sent after {@code delayMillis}. */
    static ResponseDefinition json(int status, String body, int delayMillis) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).withFixedDelay(delayMillis).build();
    }

    @Override
    public final String getName() {
        return getClass().getSimpleName();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public void close() {
        server.stop();
    }
}
