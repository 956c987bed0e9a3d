package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Role;
import dev.junction.sync.RunListener;
import dev.junction.engine.Runs;
import dev.junction.server.api.ApiFixture;
import dev.junction.store.RunRecord;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTP, without a browser: sign-in exchanges a token for a session cookie, pages
 * answer what the session's token may see, forms without their CSRF token are refused, and every page
 * carries the strict Content-Security-Policy and no inline script or style.
 */
class ConsoleTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static RunRecord globexRun;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
        globexRun = run(api, "globex");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static RunRecord run(ApiFixture api, String tenant) {
        return api.engine.runs().run(api.engine.definitions().applied(), new Runs.Request(ApiFixture.TENANT_SYNC, tenant, "test", false), RunListener.NONE)
                .run();
    }

    /** A browser's session: the cookie of a sign-in with {@code token}. */
    record Session(String cookie, String csrf) {}

    static Session signIn(String token) throws Exception {
        HttpResponse<String> form = get("/console/sign-in", null);
        String signInCookie = cookie(form, ConsoleAuth.SIGN_IN_COOKIE);
        String csrf = csrfOf(form.body());
        HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(api.uri("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", ConsoleAuth.SIGN_IN_COOKIE + "=" + signInCookie)
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf) + "&token=" + enc(token))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("junction_console=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/console").doesNotContain("Secure");
        String session = setCookie.substring("junction_console=".length(), setCookie.indexOf(';'));
        HttpResponse<String> overview = get("/console", session);
        return new Session(session, csrfOf(overview.body()));
    }

    static HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).header("Accept", "text/html");
        if (session != null) {
            request.header("Cookie", "junction_console=" + session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String path, String session, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.uri(path)).header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "junction_console=" + session).POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrfOf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in " + html).isTrue();
        return m.group(1);
    }

    static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(name.length() + 1, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers().map()));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheSignInForm() throws Exception {
        HttpResponse<String> overview = get("/console", null);

        assertThat(overview.statusCode()).isEqualTo(303);
        assertThat(overview.headers().firstValue("Location")).contains("/console/sign-in");
        assertThat(get("/", null).headers().firstValue("Location")).contains("/console");
    }

    @Test
    void aTokenBecomesASessionThatShowsThePages() throws Exception {
        Session session = signIn(api.admin());

        for (String page : new String[] {"/console", "/console/connectors", "/console/connections", "/console/connections/globex-crm", "/console/syncs",
                "/console/runs/" + globexRun.id(), "/console/flows", "/console/audits", "/console/alerts"}) {
            HttpResponse<String> response = get(page, session.cookie());
            assertThat(response.statusCode()).as(page + ": " + response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(page).hasValue(ConsoleHeaders.CSP);
            assertThat(ConsoleHeaders.CSP).contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe");
            assertThat(response.body()).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style", " style=", " onclick=");
        }
        assertThat(get("/console/runs/" + globexRun.id(), session.cookie()).body()).contains(globexRun.id(), "Counters", "Dead letters");
        assertThat(get("/console/connectors", session.cookie()).body()).contains("acme-crm");
    }

    /** An execution of the example flow stored as {@code status} for {@code tenant}, with one step whose output is hostile text. */
    static dev.junction.store.FlowExecution execution(String tenant, dev.junction.store.FlowExecutionStatus status) {
        var store = api.engine.store().flowExecutions();
        java.time.Instant at = java.time.Instant.now();
        var e = store.createOrFind(dev.junction.store.FlowExecution.queued(java.util.UUID.randomUUID().toString(), "contact-card", 1, tenant, "{\"id\":\"1\"}",
                null, null, at));
        store.saveStep(new dev.junction.store.FlowStepRecord(e.id(), 1, "contact", status == dev.junction.store.FlowExecutionStatus.FAILED ? "failed" : "succeeded",
                "{\"name\":\"<script>alert(1)</script>\"}", status == dev.junction.store.FlowExecutionStatus.FAILED ? "the CRM said <script>alert(1)</script>" : null, at, at,
                "{\"id\":\"1\"}"));
        if (status.finished()) {
            store.finish(e.id(), status, null, null, status == dev.junction.store.FlowExecutionStatus.FAILED ? "step contact failed" : null, at);
        }
        return store.find(e.id()).orElseThrow();
    }

    @Test
    void flowsShowTheirExecutionsAndStepsOfTheirTenantOnly() throws Exception {
        Path flow = Path.of("..", "examples", "flows", "contact-card.flow.yaml");
        assertThat(api.engine.definitions().apply(java.util.List.of(new dev.junction.spec.SourceText(flow.toString(), java.nio.file.Files.readString(flow))))
                .ok()).isTrue();
        var failed = execution("globex", dev.junction.store.FlowExecutionStatus.FAILED);
        var queued = execution("globex", dev.junction.store.FlowExecutionStatus.QUEUED);
        Session editor = signIn(api.editor());
        Session viewer = signIn(api.viewer());
        Session northwind = signIn(api.tenant("northwind", Role.VIEWER));

        assertThat(get("/console/flows", viewer.cookie()).body()).contains("href=\"/console/flows/contact-card\"", "api", "<td>5</td>");
        assertThat(get("/console/flows/contact-card", viewer.cookie()).body()).contains(failed.id(), queued.id(), "failed", "queued");
        assertThat(get("/console/flows/contact-card", northwind.cookie()).body()).doesNotContain(failed.id());
        HttpResponse<String> page = get("/console/flow-executions/" + failed.id(), editor.cookie());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("step contact failed", "the CRM said &lt;script&gt;alert(1)", "Retry", "/retry").doesNotContain("/cancel\"")
                .doesNotContain("<script>alert");
        assertThat(get("/console/flow-executions/" + queued.id(), editor.cookie()).body()).contains("Cancel").doesNotContain("/retry\"");
        assertThat(get("/console/flow-executions/" + failed.id(), northwind.cookie()).statusCode()).isEqualTo(404);
        assertThat(get("/console/flow-executions/no-such", editor.cookie()).statusCode()).isEqualTo(404);

        assertThat(postForm("/console/flow-executions/" + queued.id() + "/cancel", viewer.cookie(), "_csrf=" + enc(viewer.csrf())).statusCode())
                .isEqualTo(403);
        assertThat(postForm("/console/flow-executions/" + queued.id() + "/cancel", editor.cookie(), "").statusCode()).isEqualTo(403);
        HttpResponse<String> cancelled = postForm("/console/flow-executions/" + queued.id() + "/cancel", editor.cookie(), "_csrf=" + enc(editor.csrf()));
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(303);
        assertThat(cancelled.headers().firstValue("Location")).hasValue("/console/flow-executions/" + queued.id());
        assertThat(api.engine.flows().execution(queued.id()).status()).isEqualTo(dev.junction.store.FlowExecutionStatus.CANCELLED);
        HttpResponse<String> retried = postForm("/console/flow-executions/" + failed.id() + "/retry", editor.cookie(), "_csrf=" + enc(editor.csrf()));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(303);
        assertThat(api.engine.flows().execution(failed.id()).status()).isNotEqualTo(dev.junction.store.FlowExecutionStatus.FAILED);
    }

    @Test
    void auditsShowTheirCountsAndSamplesToTheirTenantOnly() throws Exception {
        var at = java.time.Instant.now();
        var report = new dev.junction.audit.AuditReport(3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 0, java.util.Map.of("email", 1L), java.util.List.of("email"),
                new dev.junction.audit.AuditReport.Samples(java.util.List.of(new dev.junction.audit.AuditReport.Sample("key-missing-1", java.util.List.of())),
                        java.util.List.of(new dev.junction.audit.AuditReport.Sample("key-extra-1", java.util.List.of())),
                        java.util.List.of(new dev.junction.audit.AuditReport.Sample("key-mismatch-1", java.util.List.of(
                                new dev.junction.audit.AuditReport.FieldDifference("email", "<img src=x onerror=alert(1)>", "b@example.com"))))));
        var audit = new dev.junction.store.SyncAudit("audit-globex-1", ApiFixture.TENANT_SYNC, "globex", "api", dev.junction.store.SyncAudit.RUNNING, at, null,
                0, 0, 0, 0, 0, null, null);
        api.engine.store().syncAudits().insert(audit);
        api.engine.store().syncAudits().finish(new dev.junction.store.SyncAudit(audit.id(), audit.sync(), "globex", "api",
                dev.junction.store.SyncAudit.DIFFERENCES, at, at, 3, 3, 1, 1, 1, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(report), null));
        Session viewer = signIn(api.viewer());
        Session northwind = signIn(api.tenant("northwind", Role.VIEWER));

        assertThat(get("/console/audits", viewer.cookie()).body()).contains("href=\"/console/audits/audit-globex-1\"", "differences");
        assertThat(get("/console/audits", northwind.cookie()).body()).doesNotContain("audit-globex-1");
        HttpResponse<String> page = get("/console/audits/audit-globex-1", viewer.cookie());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("key-missing-1", "key-extra-1", "key-mismatch-1", "&lt;img src=x onerror=alert(1)&gt;", "b@example.com")
                .doesNotContain("<img");
        assertThat(get("/console/audits/audit-globex-1", northwind.cookie()).statusCode()).isEqualTo(404);
        assertThat(get("/console/audits/no-such", viewer.cookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void alertsShowFiringAndResolvedOnesOfTheirTenantOnly() throws Exception {
        var at = java.time.Instant.now();
        var alerts = api.engine.store().alerts();
        alerts.fire(new dev.junction.store.AlertRecord("alert-firing-1", "sync-failing", "sync:x:globex", "globex", ApiFixture.TENANT_SYNC, null, "critical",
                dev.junction.store.AlertRecord.Status.FIRING, "globex sync <b>failed</b> 3 times", at, at, null, null), java.util.List.of());
        alerts.fire(new dev.junction.store.AlertRecord("alert-resolved-1", "sync-failing", "sync:y:globex", "globex", ApiFixture.TENANT_SYNC, null, "warning",
                dev.junction.store.AlertRecord.Status.FIRING, "an older episode", at, at, null, null), java.util.List.of());
        alerts.resolve("alert-resolved-1", at, java.util.List.of());
        Session viewer = signIn(api.viewer());
        Session northwind = signIn(api.tenant("northwind", Role.VIEWER));

        HttpResponse<String> page = get("/console/alerts", viewer.cookie());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("globex sync &lt;b&gt;failed&lt;/b&gt; 3 times", "Recently resolved", "an older episode", "href=\"/console/alerts\"")
                .doesNotContain("<b>failed");
        assertThat(page.body().indexOf("an older episode")).isGreaterThan(page.body().indexOf("Recently resolved"));
        assertThat(get("/console/alerts", northwind.cookie()).body()).doesNotContain("globex sync", "an older episode");
        assertThat(get("/console/alerts?tenant=globex", northwind.cookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidTokenShowsTheFormAgain() throws Exception {
        HttpResponse<String> form = get("/console/sign-in", null);
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(api.uri("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", ConsoleAuth.SIGN_IN_COOKIE + "=" + cookie(form, ConsoleAuth.SIGN_IN_COOKIE))
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrfOf(form.body())) + "&token=jt_not-a-token")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("not valid").doesNotContain("jt_not-a-token");
    }

    @Test
    void formsWithoutTheirCsrfTokenAreRefused() throws Exception {
        Session session = signIn(api.editor());

        HttpResponse<String> noToken = postForm("/console/connections/globex-crm/check", session.cookie(), "");
        HttpResponse<String> wrongToken = postForm("/console/connections/globex-crm/check", session.cookie(), "_csrf=guessed");
        HttpResponse<String> signInWithoutCookie = HTTP.send(HttpRequest.newBuilder(api.uri("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=x&token=" + enc(api.admin()))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signOut = postForm("/console/sign-out", session.cookie(), "");

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(signInWithoutCookie.statusCode()).isEqualTo(403);
        assertThat(signOut.statusCode()).isEqualTo(403);
        assertThat(get("/console", session.cookie()).statusCode()).as("the session lives on").isEqualTo(200);
        HttpResponse<String> checked = postForm("/console/connections/globex-crm/check", session.cookie(), "_csrf=" + enc(session.csrf()));
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(303);
        assertThat(api.engine.health().history("globex-crm", null, 10)).isNotEmpty();
    }

    @Test
    void anEditorSendsARequestThroughAConnectionAndSeesTheAnswerWithoutItsToken() throws Exception {
        Session editor = signIn(api.tenant("globex", Role.EDITOR));
        assertThat(get("/console/connections/globex-crm", editor.cookie()).body()).contains("id=\"request-connection\"");
        HttpResponse<String> form = get("/console/connections/globex-crm/request", editor.cookie());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);

        HttpResponse<String> sent = postForm("/console/connections/globex-crm/request", editor.cookie(), "_csrf=" + enc(editor.csrf())
                + "&method=GET&path=" + enc("/v1/owners") + "&query=" + enc("limit=1\n") + "&body=");

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("id=\"answer-status\">200<", "\"results\" : [", "request:").doesNotContain(api.globex.crm().token());
        HttpResponse<String> refused = postForm("/console/connections/globex-crm/request", editor.cookie(), "_csrf=" + enc(editor.csrf())
                + "&method=GET&path=" + enc("/../admin") + "&query=&body=");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"request-error\"", "is not a path below the connector");
        Session viewer = signIn(api.tenant("globex", Role.VIEWER));
        assertThat(postForm("/console/connections/globex-crm/request", viewer.cookie(), "_csrf=" + enc(viewer.csrf()) + "&method=GET&path=%2F")
                .statusCode()).isEqualTo(403);
        Session northwind = signIn(api.tenant("northwind", Role.EDITOR));
        assertThat(get("/console/connections/globex-crm/request", northwind.cookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void aViewerMayNotPostAndATenantSeesOnlyItsOwn() throws Exception {
        Session viewer = signIn(api.viewer());
        Session northwind = signIn(api.tenant("northwind", Role.VIEWER));

        assertThat(postForm("/console/connections/globex-crm/check", viewer.cookie(), "_csrf=" + enc(viewer.csrf())).statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = get("/console/connections/globex-crm", northwind.cookie());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("globex-crm-token");
        assertThat(get("/console/runs/" + globexRun.id(), northwind.cookie()).statusCode()).isEqualTo(404);
        assertThat(get("/console?tenant=globex", northwind.cookie()).statusCode()).isEqualTo(404);
        assertThat(get("/console/connections", northwind.cookie()).body()).contains("northwind-crm").doesNotContain("globex-crm");
        assertThat(get("/console", northwind.cookie()).body()).doesNotContain(globexRun.id());
    }

    @Test
    void signingOutOrRevokingTheTokenEndsTheSession() throws Exception {
        var created = api.engine.tokens().create(Role.VIEWER, null, "console-revoked", null, "local:test");
        Session revoked = signIn(created.secret());
        Session signedOut = signIn(api.viewer());

        api.engine.tokens().revoke(created.token().id());
        HttpResponse<String> out = postForm("/console/sign-out", signedOut.cookie(), "_csrf=" + enc(signedOut.csrf()));

        assertThat(get("/console", revoked.cookie()).statusCode()).isEqualTo(303);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("junction_console=;") && c.contains("Max-Age=0"));
        assertThat(get("/console", signedOut.cookie()).statusCode()).isEqualTo(303);
    }

    /** A clock the test moves. */
    static final class MovingClock extends java.time.Clock {
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void aSessionEndsWhenIdleTooLongAndAtItsMaximumAge() {
        MovingClock clock = new MovingClock();
        SessionStore store = new SessionStore(api.engine.tokens(), clock);
        var principal = api.engine.tokens().authenticate(api.viewer()).orElseThrow();
        SessionStore.Session idle = store.create(principal);
        SessionStore.Session busy = store.create(principal);

        for (int i = 0; i < 12; i++) { // every 59 minutes a request to the busy one, for 11 h 48 min
            clock.now = clock.now.plus(java.time.Duration.ofMinutes(59));
            assertThat(store.principal(busy.id())).as("after %d requests", i).isPresent();
        }
        assertThat(store.principal(idle.id())).isEmpty();
        clock.now = clock.now.plus(java.time.Duration.ofMinutes(13)); // 12 h 1 min after sign-in
        assertThat(store.principal(busy.id())).isEmpty();
        assertThat(store.csrfMatches(busy.id(), busy.csrf())).isFalse();
        assertThat(store.principal("no-such-session")).isEmpty();
        assertThat(idle.id()).isNotEqualTo(busy.id()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void assetsAreServedWithThePolicyAndUnknownOnesAreNot() throws Exception {
        HttpResponse<String> css = get("/console/assets/console.css", null);
        HttpResponse<String> htmx = get("/console/assets/htmx.min.js", null);

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
        assertThat(htmx.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(get("/console/assets/..%2Fpom.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/console/assets/nothing.js", null).statusCode()).isEqualTo(404);
    }
}
