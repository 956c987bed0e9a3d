package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SyncSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties: a mapping using every shape and conversion, applied to arbitrary JSON, either maps
 * the record or fails it with a {@link MappingException} (never anything else, never the safety
 * net); and a value map used forward and in reverse gives back what went in.
 */
class MapperPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("a", "b", "v", "tier", "priority", "items", "x");
    private static final List<String> TEXTS = List.of("gold", "silver", "", " 12.50 ", "1e9999", "-0", "yes", "OFF", "NaN",
            "29.02.2024 02:30", "10.03.2024 02:30", "2024-03-31T02:30:00", "2024-02-29", "2023-02-29T00:00:00Z", "9999999999999999999999");

    private final Mapper everything = Mapper.compile(load("""
            kind: Sync
            name: everything
            source: { connection: crm, stream: contacts }
            destination: { connection: helpdesk, action: upsertUsers, key: id }
            valueMaps:
              tier: { gold: 1, silver: 2, bronze: 3 }
            expressionLimits: { timeout: 1s, maxDepth: 50 }
            mapping:
              id: a
              emails: { from: "items[*].b", convert: [trim, lower] }
              n: { from: a, convert: number }
              i: { from: b, convert: integer }
              flag: { from: v, convert: boolean }
              s: { from: "items[0]", convert: string }
              d: { from: a, convert: { decimal: { scale: 2, rounding: half-up } } }
              cents: { from: b, convert: { toMinorUnits: EUR } }
              major: { from: v, convert: { fromMinorUnits: 2 } }
              shout: { from: "= $string(a) & $string(b)", convert: upper, when: "= $exists(v)" }
              t1: { from: a, convert: { datetime: { from: epoch-millis, to: iso, toZone: Europe/Berlin } } }
              t2: { from: b, convert: { datetime: { from: "dd.MM.yyyy HH:mm", to: epoch-seconds, zone: America/New_York, dst: error } } }
              t3: { from: tier, convert: { datetime: { from: iso, to: iso-date, zone: Europe/Berlin } } }
              p: { from: tier, map: tier, unknown: pass }
              q: { from: priority, map: tier, reverse: true, default: none }
              r: { from: tier, values: { gold: G }, unknown: error }
              lines: { each: items, object: { x: x, y: { from: a, convert: integer } } }
              arr: { array: [a, b, { const: 1 }, "= items[0]"] }
              obj: { object: { deep.x: a, deep.y: "= $sum(items.x)" }, when: { path: tier, equals: gold } }
              nested: "a.b.c"
            """).mapping());

    @Property(tries = 500)
    void mappingArbitraryJsonOnlyEverFailsWithAMappingException(@ForAll("records") JsonNode record) {
        try {
            everything.map(record);
        } catch (MappingException e) {
            assertThat(e.getMessage()).doesNotContain("Junction bug");
        }
    }

    @Property(tries = 100)
    void aValueMapUsedForwardAndInReverseRoundTrips(@ForAll("invertibleMaps") Map<String, Object> values) {
        String yaml = values.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
                .collect(Collectors.joining(", ", "{ ", " }"));
        Mapper mapper = Mapper.compile(load("""
                kind: Sync
                name: round-trip
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: code }
                valueMaps:
                  m: %s
                mapping:
                  code: { from: name, map: m }
                  name: { from: code, map: m, reverse: true }
                """.formatted(yaml)).mapping());

        // each record carries both fields; the other one is any valid value, so only the one under test matters
        Map.Entry<String, Object> any = values.entrySet().iterator().next();
        JsonNode anyCode = any.getValue() instanceof Integer i ? NODES.numberNode(i) : NODES.textNode((String) any.getValue());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            JsonNode code = mapper.map(record(e.getKey(), anyCode)).get("code");
            assertThat(code.asText()).isEqualTo(String.valueOf(e.getValue()));
            assertThat(mapper.map(record(any.getKey(), code)).get("name").textValue()).isEqualTo(e.getKey());
        }
    }

    private static ObjectNode record(String name, JsonNode code) {
        ObjectNode record = NODES.objectNode().put("name", name);
        record.set("code", code);
        return record;
    }

    @Provide
    Arbitrary<JsonNode> records() {
        return objects(3);
    }

    @Provide
    Arbitrary<Map<String, Object>> invertibleMaps() {
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.integers().between(-100_000, 100_000).map(i -> (Object) i),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(s -> (Object) s));
        return Arbitraries.maps(keys, values).ofMinSize(1).ofMaxSize(12)
                .filter(m -> new HashSet<>(m.values().stream().map(String::valueOf).toList()).size() == m.size());
    }

    private Arbitrary<JsonNode> value(int depth) {
        List<Arbitrary<JsonNode>> options = new ArrayList<>(List.of(
                Arbitraries.of(TEXTS).map(NODES::textNode),
                Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigDecimals().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode())));
        if (depth > 0) {
            options.add(objects(depth - 1));
            options.add(value(depth - 1).list().ofMaxSize(4).map(items -> {
                ArrayNode array = NODES.arrayNode();
                items.forEach(array::add);
                return array;
            }));
        }
        return Arbitraries.oneOf(options);
    }

    private Arbitrary<JsonNode> objects(int depth) {
        return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.lazy(() -> value(depth))).ofMaxSize(6).map(fields -> {
            ObjectNode object = NODES.objectNode();
            fields.forEach(object::set);
            return object;
        });
    }

    private static SyncSpec load(String yaml) {
        List<SourceText> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/specs/valid"))) {
            for (Path file : files.filter(p -> p.toString().matches(".*\\.ya?ml") && !p.toString().contains(".hidden")).sorted().toList()) {
                texts.add(new SourceText(file.getFileName().toString(), Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        texts.add(new SourceText("case.yaml", yaml));
        LoadResult result = new SpecLoader().loadTexts(texts);
        assertThat(result.problems()).extracting(Object::toString).isEmpty();
        return result.syncs().values().stream().filter(s -> s.location().file().equals("case.yaml")).findFirst().orElseThrow();
    }
}
