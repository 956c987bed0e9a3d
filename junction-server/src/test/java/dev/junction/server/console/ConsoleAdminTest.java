package dev.junction.server.console;

import static dev.junction.server.console.ConsoleTest.csrfOf;
import static dev.junction.server.console.ConsoleTest.enc;
import static dev.junction.server.console.ConsoleTest.get;
import static dev.junction.server.console.ConsoleTest.postForm;
import static dev.junction.server.console.ConsoleTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.junction.engine.Role;
import dev.junction.server.api.ApiFixture;
import dev.junction.server.console.ConsoleTest.Session;
import dev.junction.spec.SourceText;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's connection forms, admin pages and alert set-up pages over HTTP: a connection made from
 * the console with its secret stored and never shown, the connect flow started for an OAuth connector,
 * deleting with a confirmation; tokens (the secret shown once, revoke) and the audit log for admins
 * only; alert rules, channels (no secret, a test send) and silences. Hostile names and texts come back
 * escaped. It shares {@link ConsoleTest}'s request helpers (they read its {@code api} field, set here).
 */
class ConsoleAdminTest {
    static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    static final String SECRET = "helpdesk-secret-value-4711";

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static WireMockServer receiver;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
        ConsoleTest.api = api;
        receiver = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(WireMock.post("/alerts").willReturn(WireMock.aResponse().withStatus(200)));
        var applied = api.engine.definitions().apply(List.of(new SourceText("alerts.yaml", alerting(receiver.port()))), "local:test");
        assertThat(applied.result().problems()).isEmpty();
    }

    /** A webhook channel with a secret and a hostile description, and a rule that names it. */
    static String alerting(int port) {
        return """
                kind: AlertChannel
                name: ops-hook
                description: "%2$s"
                type: webhook
                config: { url: "http://127.0.0.1:%1$d/alerts" }
                secrets: { secret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
                ---
                kind: AlertChannel
                name: ops-slack
                type: slack
                secrets: { url: "${stored:url}" }
                ---
                kind: Alert
                name: any-run-failed
                description: "%2$s"
                condition: run-failed
                scope: { tenant: northwind }
                renotify: 2h
                channels: [ops-hook]
                """.formatted(port, HOSTILE.replace("\"", "\\\""));
    }

    @AfterAll
    static void stop() {
        api.close();
        receiver.stop();
    }

    @Test
    void aTenantEditorMakesItsOwnConnectionWithASecretThatIsNeverShownAgain() throws Exception {
        Session session = signIn(api.tenant("northwind", Role.EDITOR));

        HttpResponse<String> choose = get("/console/connections/new", session.cookie());
        assertThat(choose.statusCode()).isEqualTo(200);
        assertThat(choose.body()).contains("value=\"helpdesk\"", "Tenant: <strong>northwind</strong>").doesNotContain("name=\"tenant\"");
        HttpResponse<String> fields = get("/console/connections/new?connector=helpdesk", session.cookie());
        assertThat(fields.body()).contains("name=\"config.baseUrl\"", "name=\"secrets.apiKey\" type=\"password\"");

        HttpResponse<String> made = postForm("/console/connections/new?connector=helpdesk&tenant=northwind", session.cookie(),
                "_csrf=" + enc(session.csrf()) + "&name=northwind-desk-2&config.baseUrl=" + enc(api.northwind.helpdesk().baseUrl().toString())
                        + "&secrets.apiKey=" + enc(SECRET));

        assertThat(made.statusCode()).as(made.body()).isEqualTo(303);
        assertThat(made.headers().firstValue("Location")).hasValue("/console/connections/northwind-desk-2");
        HttpResponse<String> page = get("/console/connections/northwind-desk-2", session.cookie());
        assertThat(page.body()).contains("helpdesk", "northwind", "Delete").doesNotContain(SECRET);
        assertThat(api.get("/api/v1/connections/northwind-desk-2", api.admin()).body()).contains("\"tenant\":\"northwind\"").doesNotContain(SECRET);
        assertThat(api.get("/api/v1/audit?action=console.createConnection", api.admin()).body()).contains("northwind-desk-2").doesNotContain(SECRET);
    }

    @Test
    void aRefusedConnectionShowsTheFormAgainWithItsConfigEscapedAndNoSecret() throws Exception {
        Session session = signIn(api.editor());

        HttpResponse<String> refused = postForm("/console/connections/new?connector=helpdesk&tenant=globex", session.cookie(),
                "_csrf=" + enc(session.csrf()) + "&name=bad%20name!&config.baseUrl=" + enc(HOSTILE) + "&secrets.apiKey=" + enc(SECRET));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "name must be lower-case", "value=\"&lt;script>alert(1)&lt;/script>&#34;>")
                .doesNotContain(HOSTILE, SECRET);
    }

    @Test
    void aTenantTokenCannotMakeAnotherTenantsConnectionAndAViewerNone() throws Exception {
        Session northwind = signIn(api.tenant("northwind", Role.EDITOR));
        Session viewer = signIn(api.viewer());

        assertThat(postForm("/console/connections/new?connector=helpdesk&tenant=globex", northwind.cookie(), "_csrf=" + enc(northwind.csrf())
                + "&name=x-desk").statusCode()).isEqualTo(404);
        assertThat(get("/console/connections/new", viewer.cookie()).statusCode()).isEqualTo(403);
        assertThat(get("/console/connections", viewer.cookie()).body()).doesNotContain("New connection");
        assertThat(get("/console/connections/globex-crm", viewer.cookie()).body()).doesNotContain("/delete");
    }

    @Test
    void anOauthConnectorsConnectionStartsTheConnectFlow() throws Exception {
        // the provider is never reached: making the session and sending the browser to its connect page asks it nothing
        var applied = api.engine.definitions().apply(List.of(new SourceText("oauth.yaml", dev.junction.server.api.ConnectFlowTest.oauthConnector("oauth-crm",
                "http://127.0.0.1:1", "http://127.0.0.1:1/default", "{{ config.issuer }}", ""))), "local:test");
        assertThat(applied.result().problems()).isEmpty();
        Session session = signIn(api.tenant("globex", Role.EDITOR));

        HttpResponse<String> fields = get("/console/connections/new?connector=oauth-crm", session.cookie());
        assertThat(fields.body()).contains("Connect").doesNotContain("type=\"password\"");
        HttpResponse<String> started = postForm("/console/connections/new?connector=oauth-crm", session.cookie(),
                "_csrf=" + enc(session.csrf()) + "&name=globex-oauth");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
        assertThat(started.headers().firstValue("Location").orElseThrow()).matches("/connect/[A-Za-z0-9_-]{43}");
        HttpResponse<String> back = get("/console/connected?status=failed&connection=" + enc(HOSTILE) + "&error=" + enc(HOSTILE), null);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("failed", "&lt;script&gt;").doesNotContain(HOSTILE);
    }

    @Test
    void anEditorDeletesAConnectionMadeHereAfterConfirmingButNotAYamlOne() throws Exception {
        Session session = signIn(api.editor());
        assertThat(postForm("/console/connections/new?connector=helpdesk&tenant=globex", session.cookie(), "_csrf=" + enc(session.csrf())
                + "&name=globex-desk-gone&config.baseUrl=" + enc(api.globex.helpdesk().baseUrl().toString()) + "&secrets.apiKey=k").statusCode())
                .isEqualTo(303);

        HttpResponse<String> confirm = get("/console/connections/globex-desk-gone/delete", session.cookie());
        assertThat(confirm.body()).contains("Delete the connection", "<button type=\"submit\" class=\"danger\">Delete</button>");
        HttpResponse<String> deleted = postForm("/console/connections/globex-desk-gone/delete", session.cookie(), "_csrf=" + enc(session.csrf()));

        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(get("/console/connections/globex-desk-gone", session.cookie()).statusCode()).isEqualTo(404);
        assertThat(get("/console/connections/globex-crm/delete", session.cookie()).body()).contains("applied from YAML").doesNotContain("class=\"danger\"");
        assertThat(postForm("/console/connections/globex-crm/delete", session.cookie(), "_csrf=" + enc(session.csrf())).statusCode()).isEqualTo(409);
        assertThat(postForm("/console/connections/globex-crm/delete", session.cookie(), "").statusCode()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    void adminPagesAreForOperatorAdminsOnly() throws Exception {
        for (String token : List.of(api.editor(), api.viewer(), api.tenant("northwind", Role.ADMIN))) {
            Session session = signIn(token);
            for (String page : List.of("/console/tokens", "/console/audit-log")) {
                assertThat(get(page, session.cookie()).statusCode()).as(page).isEqualTo(403);
            }
            assertThat(postForm("/console/tokens", session.cookie(), "_csrf=" + enc(session.csrf()) + "&role=admin").statusCode()).isEqualTo(403);
            assertThat(get("/console", session.cookie()).body()).doesNotContain("/console/tokens");
        }
        Session admin = signIn(api.admin());
        assertThat(get("/console", admin.cookie()).body()).contains("href=\"/console/tokens\"", "href=\"/console/audit-log\"");
    }

    @Test
    void anAdminCreatesATokenSeesItsSecretOnceAndRevokesIt() throws Exception {
        Session admin = signIn(api.admin());

        HttpResponse<String> created = postForm("/console/tokens", admin.cookie(), "_csrf=" + enc(admin.csrf()) + "&role=viewer&tenant=globex&name="
                + enc(HOSTILE) + "&expiresInDays=30");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher secret = Pattern.compile("id=\"token-secret\">([^<]+)<").matcher(created.body());
        assertThat(secret.find()).as(created.body()).isTrue();
        Matcher id = Pattern.compile("<code>(tok_[a-z0-9]+)</code>").matcher(created.body());
        assertThat(id.find()).isTrue();
        assertThat(created.body()).contains("&lt;script&gt;").doesNotContain(HOSTILE);
        assertThat(api.get("/api/v1/connections", secret.group(1)).statusCode()).isEqualTo(200);
        HttpResponse<String> list = get("/console/tokens", admin.cookie());
        assertThat(list.body()).contains(id.group(1), "globex", "viewer", "&lt;script&gt;").doesNotContain(secret.group(1), HOSTILE);

        HttpResponse<String> revoked = postForm("/console/tokens/" + id.group(1) + "/revoke", admin.cookie(), "_csrf=" + enc(admin.csrf()));

        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(api.get("/api/v1/connections", secret.group(1)).statusCode()).isEqualTo(401);
        assertThat(get("/console/tokens", admin.cookie()).body()).contains("revoked ");
        HttpResponse<String> bad = postForm("/console/tokens", admin.cookie(), "_csrf=" + enc(admin.csrf()) + "&role=owner");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("role 'owner' is not a role", "id=\"form-error\"");
    }

    @Test
    void theAuditLogListsWhoChangedWhatNewestFirstFilteredAndPaged() throws Exception {
        Session admin = signIn(api.admin());
        for (int i = 0; i < 55; i++) {
            api.engine.audit().record(new dev.junction.engine.Principal("tok_auditor", Role.ADMIN, null), "tests.poke", "Thing", HOSTILE + i, "200",
                    Map.of("n", i));
        }

        HttpResponse<String> first = get("/console/audit-log?actor=tok_auditor&action=tests.poke", admin.cookie());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("tests.poke", "&lt;script&gt;alert(1)&lt;/script&gt;", "value=\"tok_auditor\"").doesNotContain(HOSTILE);
        assertThat(first.body().indexOf("&gt;54")).isLessThan(first.body().indexOf("&gt;53")).isPositive();
        Matcher older = Pattern.compile("href=\"(/console/audit-log\\?[^\"]+)\" id=\"older\"").matcher(first.body());
        assertThat(older.find()).isTrue();
        HttpResponse<String> second = get(older.group(1).replace("&amp;", "&"), admin.cookie());
        assertThat(second.body()).contains("&gt;4<").doesNotContain("&gt;54<", "id=\"older\"");
        assertThat(get("/console/audit-log?action=no.such", admin.cookie()).body()).contains("No entry.");
        assertThat(get("/console/audit-log?cursor=nonsense", admin.cookie()).statusCode()).isEqualTo(400);
    }

    @Test
    void alertRulesAndChannelsAreShownWithoutSecretsAndAnAdminSendsATest() throws Exception {
        Session viewer = signIn(api.viewer());
        Session admin = signIn(api.admin());

        HttpResponse<String> rules = get("/console/alert-rules", viewer.cookie());
        assertThat(rules.body()).contains("any-run-failed", "run-failed", "tenant northwind", "2h", "ops-hook", "&lt;script&gt;").doesNotContain(HOSTILE);
        HttpResponse<String> channels = get("/console/alert-channels", viewer.cookie());
        assertThat(channels.body()).contains("ops-hook", "webhook").doesNotContain(ApiFixture.DEMO_WEBHOOK_SECRET, "127.0.0.1:" + receiver.port(), HOSTILE, "Send test");
        assertThat(channels.body()).contains("missing: url");
        api.engine.alertChannelSecrets().set("ops-slack", java.util.Map.of("url", "https://hooks.slack.example/services/T1/B1/S3CRET"));
        assertThat(get("/console/alert-channels", viewer.cookie()).body()).contains("set: url").doesNotContain("missing: url", "S3CRET");
        assertThat(get("/console/alerts", viewer.cookie()).body()).contains("href=\"/console/alert-rules\"");
        assertThat(get("/console/alert-rules", signIn(api.tenant("northwind", Role.ADMIN)).cookie()).statusCode()).isEqualTo(403);
        assertThat(postForm("/console/alert-channels/ops-hook/test", signIn(api.editor()).cookie(), "").statusCode()).isEqualTo(403);

        HttpResponse<String> tested = postForm("/console/alert-channels/ops-hook/test", admin.cookie(), "_csrf=" + enc(admin.csrf()));

        assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
        assertThat(tested.body()).contains("id=\"test-result\"", "Test sent to ops-hook").doesNotContain(ApiFixture.DEMO_WEBHOOK_SECRET);
        receiver.verify(1, WireMock.postRequestedFor(WireMock.urlEqualTo("/alerts")));
        assertThat(postForm("/console/alert-channels/nope/test", admin.cookie(), "_csrf=" + enc(admin.csrf())).statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminSilencesAlertsUntilATimeAndEndsTheSilence() throws Exception {
        Session admin = signIn(api.admin());
        String until = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusHours(3).withNano(0).toString();

        HttpResponse<String> made = postForm("/console/alert-silences", admin.cookie(), "_csrf=" + enc(admin.csrf()) + "&rule=any-run-failed&tenant=globex"
                + "&until=" + enc(until) + "&reason=" + enc(HOSTILE));

        assertThat(made.statusCode()).as(made.body()).isEqualTo(303);
        HttpResponse<String> list = get("/console/alert-silences", admin.cookie());
        assertThat(list.body()).contains("any-run-failed", "globex", "&lt;script&gt;", "End now").doesNotContain(HOSTILE);
        assertThat(get("/console/alert-silences", signIn(api.viewer()).cookie()).body()).contains("any-run-failed").doesNotContain("End now", "New silence");
        Matcher id = Pattern.compile("id=\"silence-(sil_[^\"]+)\"").matcher(list.body());
        assertThat(id.find()).isTrue();
        HttpResponse<String> refused = postForm("/console/alert-silences", admin.cookie(), "_csrf=" + enc(admin.csrf()) + "&until=tomorrow&reason=x");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("until: 'tomorrow' is not a time");

        HttpResponse<String> ended = postForm("/console/alert-silences/" + id.group(1) + "/delete", admin.cookie(), "_csrf=" + enc(admin.csrf()));

        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(get("/console/alert-silences", admin.cookie()).body()).doesNotContain(id.group(1));
        assertThat(csrfOf(list.body())).isEqualTo(admin.csrf());
    }
}
