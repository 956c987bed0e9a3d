package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.Cidr;
import dev.junction.server.ServerConfig;
import dev.junction.server.api.ApiFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a trusted reverse proxy that the browser reached over https, the console's cookies are Secure. */
class ConsoleBehindProxyTest {
    @TempDir
    Path dataDir;

    @Test
    void cookiesAreSecureWhenTheClientCameOverHttps() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ApiFixture api = ApiFixture.start(dataDir, ServerConfig.defaults().withTrustedProxies(List.of(Cidr.parse("127.0.0.1"))))) {
            HttpResponse<String> viaHttps = http.send(HttpRequest.newBuilder(api.uri("/console/sign-in")).header("X-Forwarded-Proto", "https").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(api.uri("/console/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
            String form = ConsoleTest.cookie(viaHttps, ConsoleAuth.SIGN_IN_COOKIE);
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(api.uri("/console/sign-in")).header("X-Forwarded-Proto", "https")
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", ConsoleAuth.SIGN_IN_COOKIE + "=" + form)
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + ConsoleTest.enc(ConsoleTest.csrfOf(viaHttps.body())) + "&token="
                            + ConsoleTest.enc(api.viewer()))).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(viaHttps.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).endsWith("; Secure"));
            assertThat(plain.headers().allValues("Set-Cookie")).noneSatisfy(c -> assertThat(c).contains("Secure"));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("junction_console="))
                    .singleElement().satisfies(c -> assertThat(c).contains("HttpOnly", "SameSite=Strict").endsWith("; Secure"));
        }
    }
}
