package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.junction.spec.Conversion.TimeFormat;
import dev.junction.spec.FieldMapping.ArrayValue;
import dev.junction.spec.FieldMapping.Constant;
import dev.junction.spec.FieldMapping.Each;
import dev.junction.spec.FieldMapping.Equals;
import dev.junction.spec.FieldMapping.Expression;
import dev.junction.spec.FieldMapping.Lookup;
import dev.junction.spec.FieldMapping.ObjectValue;
import dev.junction.spec.FieldMapping.Path;
import dev.junction.spec.FieldMapping.Pipeline;
import dev.junction.spec.FieldMapping.Predicate;
import dev.junction.spec.FieldMapping.Unknown;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The mapping shapes of a sync as loaded from YAML, and the exact problems for mistakes in them. */
class SpecLoaderMappingTest {
    private static final String HEAD = """
            kind: Sync
            name: s1
            source: { connection: crm, stream: contacts }
            destination: { connection: helpdesk, action: upsertUsers, key: id }
            """;

    private final SpecLoader loader = new SpecLoader();

    @Test
    void readsEveryMappingShapeIntoTypedRecords() {
        LoadResult result = load(HEAD + """
                valueMaps:
                  tier: { gold: 1, silver: 2 }
                expressionLimits: { timeout: 250ms, maxDepth: 40 }
                mapping:
                  id: id
                  emails: "contacts[*].email"
                  email: { from: properties.email, convert: [trim, lower] }
                  amount: { from: total, convert: { decimal: { scale: 2, rounding: half-up } } }
                  cents: { from: total, convert: { toMinorUnits: JPY } }
                  major: { from: cents, convert: { fromMinorUnits: { digits: 3, rounding: floor } } }
                  signup: { from: created, convert: { datetime: { from: epoch-millis, to: "dd.MM.yyyy HH:mm", toZone: Europe/Berlin, dst: error } } }
                  priority: { from: properties.tier, map: tier, unknown: pass }
                  tier: { from: priority, map: tier, reverse: true, default: bronze }
                  status: { from: state, values: { open: 1 }, unknown: default, default: 0 }
                  full: { from: "= first & ' ' & last", when: "= $exists(first)" }
                  vip: { const: true, when: { path: tier, equals: gold } }
                  address: { object: { street: addr.line1, geo.city: addr.city } }
                  phones: { array: [work_phone, { const: none }] }
                  lines: { each: items, object: { sku: id } }
                """);

        assertThat(result.problems()).isEmpty();
        Expression first = new Expression("first & ' ' & last", Duration.ofMillis(250), 40);
        Expression exists = new Expression("$exists(first)", Duration.ofMillis(250), 40);
        assertThat(result.syncs().get("s1").mapping()).extracting(FieldMapping::value).containsExactly(
                new Path("id"),
                new Path("contacts[*].email"),
                pipeline(new Path("properties.email"), List.of(Conversion.Simple.TRIM, Conversion.Simple.LOWER)),
                pipeline(new Path("total"), List.of(new Conversion.Decimal(2, RoundingMode.HALF_UP))),
                pipeline(new Path("total"), List.of(new Conversion.MinorUnits(true, 0, null))),
                pipeline(new Path("cents"), List.of(new Conversion.MinorUnits(false, 3, RoundingMode.FLOOR))),
                pipeline(new Path("created"), List.of(new Conversion.DateTime(TimeFormat.of(TimeFormat.Kind.EPOCH_MILLIS),
                        new TimeFormat(TimeFormat.Kind.PATTERN, "dd.MM.yyyy HH:mm"), ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), Conversion.Dst.ERROR))),
                new Pipeline(new Path("properties.tier"), List.of(), new Lookup("tier", ordered("gold", 1, "silver", 2), Unknown.PASS, false), false, null, null),
                new Pipeline(new Path("priority"), List.of(), new Lookup("tier", ordered("1", "gold", "2", "silver"), Unknown.DEFAULT, true), true, "bronze", null),
                new Pipeline(new Path("state"), List.of(), new Lookup(null, ordered("open", 1), Unknown.DEFAULT, false), true, 0, null),
                new Pipeline(first, List.of(), null, false, null, new Predicate(exists)),
                new Pipeline(new Constant(true), List.of(), null, false, null, new Equals("tier", "gold")),
                new ObjectValue(List.of(
                        new FieldMapping("street", new Path("addr.line1"), new SourceLocation("case.yaml", 21, 24)),
                        new FieldMapping("geo.city", new Path("addr.city"), new SourceLocation("case.yaml", 21, 44)))),
                new ArrayValue(List.of(new Path("work_phone"), new Constant("none"))),
                new Each("items", new ObjectValue(List.of(new FieldMapping("sku", new Path("id"), new SourceLocation("case.yaml", 23, 35))))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactlyTheseProblems(String yaml, List<String> expected) {
        LoadResult result = load(HEAD + yaml);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactlyElementsOf(expected);
        assertThat(result.syncs()).doesNotContainKey("s1");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("reports value map problems", """
                        valueMaps:
                          tier: { gold: 1, silver: 2, platinum: 1 }
                          sizes: { s: [1, 2] }
                          empty: {}
                          bad: 7
                        mapping:
                          id: id
                          g: { from: x, map: teir }
                          h: { from: x, map: tier, reverse: true }
                          i: { from: x, map: sizes, reverse: true }
                          j: { from: x, values: { a: 1 }, reverse: true, unknown: default }
                          k: { const: 1, unknown: pass }
                          l: { from: x, values: { a: 1 }, map: tier }
                          m: { from: x, values: { a: 1 }, unknown: sometimes }
                        """, List.of(
                        "case.yaml:8:10 valueMaps.empty: expected at least one value, found none",
                        "case.yaml:9:8 valueMaps.bad: expected a mapping, found '7'",
                        "case.yaml:12:22 mapping.g.map: unknown value map 'teir' (value maps: tier, sizes)",
                        "case.yaml:13:37 mapping.h.reverse: value map 'tier' cannot be used in reverse: 'gold' and 'platinum' both map to 1",
                        "case.yaml:14:38 mapping.i.reverse: value map 'sizes' cannot be used in reverse: 's' maps to a list, which cannot be looked up",
                        "case.yaml:15:35 mapping.j.reverse: only applies with map (a value map declared under valueMaps)",
                        "case.yaml:15:59 mapping.j.unknown: unknown: default needs a default value; add default: ...",
                        "case.yaml:16:18 mapping.k.unknown: only applies with values or map",
                        "case.yaml:17:35 mapping.l.map: cannot be combined with 'values': use the named value map or inline values, not both",
                        "case.yaml:18:44 mapping.m.unknown: 'sometimes' is not one of error, pass, default")),
                argumentSet("reports a reverse map without any value maps declared", """
                        mapping:
                          id: id
                          g: { from: x, map: tier, reverse: true }
                        """, List.of(
                        "case.yaml:7:22 mapping.g.map: unknown value map 'tier' (the sync declares no valueMaps)")),
                argumentSet("reports conversion problems", """
                        mapping:
                          id: id
                          a: { from: x, convert: integr }
                          b: { from: x, convert: decimal }
                          c: { from: x, convert: { decimal: -1 } }
                          d: { from: x, convert: { decimal: { scale: 2, rounding: bankers } } }
                          e: { from: x, convert: { datetime: { from: epoch-milis, zone: Europe/Berln, dst: maybe } } }
                          f: { from: x, convert: [trim, { toMinorUnits: XYZ }, { fromMinorUnits: { digits: 2, currency: EUR } }] }
                          v: { from: x, convert: { round: 2 } }
                          w: { from: x, convert: [] }
                          y: { from: x, convert: { datetime: { to: "yyyy-MM-dd bb" } } }
                          x1: { from: x, convert: toXml }
                          x2: { from: x, convert: { toXml: "my order" } }
                          x3: { from: x, convert: [fromXml, { toXml: order }] }
                        """, List.of(
                        "case.yaml:7:26 mapping.a.convert: 'integr' is not a conversion; did you mean 'integer'? (conversions: string, number, integer, "
                                + "boolean, trim, lower, upper, fromXml, decimal, fromMinorUnits, toMinorUnits, datetime, toXml)",
                        "case.yaml:8:26 mapping.b.convert: 'decimal' needs options, such as { decimal: 2 } or { decimal: { scale: 2, rounding: half-up } }",
                        "case.yaml:9:37 mapping.c.convert.decimal: expected a scale from 0 to 100, found '-1'",
                        "case.yaml:10:59 mapping.d.convert.decimal.rounding: 'bankers' is not one of half-even, half-up, half-down, up, down, ceiling, floor, unnecessary",
                        "case.yaml:11:46 mapping.e.convert.datetime.from: 'epoch-milis' is not a named format (iso, iso-date, iso-local, epoch-seconds, epoch-millis) "
                                + "nor a valid java.time pattern (Unknown pattern letter: o); did you mean 'epoch-millis'?",
                        "case.yaml:11:65 mapping.e.convert.datetime.zone: unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'? "
                                + "(use a region such as Europe/Berlin, UTC, or an offset such as +02:00)",
                        "case.yaml:11:84 mapping.e.convert.datetime.dst: 'maybe' is not one of earlier, later, error",
                        "case.yaml:12:49 mapping.f.convert[1].toMinorUnits: 'XYZ' is not an ISO 4217 currency code",
                        "case.yaml:12:58 mapping.f.convert[2].fromMinorUnits: expected one of digits or currency, such as { currency: EUR }",
                        "case.yaml:13:28 mapping.v.convert.round: 'round' is not a conversion with options (decimal, fromMinorUnits, toMinorUnits, datetime, toXml)",
                        "case.yaml:14:26 mapping.w.convert: expected at least one conversion, found none",
                        "case.yaml:15:44 mapping.y.convert.datetime.to: 'yyyy-MM-dd bb' is not a named format (iso, iso-date, iso-local, epoch-seconds, epoch-millis) "
                                + "nor a valid java.time pattern (Unknown pattern letter: b)",
                        "case.yaml:16:27 mapping.x1.convert: 'toXml' needs options, such as { toXml: order } (the root element's name)",
                        "case.yaml:17:36 mapping.x2.convert.toXml: expected the root element's name, such as { toXml: order } (ASCII letters, digits, '-', '_', '.'; "
                                + "not starting with a digit), found 'my order'")),
                argumentSet("reports field form problems", """
                        mapping:
                          id: id
                          m: { from: x, const: 1 }
                          n: { each: items }
                          o: { object: { p: q }, convert: trim }
                          p: { from: x, when: maybe }
                          q: { from: x, when: { path: y } }
                          r: { array: [] }
                          s: { object: { t: "x..y", u: { cnst: 1 } } }
                          t: "items[*]name"
                          u: { from: "= $x +", when: "= (" }
                          z: { const: 1, default: 2 }
                        """, List.of(
                        "case.yaml:7:17 mapping.m.const: cannot be combined with 'from': a field has one source",
                        "case.yaml:8:3 mapping.n: missing required key 'object' (each builds one object per element)",
                        "case.yaml:9:26 mapping.o.convert: only applies with from or const, not with object",
                        "case.yaml:10:23 mapping.p.when: expected \"= predicate\" (JSONata) or { path: ..., equals: ... }, found 'maybe'",
                        "case.yaml:11:17 mapping.q.when: missing required key 'equals'",
                        "case.yaml:12:15 mapping.r.array: expected a list of values, such as [work_phone, home_phone], found an empty list",
                        "case.yaml:13:21 mapping.s.object.t: invalid source path 'x..y': empty key at position 3",
                        "case.yaml:13:34 mapping.s.object.u.cnst: unknown key; did you mean 'const'? (allowed: from, const, object, array, each, lookup, values, map, "
                                + "reverse, unknown, default, convert, when)",
                        "case.yaml:14:6 mapping.t: invalid source path 'items[*]name': expected '.' or '[' after [*], found 'n'",
                        "case.yaml:15:14 mapping.u.from: not a valid JSONata expression: Unexpected end of expression (at character 4)",
                        "case.yaml:15:30 mapping.u.when: not a valid JSONata expression: Expected \")\" before end of expression (at character 1)",
                        "case.yaml:16:18 mapping.z.default: only applies with from or each, not with const")),
                argumentSet("reports expression limit problems", """
                        expressionLimits: { timeout: soon, maxDepth: 20000, memory: 1 }
                        mapping:
                          id: id
                        """, List.of(
                        "case.yaml:5:30 expressionLimits.timeout: expected a duration such as 500ms, 2s, 1m or 1h, found 'soon'",
                        "case.yaml:5:46 expressionLimits.maxDepth: expected at most 10000, found 20000 (deeper JSONata recursion would exhaust the thread's stack)",
                        "case.yaml:5:53 expressionLimits.memory: unknown key (allowed: timeout, maxDepth)")));
    }

    private LoadResult load(String yaml) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", yaml));
        return loader.loadTexts(texts);
    }

    private static Pipeline pipeline(FieldMapping.Value source, List<Conversion> convert) {
        return new Pipeline(source, convert, null, false, null, null);
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
