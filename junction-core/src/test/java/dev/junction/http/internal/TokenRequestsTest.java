package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRequestsTest {
    private static final URI TOKEN_URI = URI.create("https://auth.example.com/oauth/token");

    private static TokenRequests requests(AuthSpec.ClientAuth clientAuth, String secret, List<String> scopes) {
        AuthSpec.OAuth2 spec = new AuthSpec.OAuth2(AuthSpec.Grant.CLIENT_CREDENTIALS, TOKEN_URI.toString(), clientAuth, "app id", secret, scopes,
                null, null, null, null, null, null, null, null, null, Duration.ofSeconds(60), null);
        return new TokenRequests(spec, TOKEN_URI, ClientAuthentication.of(spec, Clock.systemUTC(), signed -> {}));
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void aBasicClientGoesInTheHeaderWithItsIdAndSecretFormEncodedFirst() {
        HttpRequest request = requests(AuthSpec.ClientAuth.BASIC, "s&cr:t", List.of("read", "write")).post(form("grant_type", "client_credentials"));
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + ClientAuthentication.basic("app id", "s&cr:t"));
        assertThat(ClientAuthentication.basic("app id", "s&cr:t")).isEqualTo("YXBwK2lkOnMlMjZjciUzQXQ="); // app+id:s%26cr%3At
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.bodyText()).isEqualTo("grant_type=client_credentials&scope=read+write");
    }

    @Test
    void aClientInTheBodyOrWithoutSecretSendsItsIdInTheForm() {
        assertThat(requests(AuthSpec.ClientAuth.BASIC, null, List.of()).post(form("grant_type", "client_credentials")).bodyText())
                .isEqualTo("grant_type=client_credentials&client_id=app+id");
        HttpRequest body = requests(AuthSpec.ClientAuth.BODY, "s", List.of()).post(form("grant_type", "client_credentials"));
        assertThat(body.header("Authorization")).isNull();
        assertThat(body.bodyText()).isEqualTo("grant_type=client_credentials&client_id=app+id&client_secret=s");
    }

    @Test
    void aRefreshOrASignedAssertionIsNotRepeatedAndAnExtensionGrantIsNamedShort() {
        assertThat(TokenRequests.repeatable(form("grant_type", "client_credentials"))).isTrue();
        assertThat(TokenRequests.repeatable(form("grant_type", "password", "username", "u"))).isTrue();
        assertThat(TokenRequests.repeatable(form("grant_type", "refresh_token", "refresh_token", "r"))).isFalse();
        Map<String, String> jwt = form("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", "eyJ");
        assertThat(TokenRequests.repeatable(jwt)).isFalse();
        assertThat(TokenRequests.grantName(jwt)).isEqualTo("jwt-bearer");
        assertThat(TokenRequests.grantName(form("grant_type", "password"))).isEqualTo("password");
    }

    @Test
    void aClientAssertionReplacesTheSecretAndTokenParamsComeLastReplacingTheGrantInPlace() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("account_id", "acc 1");
        params.put("grant_type", "account_credentials");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        AuthSpec.OAuth2 spec = new AuthSpec.OAuth2(AuthSpec.Grant.CLIENT_CREDENTIALS, TOKEN_URI.toString(), AuthSpec.ClientAuth.PRIVATE_KEY_JWT,
                "app", null, List.of("read"), null, null, null, null, null, pem, null, null, null, Duration.ofSeconds(60), null, null, params, null,
                null, null);
        List<String> signed = new ArrayList<>();
        TokenRequests requests = new TokenRequests(spec, TOKEN_URI, ClientAuthentication.of(spec, Clock.systemUTC(), signed::add));

        HttpRequest first = requests.post(form("grant_type", "client_credentials"));
        HttpRequest second = requests.post(form("grant_type", "client_credentials"));

        assertThat(first.header("Authorization")).isNull();
        assertThat(signed).hasSize(2).doesNotHaveDuplicates();
        assertThat(first.bodyText()).isEqualTo("grant_type=account_credentials&scope=read&client_id=app"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + signed.get(0)
                + "&account_id=acc+1");
        assertThat(second.bodyText()).contains("client_assertion=" + signed.get(1) + "&");
        assertThat(SignedJWT.parse(signed.get(0)).getJWTClaimsSet().getAudience()).containsExactly(TOKEN_URI.toString());
        assertThat(TokenRequests.repeatable(form("grant_type", "client_credentials", "client_assertion", signed.get(0)))).isFalse();
    }
}
