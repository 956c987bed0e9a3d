package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code records: single}: a stream whose answer is one object (GET /me) rather than a list. */
class SpecLoaderSingleRecordTest {
    private static LoadResult load(String stream) {
        return new SpecLoader().loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                baseUrl: http://127.0.0.1:1
                streams:
                  me:
                %s
                """.formatted(stream.indent(4).stripTrailing()))));
    }

    @Test
    void aSingleRecordStreamLoads() {
        LoadResult result = load("request: { path: /me }\nrecords: single\nprimaryKey: id");

        assertThat(result.problems()).isEmpty();
        assertThat(result.connectors().get("api").streams().get("me").singleRecord()).isTrue();
        assertThat(result.connectors().get("api").streams().get("me").recordsPath()).isEqualTo("$");
    }

    @Test
    void aSingleRecordStreamTakesNoPagination() {
        LoadResult result = load("request: { path: /me }\nrecords: single\nprimaryKey: id\npagination: { type: page, param: page }");

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly("api.yaml:7:14 streams.me.records: records: single reads"
                + " each answer's body as one record, so the stream takes no pagination");
    }
}
