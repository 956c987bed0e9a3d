package dev.junction.server.api;

import static dev.junction.server.api.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens over the API: for operator admins only; the secret is answered once and never again. */
class TokensApiTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void createsATokenWhoseSecretIsAnsweredOnceAndWorksForItsTenant() {
        HttpResponse<String> created = api.post("/api/v1/tokens", api.admin(),
                "{\"role\":\"viewer\",\"tenant\":\"northwind\",\"name\":\"support desk\",\"expiresInSeconds\":3600}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode token = api.body(created);
        String id = token.path("id").asText();
        String secret = token.path("secret").asText();
        assertThat(id).startsWith("tok_");
        assertThat(secret).startsWith("jct_");
        assertThat(token.path("role").asText()).isEqualTo("viewer");
        assertThat(token.path("tenant").asText()).isEqualTo("northwind");
        assertThat(token.path("expiresAt").asText()).endsWith("Z");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/tokens/" + id));

        HttpResponse<String> asNewToken = api.get("/api/v1/connections", secret);
        assertThat(asNewToken.statusCode()).isEqualTo(200);
        assertThat(asNewToken.body()).contains("northwind-crm").doesNotContain("globex");

        HttpResponse<String> list = api.get("/api/v1/tokens", api.admin());
        HttpResponse<String> one = api.get("/api/v1/tokens/" + id, api.admin());
        assertThat(list.body()).contains(id).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(one.body()).doesNotContain(secret);
        assertThat(api.body(one).path("name").asText()).isEqualTo("support desk");
        assertThat(api.body(one).path("createdBy").asText()).startsWith("tok_");
        assertThat(api.body(one).path("active").asBoolean()).isTrue();
    }

    @Test
    void revokesATokenSoItNoLongerAuthenticates() {
        JsonNode token = api.body(api.post("/api/v1/tokens", api.admin(), "{\"role\":\"editor\"}"));
        String id = token.path("id").asText();
        assertThat(api.get("/api/v1/syncs", token.path("secret").asText()).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = api.delete("/api/v1/tokens/" + id, api.admin());

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/syncs", token.path("secret").asText()).statusCode()).isEqualTo(401);
        assertThat(api.body(api.get("/api/v1/tokens/" + id, api.admin())).path("revokedAt").asText()).endsWith("Z");
        assertThat(api.delete("/api/v1/tokens/" + id, api.admin()).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/v1/tokens/tok_nosuchtoken", api.admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnUnknownRoleABadLifetimeAndUnknownFieldsWith400() {
        HttpResponse<String> role = api.post("/api/v1/tokens", api.admin(), "{\"role\":\"owner\"}");
        HttpResponse<String> lifetime = api.post("/api/v1/tokens", api.admin(), "{\"role\":\"viewer\",\"expiresInSeconds\":0}");
        HttpResponse<String> unknown = api.post("/api/v1/tokens", api.admin(), "{\"role\":\"viewer\",\"secret\":\"mine\"}");
        HttpResponse<String> missing = api.post("/api/v1/tokens", api.admin(), "{}");

        assertThat(role.statusCode()).isEqualTo(400);
        assertThat(api.body(role).path("detail").asText()).contains("role 'owner' is not a role: expected admin, editor or viewer");
        assertThat(lifetime.statusCode()).isEqualTo(400);
        assertThat(api.body(lifetime).path("detail").asText()).contains("expiresInSeconds is 1..");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(api.body(unknown).path("detail").asText()).contains("unknown field 'secret'");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(api.body(missing).path("detail").asText()).contains("missing required field 'role'");
    }

    @Test
    void onlyOperatorAdminsManageTokens() {
        assertThat(api.post("/api/v1/tokens", api.editor(), "{\"role\":\"admin\"}").statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/tokens", api.tenant("northwind", Role.ADMIN), "{\"role\":\"admin\"}").statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/tokens", api.tenant("northwind", Role.ADMIN)).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/tokens", api.editor()).statusCode()).isEqualTo(403);
        assertThat(call(api, "DELETE", "/api/v1/tokens/tok_x", api.viewer(), null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void theAuditLogNamesTheCreatedTokenButNeverHoldsItsSecret() {
        JsonNode token = api.body(api.post("/api/v1/tokens", api.admin(), "{\"role\":\"viewer\",\"name\":\"audited\"}"));

        HttpResponse<String> audit = api.get("/api/v1/audit?action=tokens.create&objectType=token&objectId=" + token.path("id").asText(), api.admin());

        assertThat(api.body(audit).path("entries")).singleElement().satisfies(e -> {
            assertThat(e.path("outcome").asText()).isEqualTo("201");
            assertThat(e.path("detail").path("role").asText()).isEqualTo("viewer");
        });
        assertThat(audit.body()).doesNotContain(token.path("secret").asText());
    }
}
