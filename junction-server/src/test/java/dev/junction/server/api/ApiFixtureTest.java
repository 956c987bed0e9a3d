package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture's server is up over a real engine: health is public, the OpenAPI document needs a token and a known one gets it. */
class ApiFixtureTest {
    @TempDir
    Path dataDir;

    @Test
    void theServerIsReadyAndTheEngineTokensAuthenticate() {
        try (ApiFixture api = ApiFixture.start(dataDir)) {
            assertThat(api.get("/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(api.get("/api/v1/openapi.json", null).statusCode()).isEqualTo(401);
            assertThat(api.get("/api/v1/openapi.json", "jct_" + "x".repeat(43)).statusCode()).isEqualTo(401);
            assertThat(api.get("/api/v1/openapi.json", api.viewer()).statusCode()).isEqualTo(200);
            assertThat(api.engine.definitions().applied().syncs()).containsKeys(ApiFixture.TENANT_SYNC, ApiFixture.CLASSIC_SYNC);
        }
    }
}
