package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit hook: every mutating call of an authenticated caller reaches the Auditor once, after it was answered. */
class AuditHookTest {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final TestServer test = new TestServer(c -> c, b -> b.auditor(events::add));

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void recordsASuccessfulCallOnceWithItsOperationCallerStatusAndPathObject() {
        test.notebook.widgets().put("w1", new SampleApi.Widget("w1", null, null));

        HttpResponse<String> answer = test.send("DELETE", "/api/v1/widgets/w1", TestServer.ADMIN, null, null);

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.actor().id()).isEqualTo("tok-admin");
            assertThat(e.action()).isEqualTo("deleteWidget");
            assertThat(e.objectType()).isEqualTo("widgets");
            assertThat(e.objectId()).isEqualTo("w1");
            assertThat(e.status()).isEqualTo(204);
            assertThat(e.detail()).containsEntry("method", "DELETE").containsEntry("path", "/api/v1/widgets/w1").doesNotContainKey("problem");
        });
    }

    @Test
    void recordsTheObjectAndDetailTheHandlerNamed() {
        test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, "text/plain", "a\nb");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("widgets.bulk");
            assertThat(e.objectType()).isEqualTo("widget");
            assertThat(e.objectId()).isEqualTo("a,b");
            assertThat(e.detail()).containsEntry("count", 2);
        });
    }

    @Test
    void recordsAFailedCallWithItsStatusAndProblemType() {
        HttpResponse<String> answer = test.send("DELETE", "/api/v1/widgets/missing", TestServer.ADMIN, null, null);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.detail()).containsEntry("problem", "not-found");
        });
    }

    @Test
    void recordsACallerTheGuardRefusedButNotOneWithoutAValidToken() {
        test.postJson("/api/v1/widgets", TestServer.VIEWER, "{\"name\":\"w\"}");
        test.postJson("/api/v1/widgets", null, "{\"name\":\"w\"}");
        test.postJson("/api/v1/widgets", "jct_unknown", "{\"name\":\"w\"}");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.actor().id()).isEqualTo("tok-viewer");
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.detail()).containsEntry("problem", "forbidden");
        });
    }

    @Test
    void recordsABodyTheServerRefusedWithoutAnyOfIt() {
        test.postJson("/api/v1/widgets", TestServer.EDITOR, "{\"name\":\"hunter2-secret\",\"oops\":1}");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail().toString()).doesNotContain("hunter2");
        });
    }

    @Test
    void recordsNoReads() {
        test.get("/api/v1/widgets", TestServer.ADMIN);
        test.get("/api/v1/notes/none", TestServer.ADMIN);

        assertThat(events).isEmpty();
    }

    @Test
    void anAuditorThatFailsDoesNotChangeTheAnswer() {
        try (TestServer failing = new TestServer(c -> c, b -> b.auditor(e -> {
            throw new IllegalStateException("audit store down");
        }))) {
            HttpResponse<String> answer = failing.postJson("/api/v1/widgets", TestServer.EDITOR, "{\"name\":\"w\"}");

            assertThat(answer.statusCode()).isEqualTo(201);
        }
    }
}
