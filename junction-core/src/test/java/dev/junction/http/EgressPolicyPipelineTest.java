package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.http.internal.EgressResolverProvider;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbound address policy on real requests: a WireMock server on 127.0.0.1 plays a host on the
 * server's own network, and names of our own ({@code *.egress.test}) resolve through the process's
 * resolver to the addresses a test gives them, as a hostile DNS would answer.
 */
class EgressPolicyPipelineTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final CollectingSink sink = new CollectingSink();
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void close() {
        pipelines.forEach(HttpPipeline::close);
        EgressResolverProvider.overrideNames(Map.of());
    }

    private HttpPipeline pipeline(DefinitionTrust trust, EgressPolicy policy, UnaryOperator<HttpPipelineBuilder> setup) {
        PipelineOptions options = PipelineOptions.builder().exchangeSink(sink).egress(policy).build();
        HttpPipeline pipeline = setup.apply(HttpPipeline.builder(options).trust(trust).retry(new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(1))))
                .build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private HttpPipeline pipeline(DefinitionTrust trust, EgressPolicy policy) {
        return pipeline(trust, policy, b -> b);
    }

    private static URI url(String host, String path) {
        return URI.create("http://" + host + ":" + server.getPort() + path);
    }

    private static CallContext context() {
        return CallContext.of("crm");
    }

    @Test
    void anOperatorsConnectionReachesLoopbackAsBefore() {
        server.stubFor(get("/contacts").willReturn(okJson("[]")));

        HttpResponse response = pipeline(DefinitionTrust.OPERATOR, EgressPolicy.DEFAULT).execute(HttpRequest.get(url("127.0.0.1", "/contacts")), context());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void aTenantsConnectionIsRefusedLoopbackNamingHostAddressAndSettingAndNothingIsSent() {
        HttpPipeline pipeline = pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT);

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("127.0.0.1", "/contacts")), context()))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("GET http://127.0.0.1:" + server.getPort() + "/contacts was not sent: 127.0.0.1 is a loopback address; a tenant's connection"
                        + " may not reach it unless the server's egress settings allow it (egress.allowPrivate, or egress.allow with this address or host)")
                .extracting(e -> ((ApiException) e).category()).isEqualTo(ApiError.Category.PERMANENT);
        server.verify(0, anyRequestedFor(anyUrl()));
        assertThat(sink.exchanges).singleElement().satisfies(e -> assertThat(e.error()).contains("was not sent: 127.0.0.1 is a loopback address"));
    }

    @Test
    void localhostByNameIsLoopbackForATenant() {
        HttpPipeline pipeline = pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT);

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("localhost", "/contacts")), context()))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("was not sent: localhost resolves to ")
                .hasMessageContaining(", a loopback address; a tenant's connection may not reach it");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressIsRefusedEvenForTheOperator() {
        EgressResolverProvider.overrideNames(Map.of("meta.egress.test", List.of("169.254.169.254")));
        HttpPipeline pipeline = pipeline(DefinitionTrust.OPERATOR, EgressPolicy.DEFAULT.withAllowPrivate(true));

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(URI.create("http://meta.egress.test/latest/meta-data/")), context()))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("GET http://meta.egress.test/latest/meta-data/ was not sent: meta.egress.test resolves to 169.254.169.254, a cloud metadata"
                        + " address; requests there are never allowed");
    }

    @Test
    void metadataAndLinkLocalLiteralsAndNamesAreNeverAllowed() {
        HttpPipeline operator = pipeline(DefinitionTrust.OPERATOR, EgressPolicy.DEFAULT.withAllowPrivate(true).withAllow(List.of("169.254.0.0/16")));

        assertThatThrownBy(() -> operator.execute(HttpRequest.get(URI.create("http://169.254.169.254/latest/meta-data/")), context()))
                .hasMessageEndingWith("169.254.169.254 is a cloud metadata address; requests there are never allowed");
        assertThatThrownBy(() -> operator.execute(HttpRequest.get(URI.create("http://[fd00:ec2::254]/latest/")), context()))
                .hasMessageEndingWith("a cloud metadata address; requests there are never allowed");
        assertThatThrownBy(() -> operator.execute(HttpRequest.get(URI.create("http://100.100.100.200/latest/")), context()))
                .hasMessageEndingWith("100.100.100.200 is a cloud metadata address; requests there are never allowed");
        assertThatThrownBy(() -> operator.execute(HttpRequest.get(URI.create("http://169.254.10.1/x")), context()))
                .hasMessageEndingWith("169.254.10.1 is a link-local address; requests there are never allowed");
        assertThatThrownBy(() -> operator.execute(HttpRequest.get(URI.create("http://metadata.google.internal/computeMetadata/v1/")), context()))
                .hasMessageEndingWith("metadata.google.internal is a cloud metadata service; requests there are never allowed");
    }

    @Test
    void theOperatorMayAllowPrivateAddressesOrNamedOnesToTenants() {
        server.stubFor(get("/contacts").willReturn(okJson("[]")));
        EgressResolverProvider.overrideNames(Map.of("crm.allowed.egress.test", List.of("127.0.0.1"), "other.egress.test", List.of("127.0.0.1")));

        assertThat(pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT.withAllowPrivate(true))
                .execute(HttpRequest.get(url("127.0.0.1", "/contacts")), context()).status()).isEqualTo(200);
        assertThat(pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT.withAllow(List.of("127.0.0.0/8")))
                .execute(HttpRequest.get(url("127.0.0.1", "/contacts")), context()).status()).isEqualTo(200);
        HttpPipeline byName = pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT.withAllow(List.of("*.allowed.egress.test")));
        assertThat(byName.execute(HttpRequest.get(url("crm.allowed.egress.test", "/contacts")), context()).status()).isEqualTo(200);
        assertThatThrownBy(() -> byName.execute(HttpRequest.get(url("other.egress.test", "/contacts")), context()))
                .hasMessageContaining("other.egress.test resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedAtThatHop() {
        EgressResolverProvider.overrideNames(Map.of("public.egress.test", List.of("127.0.0.1")));
        server.stubFor(get("/start").willReturn(aResponse().withStatus(302).withHeader("Location", "http://10.0.0.7/admin")));
        HttpPipeline pipeline = pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT.withAllow(List.of("public.egress.test")));

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("public.egress.test", "/start")), context()))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("GET http://10.0.0.7/admin was not sent: 10.0.0.7 is a private network address; a tenant's connection may not reach it"
                        + " unless the server's egress settings allow it (egress.allowPrivate, or egress.allow with this address or host)");
        assertThat(sink.exchanges).extracting(e -> e.status() + " " + e.url())
                .containsExactly("302 http://public.egress.test:" + server.getPort() + "/start", "0 http://10.0.0.7/admin");
    }

    @Test
    void aTokenCallIsCheckedLikeAnyRequest() {
        server.stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":300}")));
        AuthSpec.OAuth2 oauth = new AuthSpec.OAuth2(AuthSpec.Grant.CLIENT_CREDENTIALS, url("127.0.0.1", "/oauth/token").toString(),
                AuthSpec.ClientAuth.BASIC, "junction", "client-secret-1", List.of(), null, null, null, null, null, null, null, null, null,
                Duration.ofSeconds(60), null);
        HttpPipeline pipeline = pipeline(DefinitionTrust.TENANT, EgressPolicy.DEFAULT.withAllow(List.of("api.egress.test")), b -> b.auth(oauth));
        EgressResolverProvider.overrideNames(Map.of("api.egress.test", List.of("127.0.0.1")));

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("api.egress.test", "/contacts")), context()))
                .hasMessageContaining("POST http://127.0.0.1:" + server.getPort() + "/oauth/token was not sent: 127.0.0.1 is a loopback address");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyLargerThanTheCapFailsNamingTheCapThePathAndTheSetting() {
        server.stubFor(get("/big").willReturn(aResponse().withStatus(200).withBody("x".repeat(5000))));
        server.stubFor(get("/chunked").willReturn(aResponse().withStatus(200).withBody("y".repeat(5000)).withChunkedDribbleDelay(5, 1)));
        server.stubFor(get("/small").willReturn(aResponse().withStatus(200).withBody("z".repeat(1024))));
        HttpPipeline pipeline = pipeline(DefinitionTrust.OPERATOR, EgressPolicy.DEFAULT.withMaxResponseBytes(1024));

        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("127.0.0.1", "/big")), context()))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageStartingWith("GET http://127.0.0.1:" + server.getPort() + "/big: the response body is larger than the 1 KiB a response may have")
                .hasMessageEndingWith("; ask for smaller pages, or raise egress.maxResponseBody in the server config");
        assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("127.0.0.1", "/chunked")), context()))
                .hasMessage("GET http://127.0.0.1:" + server.getPort() + "/chunked: the response body is larger than the 1 KiB a response may have;"
                        + " ask for smaller pages, or raise egress.maxResponseBody in the server config");
        assertThat(pipeline.execute(HttpRequest.get(url("127.0.0.1", "/small")), context()).bodyLength()).isEqualTo(1024);
    }
}
