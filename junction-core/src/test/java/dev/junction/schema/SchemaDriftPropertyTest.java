package dev.junction.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Inference and drift on generated records: no record can make them throw, and a merged schema absorbs what it merged. */
class SchemaDriftPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NAMES = List.of("id", "email", "tags", "address", "n", "flag");

    @Property(tries = 300)
    void aSchemaHasNoDriftAgainstItselfAndAMergedSchemaNoneAgainstWhatItMerged(
            @ForAll("records") List<JsonNode> before, @ForAll("records") List<JsonNode> after) {
        ObjectNode stored = infer(before);
        ObjectNode observed = infer(after);

        assertThat(SchemaDrift.compare(stored, stored).changes()).isEmpty();
        SchemaDrift.Result result = SchemaDrift.compare(stored, observed);
        assertThat(SchemaDrift.compare(result.merged(), observed).changes()).isEmpty();
        assertThat(result.changes()).allSatisfy(c -> assertThat(c.field()).isNotBlank());
    }

    @Provide
    Arbitrary<List<JsonNode>> records() {
        return record(2).list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<JsonNode> record(int depth) {
        Arbitrary<JsonNode> value = value(depth);
        return Arbitraries.subsetOf(NAMES).flatMap(keys -> value.list().ofSize(keys.size()).map(values -> {
            ObjectNode object = NODES.objectNode();
            List<String> ordered = new ArrayList<>(keys);
            for (int i = 0; i < ordered.size(); i++) {
                object.set(ordered.get(i), values.get(i));
            }
            return object;
        }));
    }

    private static Arbitrary<JsonNode> value(int depth) {
        List<Arbitrary<JsonNode>> choices = new ArrayList<>(List.of(
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.doubles().ofScale(2).map(NODES::numberNode),
                Arbitraries.of("a@b.io", "x", "2026-01-01", "2026-01-01T00:00:00Z", "https://x.io").map(NODES::textNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode())));
        if (depth > 0) {
            choices.add(Arbitraries.lazy(() -> record(depth - 1)));
            choices.add(Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3).map(items -> {
                var array = NODES.arrayNode();
                items.forEach(array::add);
                return (JsonNode) array;
            }));
        }
        return Arbitraries.oneOf(choices);
    }

    private static ObjectNode infer(List<JsonNode> records) {
        SchemaSampler sampler = new SchemaSampler(100);
        records.forEach(sampler::offer);
        return sampler.schema();
    }
}
