package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapperTest {
    private final ObjectMapper json = new ObjectMapper();
    private final JsonNode contact = read("""
            {"id":"c-1","properties":{"email":"ada@example.com","firstname":"Ada","lastname":"Lovelace","tier":"gold","score":7},
             "tags":["a","b"],"nothing":null}
            """);

    @Test
    void copiesPathsAndBuildsNestedTargets() {
        Mapper mapper = Mapper.compile(lines(
                "external_id", new FieldMapping.Path("id"),
                "profile.first_name", new FieldMapping.Path("properties.firstname"),
                "profile.last_name", new FieldMapping.Path("$.properties.lastname"),
                "first_tag", new FieldMapping.Path("tags[0]")), json);

        assertThat(mapper.map(contact)).isEqualTo(read("""
                {"external_id":"c-1","profile":{"first_name":"Ada","last_name":"Lovelace"},"first_tag":"a"}"""));
    }

    @Test
    void leavesOutAbsentSourcesButKeepsExplicitNulls() {
        Mapper mapper = Mapper.compile(lines(
                "phone", new FieldMapping.Path("properties.phone"),
                "nothing", new FieldMapping.Path("nothing")), json);

        assertThat(mapper.map(contact)).isEqualTo(read("{\"nothing\":null}"));
    }

    @Test
    void mapsValuesThroughAValueMapWithDefault() {
        Map<String, Object> tiers = Map.of("gold", 1, "silver", 2);
        Mapper mapper = Mapper.compile(lines("priority", new FieldMapping.ValueMap("properties.tier", tiers, true, 3)), json);

        assertThat(mapper.map(contact).get("priority").asInt()).isEqualTo(1);
        assertThat(mapper.map(read("{\"properties\":{\"tier\":\"platinum\"}}")).get("priority").asInt()).isEqualTo(3);
    }

    @Test
    void aValueMissingFromAValueMapWithoutDefaultIsARowErrorNamingFieldAndValue() {
        Mapper mapper = Mapper.compile(lines("priority", new FieldMapping.ValueMap("properties.tier", Map.of("silver", 2), false, null)), json);

        assertThatThrownBy(() -> mapper.map(contact))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'priority': value 'gold' at 'properties.tier' is not in the value map [silver] and there is no default");
    }

    @Test
    void evaluatesJsonataExpressionsAndConstants() {
        Mapper mapper = Mapper.compile(lines(
                "full_name", new FieldMapping.Expression("properties.firstname & ' ' & properties.lastname"),
                "double_score", new FieldMapping.Expression("properties.score * 2"),
                "source", new FieldMapping.Constant("acme")), json);

        assertThat(mapper.map(contact)).isEqualTo(read("""
                {"full_name":"Ada Lovelace","double_score":14,"source":"acme"}"""));
    }

    @Test
    void aFailingExpressionIsARowErrorNamingTheExpression() {
        Mapper mapper = Mapper.compile(lines("n", new FieldMapping.Expression("$number(properties.email)")), json);

        assertThatThrownBy(() -> mapper.map(contact))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("field 'n': expression '= $number(properties.email)' failed:");
    }

    private List<FieldMapping> lines(Object... pairs) {
        Map<String, FieldMapping.Value> ordered = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            ordered.put((String) pairs[i], (FieldMapping.Value) pairs[i + 1]);
        }
        List<FieldMapping> out = new ArrayList<>();
        ordered.forEach((target, value) -> out.add(new FieldMapping(target, value, SourceLocation.unknown("test"))));
        return out;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
