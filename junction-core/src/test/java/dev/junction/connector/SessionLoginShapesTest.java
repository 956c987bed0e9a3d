package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Session logins in the shapes real APIs have beyond a flat JSON body and a token in the answer's JSON: OpenStack Keystone (a
 * nested body, the token in the {@code X-Subject-Token} header, its expiry in the body), Qualys (a form body, a header it
 * requires, the session a cookie sent back as one), VMware vCenter (Basic on the login, the answer a bare JSON string).
 */
class SessionLoginShapesTest extends WireMockAuthFixture {
    @Test
    void openStackKeystoneGetsItsNestedBodyAndTheTokenComesFromItsHeaderUntilTheBodysExpiresAt() {
        server.stubFor(post(urlPathEqualTo("/identity/v3/auth/tokens")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("X-Subject-Token", "gAAAAABk-keystone-token-1")
                .withBody("{\"token\": {\"methods\": [\"password\"], \"expires_at\": \"2026-03-01T10:30:00.000000Z\", \"user\": {\"id\": \"u1\"}}}")));
        server.stubFor(get(urlPathEqualTo("/compute/v2.1/servers")).willReturn(okJson("{\"servers\": [{\"id\": \"s1\"}]}")));
        String connector = """
                kind: Connector
                name: openstack
                baseUrl: %s/compute/v2.1
                config: { domain: { type: string, default: Default } }
                secrets: { user: {}, password: {} }
                auth:
                  type: session
                  loginUrl: %s/identity/v3/auth/tokens
                  body:
                    auth:
                      identity:
                        methods: [password]
                        password:
                          user: { name: "{{ secrets.user }}", domain: { name: "{{ config.domain }}" }, password: "{{ secrets.password }}" }
                  tokenHeader: X-Subject-Token
                  expiresAtPath: $.token.expires_at
                  name: X-Auth-Token
                streams:
                  servers: { request: { path: /servers }, records: $.servers, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("user", "admin", "password", "keystone-Pa55"))) {
            read(client, "servers");
            time.advance(Duration.ofMinutes(59));
            read(client, "servers");
            time.advance(Duration.ofMinutes(2)); // past expires_at
            read(client, "servers");
        }

        server.verify(2, postRequestedFor(urlPathEqualTo("/identity/v3/auth/tokens")).withRequestBody(equalToJson("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"},
                 "password": "keystone-Pa55"}}}}}""")));
        server.verify(3, getRequestedFor(urlPathEqualTo("/compute/v2.1/servers")).withHeader("X-Auth-Token", equalTo("gAAAAABk-keystone-token-1")));
        assertThat(exchanges.exchanges.toString()).doesNotContain("gAAAAABk-keystone-token-1", "keystone-Pa55");
    }

    @Test
    void qualysGetsAFormWithItsRequiredHeaderAndItsSessionCookieIsSentBackAsACookie() {
        server.stubFor(post(urlPathEqualTo("/api/2.0/fo/session/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withHeader("Set-Cookie", "QualysSession=7c4e1fa0b9d2c3e8; path=/api; secure; HttpOnly")
                .withBody("<SIMPLE_RETURN><RESPONSE><TEXT>Logged in</TEXT></RESPONSE></SIMPLE_RETURN>")));
        server.stubFor(get(urlPathEqualTo("/api/2.0/fo/asset/host/")).willReturn(okJson("[{\"id\": \"h1\"}]")));
        String connector = """
                kind: Connector
                name: qualys
                baseUrl: %s/api/2.0/fo
                secrets: { user: {}, password: {} }
                headers: { X-Requested-With: junction }
                auth:
                  type: session
                  loginUrl: /api/2.0/fo/session/
                  bodyFormat: form
                  body: { action: login, username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                  headers: { X-Requested-With: junction }
                  tokenCookie: QualysSession
                  ttl: 4h
                  in: cookie
                  name: QualysSession
                streams:
                  hosts: { request: { path: /asset/host/ }, records: $, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("user", "quays_ab", "password", "q&a=pw 1"))) {
            read(client, "hosts");
        }

        server.verify(postRequestedFor(urlPathEqualTo("/api/2.0/fo/session/")).withHeader("X-Requested-With", equalTo("junction"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("action=login&username=quays_ab&password=q%26a%3Dpw+1")));
        server.verify(getRequestedFor(urlPathEqualTo("/api/2.0/fo/asset/host/")).withHeader("Cookie", equalTo("QualysSession=7c4e1fa0b9d2c3e8")));
        assertThat(exchanges.exchanges.toString()).doesNotContain("7c4e1fa0b9d2c3e8", "q&a=pw 1");
    }

    /** The cookie's Max-Age (15 minutes) ends the session before ttl (4 hours): the next call after it logs in again first. */
    @Test
    void aSessionCookiesMaxAgeEndsTheTokenBeforeTtl() {
        server.stubFor(post(urlPathEqualTo("/login")).willReturn(aResponse().withStatus(204)
                .withHeader("Set-Cookie", "theme=dark; Max-Age=31536000", "SID=s-1; Path=/; Max-Age=900; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly")));
        server.stubFor(get(urlPathEqualTo("/things")).willReturn(okJson("[{\"id\": 1}]")));
        String connector = """
                kind: Connector
                name: cookies
                baseUrl: %s
                secrets: { user: {}, password: {} }
                auth:
                  type: session
                  loginUrl: /login
                  body: { user: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                  tokenCookie: SID
                  ttl: 4h
                  in: cookie
                  name: SID
                streams:
                  things: { request: { path: /things }, records: $, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("user", "u", "password", "p"))) {
            read(client, "things");
            time.advance(java.time.Duration.ofMinutes(14));
            read(client, "things");
            time.advance(java.time.Duration.ofMinutes(2));
            read(client, "things");
        }

        server.verify(2, postRequestedFor(urlPathEqualTo("/login")));
        server.verify(3, getRequestedFor(urlPathEqualTo("/things")).withHeader("Cookie", equalTo("SID=s-1")));
    }

    @Test
    void vCenterLogsInWithBasicAndItsAnswerIsTheTokenItself() {
        server.stubFor(post(urlPathEqualTo("/api/session")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("\"b00db39f948d13ea1e59b4d6fce42b5f\"")));
        server.stubFor(get(urlPathEqualTo("/api/vcenter/vm")).willReturn(okJson("[{\"vm\": \"vm-16\"}]")));
        String connector = """
                kind: Connector
                name: vcenter
                baseUrl: %s/api
                secrets: { user: {}, password: {} }
                auth:
                  type: session
                  loginUrl: /api/session
                  loginAuth: { type: basic, username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                  tokenPath: $
                  name: vmware-api-session-id
                streams:
                  vms: { request: { path: /vcenter/vm }, records: $, primaryKey: vm }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("user", "administrator@vsphere.local", "password", "VMw4re!"))) {
            read(client, "vms");
        }

        server.verify(getRequestedFor(urlPathEqualTo("/api/vcenter/vm")).withHeader("vmware-api-session-id", equalTo("b00db39f948d13ea1e59b4d6fce42b5f")));
        assertThat(exchanges.exchanges.toString()).doesNotContain("b00db39f948d13ea1e59b4d6fce42b5f", "VMw4re!");
    }

    @Test
    void aLoginWithoutTheNamedHeaderSaysWhereItLookedItsBodyKeepsNumbersAndBadSettingsAreLoadErrors() {
        server.stubFor(post(urlPathEqualTo("/login")).willReturn(okJson("{\"ok\": true}")));
        String connector = """
                kind: Connector
                name: acme
                baseUrl: %s
                secrets: { user: {}, password: {} }
                auth:
                  type: session
                  loginUrl: /login
                  body: { u: "{{ secrets.user }}", p: "{{ secrets.password }}", remember: true, days: 30, code: "007" }
                  tokenHeader: X-Session
                streams:
                  things: { request: { path: /things }, records: $, primaryKey: id }
                """;
        try (ConnectionClient client = client(connector, "", Map.of("user", "u", "password", "p"))) {
            assertThatThrownBy(() -> read(client, "things")).hasMessageContaining("answered without a token in its header X-Session; check the login"
                    + " credentials (auth.body) and auth.tokenHeader");
        }
        server.verify(postRequestedFor(urlPathEqualTo("/login"))
                .withRequestBody(equalToJson("{\"u\": \"u\", \"p\": \"p\", \"remember\": true, \"days\": 30, \"code\": \"007\"}")));

        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("bad.yaml", """
                kind: Connector
                name: bad
                baseUrl: http://127.0.0.1:9
                secrets: { user: {} }
                auth:
                  type: session
                  loginUrl: /login
                  bodyFormat: form
                  body: { user: { name: "{{ secrets.user }}" } }
                  tokenPath: $.token
                  tokenCookie: SID
                  in: cookie
                """)));
        assertThat(loaded.problems()).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).contains("auth.body.user", "a form body's values are text"))
                .anySatisfy(p -> assertThat(p).contains("auth.tokenHeader", "give one of them, not 2"))
                .anySatisfy(p -> assertThat(p).contains("auth: missing required key 'name' (the cookie's name, with in: cookie)"));
    }

}
