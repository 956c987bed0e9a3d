package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each token may do on each kind of route, one rule per test. */
class GuardTest {
    private final TestServer test = new TestServer();

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void answersAMissingTokenWith401AndABearerChallenge() {
        HttpResponse<String> answer = test.get("/api/v1/widgets", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"junction\"");
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("This route needs an API token: send 'Authorization: Bearer <token>'.");
    }

    @Test
    void answersAnUnknownTokenWith401InvalidToken() {
        HttpResponse<String> answer = test.get("/api/v1/widgets", "jct_nope");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"junction\", error=\"invalid_token\"");
    }

    @Test
    void answersAnotherAuthorizationSchemeWith401() {
        HttpResponse<String> answer = test.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(test.server.baseUrl() + "/api/v1/widgets"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("The Authorization header must be 'Bearer <token>'.");
    }

    @Test
    void refusesAViewerOnAMutatingRouteWith403NamingTheRoles() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.VIEWER, "{\"name\":\"w\"}");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("This route needs a token with the editor role or higher; this token has viewer.");
    }

    @Test
    void letsAnAdminDoWhatAnEditorMay() {
        assertThat(test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\"w\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void letsATenantTokenReadGlobalResourcesButNotChangeThem() {
        assertThat(test.get("/api/v1/widgets", TestServer.TENANT_A_VIEWER).statusCode()).isEqualTo(200);

        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.TENANT_A_ADMIN, "{\"name\":\"w\"}");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(test.body(answer).path("detail").asText()).startsWith("Tenant tokens may read shared resources");
    }

    @Test
    void refusesATenantTokenOnAnOperatorRouteEvenToRead() {
        assertThat(test.get("/api/v1/audit", TestServer.TENANT_A_ADMIN).statusCode()).isEqualTo(403);
        assertThat(test.get("/api/v1/audit", TestServer.VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void answersAnotherTenantsObjectExactlyLikeAMissingOne() {
        Notebook.Note theirs = test.notebook.add("tenant-b", "their text");

        HttpResponse<String> foreign = test.get("/api/v1/notes/" + theirs.id(), TestServer.TENANT_A_ADMIN);
        HttpResponse<String> missing = test.get("/api/v1/notes/note-999", TestServer.TENANT_A_ADMIN);

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(theirs.id()).doesNotContain("tenant-b").doesNotContain("their text");
        com.fasterxml.jackson.databind.JsonNode foreignBody = ((com.fasterxml.jackson.databind.node.ObjectNode) test.body(foreign)).without("instance");
        com.fasterxml.jackson.databind.JsonNode missingBody = ((com.fasterxml.jackson.databind.node.ObjectNode) test.body(missing)).without("instance");
        assertThat(foreignBody).isEqualTo(missingBody);
    }

    @Test
    void letsATenantTokenReadAndChangeItsOwnObjects() {
        Notebook.Note ours = test.notebook.add("tenant-a", "ours");

        assertThat(test.get("/api/v1/notes/" + ours.id(), TestServer.TENANT_A_VIEWER).statusCode()).isEqualTo(200);
        HttpResponse<String> put = test.send("PUT", "/api/v1/notes/" + ours.id(), TestServer.TENANT_A_EDITOR, "application/json", "{\"text\":\"new\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(test.notebook.find(ours.id()).orElseThrow().text()).isEqualTo("new");
    }

    @Test
    void confinesATenantTokensListToItsOwnTenantWhenTheQueryNamesNone() {
        test.notebook.add("tenant-a", "a1");
        test.notebook.add("tenant-b", "b1");

        assertThat(test.body(test.get("/api/v1/notes", TestServer.TENANT_A_VIEWER)).findValuesAsText("text")).containsExactly("a1");
        assertThat(test.get("/api/v1/notes?tenant=tenant-b", TestServer.TENANT_A_VIEWER).statusCode()).isEqualTo(404);
        assertThat(test.body(test.get("/api/v1/notes", TestServer.VIEWER)).findValuesAsText("text")).containsExactly("a1", "b1");
        assertThat(test.body(test.get("/api/v1/notes?tenant=tenant-b", TestServer.VIEWER)).findValuesAsText("text")).containsExactly("b1");
    }

    @Test
    void createsATenantTokensObjectInItsOwnTenantWhenTheBodyNamesNone() {
        HttpResponse<String> answer = test.postJson("/api/v1/notes", TestServer.TENANT_A_EDITOR, "{\"text\":\"hello\",\"priority\":1}");

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(test.body(answer).path("tenant").asText()).isEqualTo("tenant-a");
    }

    @Test
    void refusesATenantTokenThatNamesAnotherTenantInTheBody() {
        HttpResponse<String> answer = test.postJson("/api/v1/notes", TestServer.TENANT_A_EDITOR, "{\"tenant\":\"tenant-b\",\"text\":\"planted\",\"priority\":1}");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(test.notebook.list(java.util.Optional.of("tenant-b"))).isEmpty();
    }

    @Test
    void letsATenantTokenUseItsOwnTenantPathOnly() {
        test.notebook.add("tenant-a", "a1");

        assertThat(test.get("/api/v1/tenants/tenant-a/notes", TestServer.TENANT_A_VIEWER).statusCode()).isEqualTo(200);
        assertThat(test.get("/api/v1/tenants/tenant-b/notes", TestServer.TENANT_A_VIEWER).statusCode()).isEqualTo(404);
        assertThat(test.get("/api/v1/tenants/tenant-b/notes", TestServer.VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void appliesTheGetRoutesGuardToHead() {
        HttpResponse<String> anonymous = test.send("HEAD", "/api/v1/widgets", null, null, null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(test.send("HEAD", "/api/v1/widgets", TestServer.VIEWER, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void answersHeadOfAnotherTenantsObjectLikeGet() {
        Notebook.Note theirs = test.notebook.add("tenant-b", "their text");
        Notebook.Note ours = test.notebook.add("tenant-a", "ours");

        assertThat(test.send("HEAD", "/api/v1/notes/" + theirs.id(), TestServer.TENANT_A_VIEWER, null, null).statusCode()).isEqualTo(404);
        assertThat(test.send("HEAD", "/api/v1/notes/" + ours.id(), TestServer.TENANT_A_VIEWER, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesWebhookAndConnectRoutesWith501UntilTheirVerifiersExist() {
        HttpResponse<String> hook = test.postJson("/hooks/acme", null, "{}");

        assertThat(hook.statusCode()).isEqualTo(501);
        assertThat(TestServer.contentType(hook)).startsWith("application/problem+json");
        assertThat(test.get("/connect/s1", null).statusCode()).isEqualTo(501);
    }

    @Test
    void checksAWebhookWithTheVerifierItWasGiven() {
        try (TestServer hooks = new TestServer(c -> c, b -> b.webhookVerifier((ctx, guard) -> {
            if (!"good".equals(ctx.header("Webhook-Signature"))) {
                throw new ApiProblem.Unauthorized("The webhook signature does not match.", false);
            }
        }))) {
            assertThat(hooks.postJson("/hooks/acme", null, "{}").statusCode()).isEqualTo(401);
            assertThat(hooks.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hooks.server.baseUrl() + "/hooks/acme"))
                    .header("Webhook-Signature", "good").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(202);
        }
    }
}
