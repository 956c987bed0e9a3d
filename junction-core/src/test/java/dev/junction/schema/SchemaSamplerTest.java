package dev.junction.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SchemaSamplerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> fieldCases() {
        return Stream.of(
                Arguments.of("a string", List.of("\"x\"", "\"y\""), "{\"type\":\"string\"}"),
                Arguments.of("integers", List.of("1", "-7"), "{\"type\":\"integer\"}"),
                Arguments.of("integers and decimals are numbers", List.of("1", "2.5"), "{\"type\":\"number\"}"),
                Arguments.of("a null makes a field nullable", List.of("true", "null"), "{\"type\":[\"boolean\",\"null\"]}"),
                Arguments.of("only nulls", List.of("null", "null"), "{\"type\":\"null\"}"),
                Arguments.of("mixed types are listed in a fixed order", List.of("\"a\"", "3", "false"), "{\"type\":[\"boolean\",\"integer\",\"string\"]}"),
                Arguments.of("RFC 3339 date-times", List.of("\"2026-11-22T01:02:03Z\"", "\"2026-03-29T02:30:00.5+02:00\""),
                        "{\"type\":\"string\",\"format\":\"date-time\"}"),
                Arguments.of("a local date-time is not a date-time", List.of("\"2026-11-22T01:02:03\""), "{\"type\":\"string\"}"),
                Arguments.of("dates", List.of("\"2024-02-29\"", "\"2026-01-01\""), "{\"type\":\"string\",\"format\":\"date\"}"),
                Arguments.of("an impossible date is no date", List.of("\"2026-02-29\""), "{\"type\":\"string\"}"),
                Arguments.of("emails", List.of("\"ada@example.com\"", "\"grace.hopper@navy.mil\""), "{\"type\":\"string\",\"format\":\"email\"}"),
                Arguments.of("one value that is not an email drops the format", List.of("\"ada@example.com\"", "\"n/a\""), "{\"type\":\"string\"}"),
                Arguments.of("uris", List.of("\"https://example.com/a?b=1\"", "\"ftp://files.example.com\""), "{\"type\":\"string\",\"format\":\"uri\"}"),
                Arguments.of("uuids", List.of("\"123e4567-e89b-12d3-a456-426614174000\""), "{\"type\":\"string\",\"format\":\"uuid\"}"),
                Arguments.of("a nullable email", List.of("\"a@b.io\"", "null"), "{\"type\":[\"string\",\"null\"],\"format\":\"email\"}"),
                Arguments.of("arrays get an item schema", List.of("[\"a\",\"b\"]", "[]"), "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"),
                Arguments.of("an array never holding items has no item schema", List.of("[]"), "{\"type\":\"array\"}"),
                Arguments.of("nested objects with their own required fields", List.of("{\"city\":\"Oslo\",\"zip\":\"0150\"}", "{\"city\":\"Bergen\"}"),
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\"}},\"required\":[\"city\"]}"),
                Arguments.of("array items that are objects", List.of("[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"b\"}]"),
                        "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"qty\":{\"type\":\"integer\"},\"sku\":{\"type\":\"string\"}},"
                                + "\"required\":[\"sku\"]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldCases")
    void infersTheSchemaOfOneField(String name, List<String> values, String expected) throws Exception {
        SchemaSampler sampler = new SchemaSampler(100);
        for (String v : values) {
            sampler.offer(JSON.readTree("{\"f\":" + v + "}"));
        }

        assertThat(sampler.schema().path("properties").path("f")).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void aFieldIsRequiredWhenEverySampledRecordHasItEvenAsNull() throws Exception {
        SchemaSampler sampler = new SchemaSampler(10);
        sampler.offer(JSON.readTree("{\"id\":1,\"email\":null,\"phone\":\"1\"}"));
        sampler.offer(JSON.readTree("{\"id\":2,\"email\":\"a@b.io\"}"));

        JsonNode schema = sampler.schema();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("required")).isEqualTo(JSON.readTree("[\"email\",\"id\"]"));
    }

    @Test
    void lowCardinalityStringsBecomeAnEnumOnceThereAreEnoughSamples() throws Exception {
        SchemaSampler sampler = new SchemaSampler(100);
        List<String> tiers = List.of("gold", "silver", "bronze", "silver", "bronze", "bronze", "gold", "silver", "bronze", "bronze");
        for (String tier : tiers) {
            sampler.offer(JSON.readTree("{\"tier\":\"" + tier + "\"}"));
        }
        assertThat(sampler.schema().at("/properties/tier")).isEqualTo(JSON.readTree("{\"type\":\"string\",\"enum\":[\"bronze\",\"gold\",\"silver\"]}"));

        sampler.offer(JSON.readTree("{\"tier\":null}"));
        assertThat(sampler.schema().at("/properties/tier/enum")).isEqualTo(JSON.readTree("[\"bronze\",\"gold\",\"silver\",null]"));
    }

    @Test
    void nineStringsAreTooFewForAnEnumAndElevenDistinctValuesTooMany() throws Exception {
        SchemaSampler few = new SchemaSampler(100);
        for (int i = 0; i < 9; i++) {
            few.offer(JSON.readTree("{\"s\":\"" + (i % 2 == 0 ? "a" : "b") + "\"}"));
        }
        SchemaSampler many = new SchemaSampler(100);
        for (int i = 0; i < 40; i++) {
            many.offer(JSON.readTree("{\"s\":\"v" + (i % 11) + "\"}"));
        }
        SchemaSampler unique = new SchemaSampler(100);
        for (int i = 0; i < 12; i++) {
            unique.offer(JSON.readTree("{\"s\":\"v" + (i % 7) + "\"}")); // 7 distinct in 12: more than half
        }

        assertThat(few.schema().at("/properties/s").has("enum")).isFalse();
        assertThat(many.schema().at("/properties/s").has("enum")).isFalse();
        assertThat(unique.schema().at("/properties/s").has("enum")).isFalse();
    }

    @Test
    void theSameRecordsInAnyOrderGiveTheSameSchemaText() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        String[] tiers = {"gold", "silver", "bronze"};
        for (int i = 0; i < 60; i++) {
            records.add(JSON.readTree("{\"id\":" + i + ",\"tier\":\"" + tiers[i % 3] + "\",\"zeta\":" + (i % 5 == 0 ? "null" : "1.5")
                    + ",\"alpha\":{\"b\":\"x\",\"a\":[" + i + "]}" + (i % 2 == 0 ? ",\"even\":true" : "") + "}"));
        }
        String first = infer(records).toString();
        List<JsonNode> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(7));

        assertThat(infer(shuffled).toString()).isEqualTo(first);
        assertThat(first).startsWith("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"properties\":{\"alpha\":");
    }

    @Test
    void onlyTheFirstMaxRecordsAreSampled() throws Exception {
        SchemaSampler sampler = new SchemaSampler(2);

        assertThat(sampler.offer(JSON.readTree("{\"a\":1}"))).isTrue();
        assertThat(sampler.offer(JSON.readTree("{\"a\":2}"))).isTrue();
        assertThat(sampler.wantsMore()).isFalse();
        assertThat(sampler.offer(JSON.readTree("{\"a\":\"late\",\"b\":1}"))).isFalse();

        assertThat(sampler.sampled()).isEqualTo(2);
        assertThat(sampler.offered()).isEqualTo(3);
        assertThat(sampler.schema().path("properties")).isEqualTo(JSON.readTree("{\"a\":{\"type\":\"integer\"}}"));
    }

    @Test
    void withoutRecordsTheSchemaIsAnObjectWithoutProperties() {
        assertThat(new SchemaSampler(5).schema().toString())
                .isEqualTo("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"properties\":{}}");
    }

    @Test
    void aSampleSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new SchemaSampler(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("maxRecords must be at least 1, was 0");
    }

    private static JsonNode infer(List<JsonNode> records) {
        SchemaSampler sampler = new SchemaSampler(1_000);
        records.forEach(sampler::offer);
        return sampler.schema();
    }
}
