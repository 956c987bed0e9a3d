package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For/-Proto/-Host count only from configured proxies; they shape the client address and Location. */
class ForwardedHeadersTest {
    @Test
    void ignoresForwardedHeadersFromAPeerThatIsNoTrustedProxy() {
        try (TestServer test = new TestServer()) {
            JsonNode who = whoAmI(test, "203.0.113.9", "https", "junction.example.com");

            assertThat(who.path("client").asText()).isEqualTo("127.0.0.1");
            assertThat(who.path("baseUrl").asText()).isEqualTo(test.server.baseUrl().toString());
        }
    }

    @Test
    void believesForwardedHeadersFromATrustedProxy() {
        try (TestServer test = new TestServer(c -> c.withTrustedProxies(List.of(Cidr.parse("127.0.0.0/8"))), b -> b)) {
            JsonNode who = whoAmI(test, "203.0.113.9", "https", "junction.example.com");

            assertThat(who.path("client").asText()).isEqualTo("203.0.113.9");
            assertThat(who.path("baseUrl").asText()).isEqualTo("https://junction.example.com");
        }
    }

    @Test
    void takesTheNearestUntrustedAddressOfAChainOfProxies() {
        try (TestServer test = new TestServer(c -> c.withTrustedProxies(List.of(Cidr.parse("127.0.0.1"), Cidr.parse("10.0.0.0/8"))), b -> b)) {
            // the client forged the first entry; 10.1.2.3 is an inner proxy that appended the real client
            JsonNode who = whoAmI(test, "1.1.1.1, 198.51.100.7, 10.1.2.3", null, null);

            assertThat(who.path("client").asText()).isEqualTo("198.51.100.7");
        }
    }

    @Test
    void ignoresAForwardedHostThatIsNoHostName() {
        try (TestServer test = new TestServer(c -> c.withTrustedProxies(List.of(Cidr.parse("127.0.0.1"))), b -> b)) {
            JsonNode who = whoAmI(test, null, "gopher", "evil.example.com/path?x");

            assertThat(who.path("baseUrl").asText()).isEqualTo(test.server.baseUrl().toString());
        }
    }

    @Test
    void writesLocationHeadersWithTheSchemeAndHostTheClientUsed() {
        try (TestServer test = new TestServer(c -> c.withTrustedProxies(List.of(Cidr.parse("127.0.0.1"))), b -> b)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(test.server.baseUrl() + "/api/v1/widgets"))
                    .header("Authorization", "Bearer " + TestServer.EDITOR).header("Content-Type", "application/json")
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com:8443")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"gear\"}")).build();

            HttpResponse<String> answer = test.send(request);

            assertThat(answer.statusCode()).isEqualTo(201);
            assertThat(answer.headers().firstValue("Location")).contains("https://api.example.com:8443/api/v1/widgets/gear");
        }
    }

    private static JsonNode whoAmI(TestServer test, String forwardedFor, String proto, String host) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(test.server.baseUrl() + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + TestServer.VIEWER);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (proto != null) {
            request.header("X-Forwarded-Proto", proto);
        }
        if (host != null) {
            request.header("X-Forwarded-Host", host);
        }
        HttpResponse<String> answer = test.send(request.build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return test.body(answer);
    }
}
