package dev.junction.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body() throws Exception {
        return JSON.readTree("{\"data\":[{\"id\":\"cus_1\"},{\"id\":\"cus_2\"},{\"id\":\"cus_3\"}],\"has_more\":true,\"odd.key\":1,\"empty\":[]}");
    }

    @Test
    void keysIndexesAndQuotedKeys() throws Exception {
        assertThat(JsonPath.parse("$.data[1].id").find(body()).asText()).isEqualTo("cus_2");
        assertThat(JsonPath.parse("data[0].id").find(body()).asText()).isEqualTo("cus_1");
        assertThat(JsonPath.parse("$['odd.key']").find(body()).asInt()).isEqualTo(1);
        assertThat(JsonPath.parse("$").find(body())).isEqualTo(body());
        assertThat(JsonPath.parse("$.data[3].id").find(body()).isMissingNode()).isTrue();
    }

    @Test
    void aNegativeIndexCountsFromTheEnd() throws Exception {
        assertThat(JsonPath.parse("$.data[-1].id").find(body()).asText()).isEqualTo("cus_3");
        assertThat(JsonPath.parse("$.data[-3].id").find(body()).asText()).isEqualTo("cus_1");
        assertThat(JsonPath.parse("$.data[-4].id").find(body()).isMissingNode()).isTrue();
        assertThat(JsonPath.parse("$.empty[-1].id").find(body()).isMissingNode()).isTrue();
        assertThat(JsonPath.parse("$.has_more[-1]").find(body()).isMissingNode()).isTrue();
    }

    @Test
    void malformedPathsSayWhere() {
        assertThatThrownBy(() -> JsonPath.parse("$.data[last].id")).hasMessage("'$.data[last].id': expected an array index or a quoted key inside [...], found 'last'");
        assertThatThrownBy(() -> JsonPath.parse("$.data[0")).hasMessage("'$.data[0': '[' at position 7 is never closed");
        assertThatThrownBy(() -> JsonPath.parse("$.data.")).hasMessage("'$.data.': ends with '.'");
    }
}
