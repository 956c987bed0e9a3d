package dev.junction.server.console;

import static dev.junction.server.console.ConsoleTest.enc;
import static dev.junction.server.console.ConsoleTest.get;
import static dev.junction.server.console.ConsoleTest.postForm;
import static dev.junction.server.console.ConsoleTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Role;
import dev.junction.engine.Runs;
import dev.junction.server.api.ApiFixture;
import dev.junction.server.console.ConsoleTest.Session;
import dev.junction.spec.SourceText;
import dev.junction.sync.RunListener;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync's console page and its mapping editor over HTTP: the YAML with versions and export, Run now
 * and Dry run, the run history chart, suggestions accepted one by one, a preview through the draft,
 * Save as a new definition version with If-Match semantics (a concurrent change is a conflict, never
 * overwritten), tenants' confinement, and hostile record values and field names shown as text.
 */
class SyncConsoleTest {
    static final String CLASSIC = "/console/syncs/" + ApiFixture.CLASSIC_SYNC;
    static final String HOSTILE_FIRST = "<script>alert(1)</script>";
    static final String HOSTILE_LAST = "\"><img src=x onerror=alert(2)>";
    static ApiFixture api;

    @BeforeAll
    static void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        ConsoleTest.api = api; // ConsoleTest's sign-in and request helpers talk to this fixture
        api.engine.runs().run(api.engine.definitions().applied(), new Runs.Request(ApiFixture.CLASSIC_SYNC, null, "test", false), RunListener.NONE);
        hostileContact(api);
    }

    /** Makes the demo CRM's first contact's name hostile text (the classic sync's source). */
    static void hostileContact(ApiFixture api) {
        HttpResponse<String> upsert = api.send(HttpRequest.newBuilder(api.demo.crm().baseUrl().resolve("/v1/contacts/batch/upsert"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": [{\"id\": \"c-00001\", \"properties\":"
                        + " {\"firstname\": \"" + HOSTILE_FIRST + "\", \"lastname\": \"\\\"><img src=x onerror=alert(2)>\"}}]}")), api.demo.crm().token());
        assertThat(upsert.statusCode()).as(upsert.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String form(Session session, String... pairs) {
        StringBuilder form = new StringBuilder("_csrf=" + enc(session.csrf()));
        for (int i = 0; i < pairs.length; i += 2) {
            form.append('&').append(pairs[i]).append('=').append(enc(pairs[i + 1]));
        }
        return form.toString();
    }

    /** The hidden fields and the draft of the editor's form in {@code html}, as form pairs to send back with a step. */
    static List<String> carried(String html) {
        List<String> pairs = new java.util.ArrayList<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"(base|sd|ss)\" value=\"([^\"]*)\">").matcher(html);
        while (hidden.find()) {
            pairs.add(hidden.group(1));
            pairs.add(unescape(hidden.group(2)));
        }
        Matcher draft = Pattern.compile("<textarea name=\"draft\"[^>]*>(.*?)</textarea>", Pattern.DOTALL).matcher(html);
        assertThat(draft.find()).as("a draft in " + html).isTrue();
        pairs.add("draft");
        pairs.add(unescape(draft.group(1)));
        return pairs;
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    static String[] with(List<String> carried, String... more) {
        List<String> all = new java.util.ArrayList<>(carried);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void theSyncPageShowsItsYamlVersionsScheduleAndRunsWithAChart() throws Exception {
        Session viewer = signIn(api.viewer());

        HttpResponse<String> page = get(CLASSIC, viewer.cookie());

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("kind: Sync", "Export YAML", "href=\"" + CLASSIC + "/export\"", "<svg", "written", "Run history",
                "href=\"" + CLASSIC + "/mapping\"").doesNotContain("id=\"run-now\"");
        assertThat(get("/console/syncs", viewer.cookie()).body()).contains("href=\"" + CLASSIC + "\"");
        HttpResponse<String> export = get(CLASSIC + "/export", viewer.cookie());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment", ".sync.yaml"));
        assertThat(export.body()).contains("name: " + ApiFixture.CLASSIC_SYNC);
        assertThat(get(CLASSIC + "/versions/1", viewer.cookie()).body()).contains("kind: Sync");
        assertThat(get(CLASSIC + "/versions/99", viewer.cookie()).statusCode()).isEqualTo(404);
        assertThat(get("/console/syncs/no-such", viewer.cookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void aSyncsHostileDescriptionIsShownAsText() throws Exception {
        String sync = "kind: Sync\nname: hostile-sync\ndescription: '" + HOSTILE_FIRST + " javascript:alert(4) " + HOSTILE_LAST.replace("'", "''")
                + "'\nsource: { connection: crm, stream: contacts, mode: full }\n"
                + "destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }\nmapping:\n  external_id: id\n";
        assertThat(api.engine.definitions().apply(List.of(new SourceText("hostile.yaml", sync))).result().problems()).isEmpty();
        Session viewer = signIn(api.viewer());

        HttpResponse<String> page = get("/console/syncs/hostile-sync", viewer.cookie());

        assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(4) \"&gt;&lt;img").doesNotContain(HOSTILE_FIRST, "<img src=x",
                "href=\"javascript:");
    }

    @Test
    void tenantTokensSeeTheirPerTenantSyncsOnlyAndNoDefinition() throws Exception {
        Session northwind = signIn(api.tenant("northwind", Role.EDITOR));

        assertThat(get(CLASSIC, northwind.cookie()).statusCode()).isEqualTo(404);
        HttpResponse<String> own = get("/console/syncs/" + ApiFixture.TENANT_SYNC, northwind.cookie());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("northwind", "id=\"run-now\"", "id=\"dry-run\"").doesNotContain("kind: Sync", "globex");
        assertThat(get("/console/syncs/" + ApiFixture.TENANT_SYNC + "?tenant=globex", northwind.cookie()).statusCode()).isEqualTo(404);
        assertThat(get(CLASSIC + "/export", northwind.cookie()).statusCode()).isEqualTo(403);
        assertThat(get("/console/syncs/" + ApiFixture.TENANT_SYNC + "/mapping", northwind.cookie()).body()).contains("external_id")
                .doesNotContain("name=\"draft\"");
    }

    @Test
    void runNowStartsARunAndDryRunShowsWhatItWouldDo() throws Exception {
        Session editor = signIn(api.editor());
        Session viewer = signIn(api.viewer());

        assertThat(postForm(CLASSIC + "/run", viewer.cookie(), form(viewer)).statusCode()).isEqualTo(403);
        assertThat(postForm(CLASSIC + "/run", editor.cookie(), "").statusCode()).isEqualTo(403);
        HttpResponse<String> run = postForm(CLASSIC + "/run", editor.cookie(), form(editor));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(303);
        String location = run.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/console/runs/");
        assertThat(api.engine.runs().find(location.substring("/console/runs/".length()))).isPresent();

        HttpResponse<String> dry = postForm(CLASSIC + "/dry-run", editor.cookie(), form(editor));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).contains("Would insert", "nothing was written", "&lt;script&gt;alert(1)").doesNotContain(HOSTILE_FIRST, "<img");
        HttpResponse<String> tenantDry = postForm("/console/syncs/" + ApiFixture.TENANT_SYNC + "/dry-run?tenant=globex", editor.cookie(), form(editor));
        assertThat(tenantDry.statusCode()).as(tenantDry.body()).isEqualTo(200);
    }

    @Test
    void schedulesArePausedAndResumedFromThePage() throws Exception {
        String schedule = "kind: Sync\nname: scheduled-sync\nsource: { connection: crm, stream: contacts, mode: full }\n"
                + "destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }\nmapping:\n  external_id: id\n"
                + "schedule: \"0 * * * *\"\n";
        assertThat(api.engine.definitions().apply(List.of(new SourceText("scheduled.yaml", schedule))).result().problems()).isEmpty();
        Session editor = signIn(api.editor());

        assertThat(get("/console/syncs/scheduled-sync", editor.cookie()).body()).contains("active", "Pause");
        assertThat(postForm("/console/syncs/scheduled-sync/schedule/pause", editor.cookie(), form(editor)).statusCode()).isEqualTo(303);
        assertThat(api.engine.schedules().list("scheduled-sync", null).getFirst().paused()).isTrue();
        assertThat(get("/console/syncs/scheduled-sync", editor.cookie()).body()).contains("paused", "Resume");
        assertThat(postForm("/console/syncs/scheduled-sync/schedule/resume", editor.cookie(), form(editor)).statusCode()).isEqualTo(303);
        assertThat(api.engine.schedules().list("scheduled-sync", null).getFirst().paused()).isFalse();
    }

    @Test
    void theMappingEditorSuggestsAcceptsPreviewsAndSavesANewVersion() throws Exception {
        String mapping = CLASSIC + "/mapping";
        Session editor = signIn(api.editor());
        int before = api.engine.definitions().currentVersion("Sync", ApiFixture.CLASSIC_SYNC);

        HttpResponse<String> opened = get(mapping, editor.cookie());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(opened.body()).contains("profile.company", "company.name", "name=\"draft\"", "value=\"" + before + "\"");

        HttpResponse<String> suggested = postForm(mapping, editor.cookie(), form(editor, with(carried(opened.body()), "step", "suggest", "stream", "users")));
        assertThat(suggested.statusCode()).as(suggested.body()).isEqualTo(200);
        assertThat(suggested.body()).contains("id=\"suggestions\"", "name=\"accept\" value=\"0\"");

        // a suggestion of hostile names (the form is the client's to send): shown as text in the draft
        String[] hostile = with(carried(suggested.body()), "sd", "x_" + HOSTILE_FIRST, "ss", "javascript:alert(3)");
        int hostileIndex = (int) java.util.Arrays.stream(hostile).filter("sd"::equals).count() - 1;
        HttpResponse<String> shown = postForm(mapping, editor.cookie(), form(editor, with(List.of(hostile), "accept", Integer.toString(hostileIndex))));
        assertThat(shown.body()).contains("x_&lt;script&gt;alert(1)&lt;/script&gt;", "javascript:alert(3)").doesNotContain(HOSTILE_FIRST, "<img src=x",
                "href=\"javascript:");

        HttpResponse<String> accepted = postForm(mapping, editor.cookie(), form(editor, with(carried(suggested.body()), "accept", "0")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("Accepted: ", "class=\"json preview-output\"", "&lt;script&gt;alert(1)&lt;/script&gt; \\\"&gt;&lt;img src=x onerror=alert(2)&gt;", "\"created_at\" : \"20",
                "class=\"change\">new</td>").doesNotContain(HOSTILE_FIRST, "<img src=x");

        HttpResponse<String> saved = postForm(mapping, editor.cookie(), form(editor, with(carried(accepted.body()), "step", "save")));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue(CLASSIC + "?saved=" + (before + 1));
        HttpResponse<String> versions = api.get("/api/v1/definitions/Sync/" + ApiFixture.CLASSIC_SYNC + "/versions", api.viewer());
        assertThat(api.body(versions).get(0).path("version").asInt()).isEqualTo(before + 1);
        assertThat(api.engine.definitions().get("Sync", ApiFixture.CLASSIC_SYNC).source()).contains("# CRM contacts become", "  external_id: id\n");
        assertThat(get(CLASSIC + "?saved=" + (before + 1), editor.cookie()).body()).contains("Saved as version " + (before + 1), "Export YAML");

        // the same draft saved again from its old version: a conflict, nothing overwritten
        HttpResponse<String> stale = postForm(mapping, editor.cookie(), form(editor, with(carried(accepted.body()), "step", "save")));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("changed since you started this draft from version " + before, "now at version " + (before + 1),
                "Nothing was overwritten");
        assertThat(api.engine.definitions().currentVersion("Sync", ApiFixture.CLASSIC_SYNC)).isEqualTo(before + 1);
    }

    @Test
    void theEditorRefusesViewersTenantTokensAndFormsWithoutTheirToken() throws Exception {
        String mapping = CLASSIC + "/mapping";
        Session viewer = signIn(api.viewer());
        Session editor = signIn(api.editor());
        Session globex = signIn(api.tenant("globex", Role.ADMIN));

        assertThat(get(mapping, viewer.cookie()).body()).contains("profile.company").doesNotContain("name=\"draft\"");
        assertThat(postForm(mapping, viewer.cookie(), form(viewer, "step", "preview", "draft", "x")).statusCode()).isEqualTo(403);
        assertThat(postForm(mapping, editor.cookie(), "step=save&draft=x").statusCode()).isEqualTo(403);
        assertThat(postForm("/console/syncs/" + ApiFixture.TENANT_SYNC + "/mapping", globex.cookie(), form(globex, "step", "preview", "draft", "x"))
                .statusCode()).isEqualTo(403);
        HttpResponse<String> broken = postForm(mapping, editor.cookie(), form(editor, "step", "save", "base", "1", "draft", "kind: Sync\nname: [oops"));
        assertThat(broken.statusCode()).isIn(400, 409);
        assertThat(api.engine.definitions().get("Sync", ApiFixture.CLASSIC_SYNC).source()).doesNotContain("oops");
    }
}
