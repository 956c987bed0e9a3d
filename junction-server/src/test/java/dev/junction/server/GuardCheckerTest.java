package dev.junction.server;

import dev.junction.engine.Role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.server.testing.ForeignObjects;
import dev.junction.server.testing.GuardChecker;
import dev.junction.server.testing.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guard check over the router's routes, as the full server's test will run it. */
class GuardCheckerTest {
    private static final GuardChecker.Tokens TOKENS = new GuardChecker.Tokens(TestServer.VIEWER, TestServer.TENANT_A_ADMIN);

    @Test
    void everyRouteOfTheSampleServerRefusesWhatItsGuardForbids() {
        try (TestServer test = new TestServer()) {
            List<Violation> violations = new GuardChecker(test.server, TOKENS, tenantB(test)).check();

            assertThat(violations).isEmpty();
            assertThat(test.server.servedRoutes()).extracting(ServedRoute::label)
                    .contains("GET /health/live", "GET /health/ready", "GET /api/v1/openapi.json", "PUT /api/v1/notes/{id}", "POST /hooks/{source}");
        }
    }

    @Test
    void reportsARouteAddedToJavalinDirectlyAndTheServerRefusesIt() {
        try (TestServer test = new TestServer(c -> c, b -> b.customizeJavalin(cfg -> cfg.routes.get("/api/v1/sneaky", ctx -> ctx.result("secret"))))) {
            List<Violation> violations = new GuardChecker(test.server, TOKENS, tenantB(test)).check();

            assertThat(violations).extracting(Violation::route).containsExactly("GET /api/v1/sneaky");
            assertThat(violations.get(0).expectation()).startsWith("declares no guard");
            var answer = test.get("/api/v1/sneaky", TestServer.ADMIN);
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).doesNotContain("secret").contains("error id");
        }
    }

    @Test
    void reportsATenantRouteThatAnswersAnotherTenantsObject() {
        ApiModule leaky = routes -> routes.get("/api/v1/leaky/{id}", Guard.token(Role.VIEWER, Scope.tenantOfObject(ctx -> Optional.of("tenant-a"))))
                .operation("getLeaky", "leaky", "Trusts the wrong owner")
                .handle(ctx -> ctx.result("note of tenant-b: " + ctx.pathParam("id")));
        try (TestServer test = new TestServer(c -> c, b -> b.module(leaky))) {
            List<Violation> violations = new GuardChecker(test.server, TOKENS, tenantB(test).pathParam("id", "b-note-secret")).check();

            assertThat(violations).extracting(Violation::route).containsExactly("GET /api/v1/leaky/{id}");
            assertThat(violations.get(0).status()).isEqualTo(200);
        }
    }

    @Test
    void reportsAListThatForgetsToFilterByTheTokensTenant() {
        Notebook notebook = new Notebook();
        ApiModule unfiltered = routes -> routes.get("/api/v1/all-notes", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("listAllNotes", "notes", "Ignores the tenant")
                .handle(ctx -> ctx.json(notebook.list(Optional.empty()).stream().map(Notebook.Note::id).toList()));
        try (TestServer test = new TestServer(notebook, c -> c, b -> b.module(unfiltered))) {
            List<Violation> violations = new GuardChecker(test.server, TOKENS, tenantB(test)).check();

            assertThat(violations).singleElement().satisfies(v -> {
                assertThat(v.route()).isEqualTo("GET /api/v1/all-notes");
                assertThat(v.expectation()).startsWith("a tenant-A token's unfiltered list holds nothing of tenant-b (the body holds note-");
            });
        }
    }

    @Test
    void reportsATenantRouteWhoseTenantBObjectIsNotDescribed() {
        ApiModule undescribed = routes -> routes.get("/api/v1/things/{thingId}", Guard.token(Role.VIEWER, Scope.tenantOfObject(ctx -> Optional.empty())))
                .operation("getThing", "things", "A thing")
                .handle(ctx -> ctx.result("thing"));
        try (TestServer test = new TestServer(c -> c, b -> b.module(undescribed))) {
            List<Violation> violations = new GuardChecker(test.server, TOKENS, tenantB(test)).check();

            assertThat(violations).singleElement().hasToString("GET /api/v1/things/{thingId}: cannot address a tenant-B object: no value of tenant tenant-b"
                    + " for path parameter 'thingId': add ForeignObjects.pathParam(\"thingId\", ...) or a request for getThing");
        }
    }

    @Test
    void refusesAPublicRouteOutsideHealthWhenTheServerIsBuilt() {
        ApiModule open = routes -> routes.get("/api/v1/open", Guard.publicHealth()).operation("getOpen", "open", "Open").handle(ctx -> ctx.result("x"));

        assertThatThrownBy(() -> JunctionServer.builder(ServerConfig.defaults()).module(open).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route GET /api/v1/open (getOpen) is public; only /health/* routes may be (declare a token, webhook or connect-session guard)");
    }

    @Test
    void refusesAMutatingRouteThatLetsViewersInWhenTheServerIsBuilt() {
        ApiModule lax = routes -> routes.post("/api/v1/things", Guard.token(Role.VIEWER, Scope.global())).operation("createThing", "things", "Create")
                .handle(ctx -> ctx.status(201));

        assertThatThrownBy(() -> JunctionServer.builder(ServerConfig.defaults()).module(lax).build())
                .hasMessage("route POST /api/v1/things (createThing) changes something (POST) but lets viewers in; require editor or admin");
    }

    @Test
    void refusesATenantPathParameterTheRouteDoesNotHave() {
        ApiModule wrong = routes -> routes.get("/api/v1/tenants/{id}/x", Guard.token(Role.VIEWER, Scope.tenantFromPath("tenant")))
                .operation("getX", "x", "X").handle(ctx -> ctx.result("x"));

        assertThatThrownBy(() -> JunctionServer.builder(ServerConfig.defaults()).module(wrong).build())
                .hasMessage("route GET /api/v1/tenants/{id}/x (getX) takes its tenant from path parameter 'tenant', which its path does not have");
    }

    @Test
    void refusesTwoRoutesWithOneOperationId() {
        ApiModule twice = routes -> {
            routes.get("/api/v1/a", Guard.token(Role.VIEWER, Scope.global())).operation("getThing", "x", "A").handle(ctx -> ctx.result("a"));
            routes.get("/api/v1/b", Guard.token(Role.VIEWER, Scope.global())).operation("getThing", "x", "B").handle(ctx -> ctx.result("b"));
        };

        assertThatThrownBy(() -> JunctionServer.builder(ServerConfig.defaults()).module(twice).build())
                .hasMessage("route GET /api/v1/b (getThing) reuses operationId 'getThing' of GET /api/v1/a");
    }

    /** Tenant B's objects in the sample API: one note, reached by id, by tenant path and query, and by a body naming B. */
    private static ForeignObjects tenantB(TestServer test) {
        Notebook.Note note = test.notebook.add("tenant-b", "tenant-b-secret-text");
        return ForeignObjects.ofTenant("tenant-b")
                .pathParam("id", note.id())
                .body("createNote", "{\"tenant\":\"tenant-b\",\"text\":\"planted\",\"priority\":1}")
                .body("replaceNote", "{\"text\":\"overwritten\"}")
                .marker(note.id())
                .marker("tenant-b-secret-text");
    }
}
