package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.spec.SourceText;
import dev.junction.store.StoredDefinition;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Polls over the API: one per connection and stream with its subscribers and next tick; a tenant token sees its own tenant's only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollsApiTest {
    ApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        List<SourceText> texts = new ArrayList<>();
        for (String sync : List.of(ApiFixture.TENANT_SYNC, ApiFixture.CLASSIC_SYNC)) {
            StoredDefinition current = api.engine.definitions().get("Sync", sync);
            String source = current.source().strip();
            texts.add(new SourceText(current.origin(), source.contains("\non: { ") ? source.replace("\non: { ", "\non: { poll: { every: 2m }, ")
                    : source + "\non: { poll: { every: 2m } }\n"));
        }
        assertThat(api.engine.definitions().apply(texts).result().problems()).isEmpty();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return api.body(answer);
    }

    private static List<String> field(JsonNode polls, String name) {
        List<String> values = new ArrayList<>();
        polls.forEach(p -> values.add(p.path(name).asText()));
        return values;
    }

    @Test
    void operatorsListEveryPollWithItsSubscribersAndNextTickAndATenantTokenItsOwnTenantsOnly() {
        JsonNode all = ok(api.get("/api/v1/polls", api.viewer()));

        assertThat(field(all, "tenant")).contains("northwind", "globex");
        assertThat(all).allSatisfy(p -> {
            assertThat(p.path("stream").asText()).isEqualTo("contacts");
            assertThat(p.path("every").asText()).isEqualTo("PT2M");
            assertThat(p.path("nextTick").isTextual()).as("has an execution: %s", p).isTrue();
            assertThat(p.path("cursor").isNull()).as("not ticked: the queue is not started").isTrue();
        });
        JsonNode northwind = ok(api.get("/api/v1/polls", api.tenant("northwind", Role.VIEWER)));
        assertThat(field(northwind, "tenant")).containsOnly("northwind").isNotEmpty();
        assertThat(northwind.get(0).path("subscribers")).extracting(JsonNode::asText).contains(ApiFixture.TENANT_SYNC);
        assertThat(field(ok(api.get("/api/v1/polls?tenant=globex", api.viewer())), "tenant")).containsOnly("globex");
        assertThat(api.get("/api/v1/polls?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/polls", null).statusCode()).isEqualTo(401);
    }
}
