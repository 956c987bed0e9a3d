package dev.junction.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each normalizer on the values it is for, and on values it cannot read (which pass through unchanged). */
class NormalizerTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("lowercase folds case", List.of(Normalizer.LOWERCASE), "Ada@Example.COM", "ada@example.com"),
                Arguments.of("uppercase folds case", List.of(Normalizer.UPPERCASE), "gold", "GOLD"),
                Arguments.of("trim removes the ends' white space", List.of(Normalizer.TRIM), " \tada \n", "ada"),
                Arguments.of("whitespace collapses runs", List.of(Normalizer.WHITESPACE), "  Ada \n\t Lovelace ", "Ada Lovelace"),
                Arguments.of("number drops trailing zeros", List.of(Normalizer.NUMBER), "1.500", "1.5"),
                Arguments.of("number reads an exponent", List.of(Normalizer.NUMBER), "1e3", "1000"),
                Arguments.of("number reads thousands separators", List.of(Normalizer.NUMBER), "1,234.50", "1234.5"),
                Arguments.of("number makes every zero 0", List.of(Normalizer.NUMBER), "-0.00", "0"),
                Arguments.of("number leaves a non-number", List.of(Normalizer.NUMBER), "n/a", "n/a"),
                Arguments.of("number leaves a comma decimal alone", List.of(Normalizer.NUMBER), "1,5", "1,5"),
                Arguments.of("date keeps a date", List.of(Normalizer.DATE), "2026-01-05", "2026-01-05"),
                Arguments.of("date cuts a UTC date-time", List.of(Normalizer.DATE), "2026-01-05T10:00:00Z", "2026-01-05"),
                Arguments.of("date moves an offset to UTC", List.of(Normalizer.DATE), "2026-01-05T23:30:00-02:00", "2026-01-06"),
                Arguments.of("date reads RFC 1123", List.of(Normalizer.DATE), "Mon, 5 Jan 2026 10:00:00 GMT", "2026-01-05"),
                Arguments.of("date reads epoch milliseconds", List.of(Normalizer.DATE), "1767607200000", "2026-01-05"),
                Arguments.of("date reads a date-time with a space", List.of(Normalizer.DATE), "2026-01-05 08:00:00", "2026-01-05"),
                Arguments.of("date leaves a non-date", List.of(Normalizer.DATE), "soon", "soon"),
                Arguments.of("instant moves an offset to UTC", List.of(Normalizer.INSTANT), "2026-01-05T11:00:00+01:00", "2026-01-05T10:00:00Z"),
                Arguments.of("instant drops zero fractions", List.of(Normalizer.INSTANT), "2026-01-05T10:00:00.000Z", "2026-01-05T10:00:00Z"),
                Arguments.of("instant reads epoch milliseconds", List.of(Normalizer.INSTANT), "1767607200000", "2026-01-05T10:00:00Z"),
                Arguments.of("empty makes a blank nothing", List.of(Normalizer.EMPTY), "  ", null),
                Arguments.of("empty keeps text", List.of(Normalizer.EMPTY), "x", "x"),
                Arguments.of("steps apply in order", List.of(Normalizer.TRIM, Normalizer.LOWERCASE, Normalizer.EMPTY), " Ada ", "ada"),
                Arguments.of("nothing stays nothing", List.of(Normalizer.LOWERCASE, Normalizer.NUMBER), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizes(String name, List<Normalizer> steps, String in, String out) {
        assertThat(Normalizer.applyAll(steps, in)).isEqualTo(out);
    }
}
