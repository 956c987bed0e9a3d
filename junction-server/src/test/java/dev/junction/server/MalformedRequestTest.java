package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A request Jetty cannot read (a NUL in the path) is answered before any route, and the answer closes the connection. */
class MalformedRequestTest {
    @Test
    void aMalformedRequestIsAProblemThatClosesTheConnectionSoTheNextRequestStillGetsAnAnswer() {
        try (TestServer test = new TestServer()) {
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> malformed = test.postJson("/api/v1/notes/%00", TestServer.ADMIN, "{}");

                assertThat(malformed.statusCode()).isEqualTo(400);
                assertThat(TestServer.contentType(malformed)).isEqualTo("application/problem+json");
                assertThat(malformed.headers().firstValue("Connection")).contains("close");
                assertThat(test.get("/api/v1/widgets", TestServer.VIEWER).statusCode()).isEqualTo(200); // on the same client: never a dead connection
            }
        }
    }
}
