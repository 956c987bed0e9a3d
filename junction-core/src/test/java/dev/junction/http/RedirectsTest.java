package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redirects followed by the pipeline, hop by hop, against two WireMock servers (two origins). */
class RedirectsTest {
    @RegisterExtension
    static final WireMockExtension origin = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    @RegisterExtension
    static final WireMockExtension elsewhere = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final CollectingSink sink = new CollectingSink();
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void close() {
        pipelines.forEach(HttpPipeline::close);
    }

    private HttpPipeline pipeline(EgressPolicy policy) {
        HttpPipeline pipeline = HttpPipeline.builder(PipelineOptions.builder().exchangeSink(sink).egress(policy).build())
                .auth(new AuthSpec.Bearer("secret-token-1")).build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private static URI url(WireMockExtension server, String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static CallContext context() {
        return CallContext.of("crm");
    }

    @Test
    void a303TurnsAPostIntoAGetWithoutBodyAndEachHopIsLogged() {
        origin.stubFor(post("/orders").willReturn(aResponse().withStatus(303).withHeader("Location", "/orders/7")));
        origin.stubFor(get("/orders/7").willReturn(okJson("{\"id\":7}")));

        HttpResponse response = pipeline(EgressPolicy.DEFAULT).execute(HttpRequest.of("POST", url(origin, "/orders")).withBody("{\"a\":1}", "application/json"),
                context());

        assertThat(response.bodyText()).isEqualTo("{\"id\":7}");
        origin.verify(getRequestedFor(urlPathEqualTo("/orders/7")).withHeader("Content-Type", absent()).withHeader("Authorization", equalTo("Bearer secret-token-1")));
        assertThat(sink.exchanges).extracting(e -> e.method() + " " + e.status() + " " + URI.create(e.url()).getPath())
                .containsExactly("POST 303 /orders", "GET 200 /orders/7");
    }

    @Test
    void a307And308KeepMethodAndBody() {
        origin.stubFor(put("/a").willReturn(aResponse().withStatus(307).withHeader("Location", "/b")));
        origin.stubFor(put("/b").willReturn(aResponse().withStatus(308).withHeader("Location", "/c")));
        origin.stubFor(put("/c").willReturn(okJson("{}")));

        pipeline(EgressPolicy.DEFAULT).execute(HttpRequest.of("PUT", url(origin, "/a")).withBody("{\"v\":2}", "application/json"), context());

        origin.verify(putRequestedFor(urlPathEqualTo("/c")).withRequestBody(equalTo("{\"v\":2}")));
    }

    @Test
    void a302TurnsAPostIntoAGetAsBrowsersDo() {
        origin.stubFor(post("/login").willReturn(aResponse().withStatus(302).withHeader("Location", "/home")));
        origin.stubFor(get("/home").willReturn(okJson("{}")));

        pipeline(EgressPolicy.DEFAULT).execute(HttpRequest.of("POST", url(origin, "/login")).withBody("x=1", "application/x-www-form-urlencoded"), context());

        origin.verify(getRequestedFor(urlPathEqualTo("/home")));
        origin.verify(0, postRequestedFor(urlPathEqualTo("/home")));
    }

    @Test
    void credentialsAreDroppedWhenARedirectLeavesTheOrigin() {
        origin.stubFor(get("/files/1").willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere.baseUrl() + "/blob/1")));
        elsewhere.stubFor(get("/blob/1").willReturn(okJson("{}")));

        pipeline(EgressPolicy.DEFAULT).execute(HttpRequest.get(url(origin, "/files/1")).withHeader("X-Api-Key", "secret-token-1")
                .withHeader("X-Trace", "t-1"), context());

        elsewhere.verify(getRequestedFor(urlPathEqualTo("/blob/1")).withHeader("Authorization", absent()).withHeader("X-Api-Key", absent())
                .withHeader("X-Trace", equalTo("t-1")));
    }

    @Test
    void tooManyHopsFailNamingTheLimitAndTheSetting() {
        origin.stubFor(any(urlPathEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));

        assertThatThrownBy(() -> pipeline(EgressPolicy.DEFAULT.withMaxRedirects(2)).execute(HttpRequest.get(url(origin, "/loop")), context()))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("GET " + origin.baseUrl() + "/loop was redirected more than 2 times (the last hop to GET " + origin.baseUrl()
                        + "/loop); egress.maxRedirects in the server config sets the limit");
        assertThat(sink.exchanges).hasSize(3);
    }
}
