package dev.junction.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.schema.SchemaDrift.Change;
import dev.junction.schema.SchemaDrift.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsAddedRemovedAndRetypedFieldsAtEveryDepth() throws Exception {
        ObjectNode stored = schemaOf(
                "{\"id\":1,\"email\":\"a@b.io\",\"fax\":\"1\",\"age\":3,\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"},\"tags\":[\"a\"]}",
                "{\"id\":2,\"email\":\"c@d.io\",\"fax\":\"2\",\"age\":4,\"address\":{\"city\":\"Bergen\",\"zip\":\"5003\"},\"tags\":[]}");
        ObjectNode observed = schemaOf(
                "{\"id\":\"3\",\"email\":\"e@f.io\",\"age\":5,\"phone\":\"+47\",\"address\":{\"city\":\"Oslo\",\"country\":\"NO\"},\"tags\":[7]}");

        SchemaDrift.Result result = SchemaDrift.compare(stored, observed);

        assertThat(result.changes()).containsExactly(
                new Change("address.country", Kind.ADDED, null, "string"),
                new Change("address.zip", Kind.REMOVED, "string", null),
                new Change("id", Kind.TYPE, "integer", "string"),
                new Change("phone", Kind.ADDED, null, "string"),
                new Change("tags[]", Kind.TYPE, "string", "integer"),
                new Change("fax", Kind.REMOVED, "string", null));
    }

    @Test
    void theMergedSchemaAbsorbsTheChangesSoTheNextRunReportsNothingAgain() throws Exception {
        ObjectNode stored = schemaOf("{\"id\":1,\"fax\":\"1\"}", "{\"id\":2,\"fax\":\"2\"}");
        ObjectNode observed = schemaOf("{\"id\":\"x\",\"phone\":\"1\"}");

        SchemaDrift.Result first = SchemaDrift.compare(stored, observed);
        SchemaDrift.Result second = SchemaDrift.compare(first.merged(), observed);

        assertThat(first.changes()).hasSize(3);
        assertThat(second.changes()).isEmpty();
        assertThat(first.merged().path("properties").path("id")).isEqualTo(JSON.readTree("{\"type\":[\"integer\",\"string\"]}"));
        assertThat(first.merged().path("required")).isEqualTo(JSON.readTree("[\"id\"]"));
        assertThat(first.merged().path("properties").has("fax")).isTrue();
        assertThat(stored.path("required")).isEqualTo(JSON.readTree("[\"fax\",\"id\"]")); // the inputs are not changed
    }

    @Test
    void integersInANumberFieldNullsAndOptionalFieldsGoingMissingAreNoDrift() throws Exception {
        ObjectNode stored = schemaOf("{\"price\":1.5,\"name\":\"a\",\"nick\":\"x\"}", "{\"price\":2.5,\"name\":\"b\"}");
        ObjectNode observed = schemaOf("{\"price\":3,\"name\":null}");

        SchemaDrift.Result result = SchemaDrift.compare(stored, observed);

        assertThat(result.changes()).isEmpty();
        assertThat(result.merged().at("/properties/name/type")).isEqualTo(JSON.readTree("[\"string\",\"null\"]"));
    }

    @Test
    void aNumberInAnIntegerFieldIsATypeChange() throws Exception {
        SchemaDrift.Result result = SchemaDrift.compare(schemaOf("{\"n\":1}"), schemaOf("{\"n\":1.5}"));

        assertThat(result.changes()).containsExactly(new Change("n", Kind.TYPE, "integer", "number"));
        assertThat(result.merged().at("/properties/n/type").asText()).isEqualTo("number");
    }

    @Test
    void aDeclaredFieldWithoutATypeTakesTheTypeARunSeesWithoutDrift() throws Exception {
        ObjectNode stored = FieldDiscovery.merge(schemaOf("{\"id\":1}"), List.of(new FieldDiscovery.Field("plan", "mystery")), null);

        SchemaDrift.Result result = SchemaDrift.compare(stored, schemaOf("{\"id\":2,\"plan\":\"pro\"}"));

        assertThat(result.changes()).isEmpty();
        assertThat(result.merged().at("/properties/plan")).isEqualTo(JSON.readTree("{\"x-discovered\":true,\"type\":\"string\"}"));
    }

    private static ObjectNode schemaOf(String... records) throws Exception {
        SchemaSampler sampler = new SchemaSampler(100);
        for (String r : records) {
            sampler.offer(JSON.readTree(r));
        }
        return sampler.schema();
    }
}
