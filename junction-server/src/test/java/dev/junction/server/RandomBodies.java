package dev.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of request bodies for properties over mutating routes: random JSON and YAML values, random
 * bytes, one-character changes of a valid body, huge strings and deep nesting, and content types.
 */
public final class RandomBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private RandomBodies() {}

    /** Random JSON documents, nested up to four levels, with {@code keys} among the field names. */
    public static Arbitrary<String> json(List<String> keys) {
        return value(4, keys).map(v -> write(JSON, v));
    }

    /** The same values written as YAML. */
    public static Arbitrary<String> yaml(List<String> keys) {
        return value(4, keys).map(v -> write(YAML, v));
    }

    public static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    public static Arbitrary<String> contentTypes(String... more) {
        List<String> types = new java.util.ArrayList<>(List.of("application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "",
                "application/x-www-form-urlencoded", "application/json; charset=utf-16", "multipart/form-data; boundary=x"));
        types.addAll(List.of(more));
        return Arbitraries.of(types);
    }

    /** {@code valid} with one character replaced, deleted or inserted. */
    public static Arbitrary<String> oneCharacterChanged(String valid) {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, valid.length() - 1);
        Arbitrary<Character> replacement = Arbitraries.chars().with('{', '}', '[', ']', '"', ':', ',', '\\', '0', 'x', ' ', '\n', '-', '\t', '#', '&', '*', '!',
                '|', '>', '\u0000', '\u00e9', 'n');
        return Combinators.combine(index, replacement, Arbitraries.of(Map.entry("replace", 0), Map.entry("delete", 1), Map.entry("insert", 2)))
                .as((i, c, how) -> switch (how.getValue()) {
                    case 0 -> valid.substring(0, i) + c + valid.substring(i + 1);
                    case 1 -> valid.substring(0, i) + valid.substring(i + 1);
                    default -> valid.substring(0, i) + c + valid.substring(i);
                });
    }

    /** Huge strings, deep nesting, long numbers, unclosed brackets. */
    public static Arbitrary<String> extremes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 100_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 50_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(1, 200_000).map(n -> "{\"name\":\"" + "x".repeat(n) + "\"}"),
                Arbitraries.integers().between(1, 5_000).map(n -> "{\"size\":" + "9".repeat(n) + "}"),
                Arbitraries.integers().between(1, 100_000).map(n -> "[".repeat(n)));
    }

    private static Arbitrary<Object> value(int depth, List<String> knownKeys) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(knownKeys), Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.frequencyOf(
                Tuple.of(3, scalar),
                Tuple.of(2, Arbitraries.lazy(() -> value(depth - 1, knownKeys)).list().ofMaxSize(4).map(l -> (Object) l)),
                Tuple.of(3, Arbitraries.maps(keys, Arbitraries.lazy(() -> value(depth - 1, knownKeys))).ofMaxSize(5).map(m -> (Object) m)));
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
