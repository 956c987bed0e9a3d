package dev.junction.connector.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A wrap-only body gives exactly the bytes its JSONata expression gives. */
class BodyWrapTest {
    private final ObjectMapper json = new ObjectMapper();

    private final List<JsonNode> records = List.of(
            read("{\"external_id\":\"c-1\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\",\"priority\":1,\"profile\":{\"phone\":\"+1-555-1\"}}"),
            read("{\"n\":null,\"t\":true,\"f\":false,\"i\":-7,\"l\":12345678901234,\"d\":1.5,\"whole\":2.0,\"big\":123456789012345678901234567890,"
                    + "\"s\":\"ünïcödé \\u2028 \\\"quoted\\\" \\\\ \\ud83d\\ude00\",\"a\":[1,\"x\",{\"y\":[]}],\"o\":{}}"),
            read("{}"));

    @ParameterizedTest
    @ValueSource(strings = {"{ 'users': $records }", "{\"users\":$records}", "  $records ", "{ 'a.b-c_1': $records }"})
    void aBatchWrapWritesWhatJsonataWrites(String expression) throws Exception {
        BodyWrap wrap = BodyWrap.of(expression, true);
        assertThat(wrap).isNotNull();
        for (int n = 1; n <= records.size(); n++) {
            List<JsonNode> batch = records.subList(0, n);
            assertThat(new String(wrap.render(json, batch, true), UTF_8)).as("%d record(s)", n).isEqualTo(new String(viaJsonata(expression, batch, true), UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ 'user': $record }", "$record"})
    void aSingleRecordWrapWritesWhatJsonataWrites(String expression) throws Exception {
        BodyWrap wrap = BodyWrap.of(expression, false);
        assertThat(wrap).isNotNull();
        for (JsonNode record : records) {
            assertThat(new String(wrap.render(json, List.of(record), false), UTF_8)).isEqualTo(new String(viaJsonata(expression, List.of(record), false), UTF_8));
        }
    }

    @Test
    void anyOtherBodyIsLeftToJsonata() {
        assertThat(BodyWrap.of("{ 'users': $records, 'mode': 'upsert' }", true)).isNull();
        assertThat(BodyWrap.of("{ 'users': $records.{ 'id': external_id } }", true)).isNull();
        assertThat(BodyWrap.of("{ 'users': $record }", true)).as("the variable a batch action does not bind").isNull();
        assertThat(BodyWrap.of("$records", false)).isNull();
        assertThat(BodyWrap.of("{ users: $records }", true)).isNull();
        assertThat(BodyWrap.of("{ 'users': $records }[0]", true)).isNull();
    }

    /** What ActionCaller did for every body before wraps were written directly. */
    private byte[] viaJsonata(String expression, List<JsonNode> batch, boolean isBatch) throws Exception {
        Jsonata body = Jsonata.jsonata(expression);
        var frame = body.createFrame();
        Object input;
        if (isBatch) {
            List<Object> list = new ArrayList<>();
            batch.forEach(r -> list.add(json.convertValue(r, Object.class)));
            frame.bind("records", list);
            input = list;
        } else {
            input = json.convertValue(batch.get(0), Object.class);
            frame.bind("record", input);
        }
        Object result = body.evaluate(input, frame);
        return json.writeValueAsBytes(result == Jsonata.NULL_VALUE ? null : result);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
