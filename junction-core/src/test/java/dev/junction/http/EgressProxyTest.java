package dev.junction.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outbound proxy from the environment and the server config: which requests it carries, and clear refusals of bad values. */
class EgressProxyTest {
    @Test
    void readsTheEnvironmentAsCurlDoesLowerCaseFirst() {
        EgressProxy proxy = EgressProxy.fromEnvironment(Map.of("HTTPS_PROXY", "http://upper.example:3128", "https_proxy", "http://corp-proxy:3128",
                "HTTP_PROXY", "plain-proxy:8080", "NO_PROXY", "localhost, .internal.example,10.0.0.0/8 ,crm.example:443")::get);

        assertThat(proxy.proxyFor(URI.create("https://api.hubapi.com/crm/v3"))).isEqualTo(URI.create("http://corp-proxy:3128"));
        assertThat(proxy.proxyFor(URI.create("http://legacy.example/soap"))).as("a bare host:port is an http proxy").isEqualTo(URI.create("http://plain-proxy:8080"));
        assertThat(proxy.proxyFor(URI.create("https://localhost:8443/x"))).isNull();
        assertThat(proxy.proxyFor(URI.create("https://erp.internal.example/x"))).as("a subdomain of a listed domain").isNull();
        assertThat(proxy.proxyFor(URI.create("https://internal.example/x"))).as("the domain itself").isNull();
        assertThat(proxy.proxyFor(URI.create("https://notinternal.example/x"))).as("not a suffix match on a label").isNotNull();
        assertThat(proxy.proxyFor(URI.create("http://10.1.2.3/x"))).as("an address in a listed range").isNull();
        assertThat(proxy.proxyFor(URI.create("https://crm.example/x"))).as("host:port, the port not compared").isNull();
        assertThat(EgressProxy.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*")::get).proxyFor(URI.create("https://a.example")))
                .isNull();
        assertThat(EgressProxy.fromEnvironment(Map.<String, String>of()::get)).isEqualTo(EgressProxy.NONE);
        assertThat(EgressProxy.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1")::get).proxyFor(URI.create("http://a.example")))
                .as("only https requests when only HTTPS_PROXY is set").isNull();
    }

    @Test
    void theServerConfigsProxyCarriesBothSchemesAndNoneTurnsItOff() {
        EgressProxy proxy = EgressProxy.of("http://proxy.corp:8080", List.of("*.corp"));

        assertThat(proxy.proxyFor(URI.create("http://a.example"))).isEqualTo(URI.create("http://proxy.corp:8080"));
        assertThat(proxy.proxyFor(URI.create("https://a.example"))).isEqualTo(URI.create("http://proxy.corp:8080"));
        assertThat(proxy.proxyFor(URI.create("https://git.corp"))).isNull();
        assertThat(EgressProxy.of("none", List.of())).isEqualTo(EgressProxy.NONE);
        assertThat(EgressPolicy.DEFAULT.withProxyFrom(Map.of("HTTPS_PROXY", "http://p:1")::get).proxyInUse().any()).isTrue();
        assertThat(EgressPolicy.DEFAULT.withProxy(EgressProxy.NONE).withProxyFrom(Map.of("HTTPS_PROXY", "http://p:1")::get).proxyInUse().any())
                .as("a config that says none wins over the environment").isFalse();
    }

    @Test
    void showsTheProxyWithoutItsPassword() {
        EgressProxy proxy = EgressProxy.of("http://svc-junction:s3cr%40t-pw@proxy.corp:3128", List.of("localhost"));

        assertThat(proxy.toString()).isEqualTo("proxy http://svc-junction:***@proxy.corp:3128, not for localhost").doesNotContain("s3cr");
    }

    @Test
    void refusesWhatIsNotAProxyUrlSayingWhatOneLooksLike() {
        assertThatThrownBy(() -> EgressProxy.fromEnvironment(Map.of("HTTPS_PROXY", "https://proxy.corp:3128")::get))
                .hasMessage("environment variable HTTPS_PROXY: a TLS connection to the proxy itself (https://proxy.corp) is not supported; use"
                        + " http://HOST:PORT (https requests are still tunnelled through it with TLS end to end)");
        assertThatThrownBy(() -> EgressProxy.of("http://proxy.corp", List.of()))
                .hasMessage("expected a proxy URL like http://proxy.internal:3128 (or http://user:password@host:port): the port is missing"
                        + " (http://proxy.corp:PORT)");
        assertThatThrownBy(() -> EgressProxy.of("socks5://proxy.corp:1080", List.of()))
                .hasMessage("expected a proxy URL like http://proxy.internal:3128 (or http://user:password@host:port), found 'socks5://proxy.corp'");
        assertThatThrownBy(() -> EgressProxy.of("http://proxy.corp:3128/path", List.of()))
                .hasMessage("expected a proxy URL like http://proxy.internal:3128 (or http://user:password@host:port): a proxy URL has no path or query");
        assertThatThrownBy(() -> EgressProxy.of("http://proxy.corp:3128", List.of("bad host!")))
                .hasMessage("noProxy entry 'bad host!': expected a host name (example.com, .example.com), an address or range (10.0.0.0/8) or *");
    }
}
