package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.Conversion;
import dev.junction.spec.FieldMapping;
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
import dev.junction.spec.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping shapes beyond plain paths: [*], value-map policies, conditions, built objects and arrays, limits. */
class MapperShapesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Object> tiers = ordered("gold", 1, "silver", 2);

    @Test
    void mapsOverArraysWithAWildcardAndFlattensNestedOnes() {
        Mapper mapper = Mapper.compile(lines(
                "emails", new Path("contacts[*].email"),
                "skus", new Path("orders[*].lines[*].sku"),
                "none", new Path("empty[*].x"),
                "absent", new Path("nowhere[*].x")));

        assertThat(mapper.map(read("""
                {"contacts":[{"email":"a@x"},{"phone":"1"},{"email":"b@x"}],
                 "orders":[{"lines":[{"sku":"s1"},{"sku":"s2"}]},{"lines":[{"sku":"s3"}]}],"empty":[]}""")))
                .isEqualTo(read("""
                        {"emails":["a@x","b@x"],"skus":["s1","s2","s3"],"none":[]}"""));
    }

    @Test
    void convertsAndLooksUpEachElementOfAWildcardSource() {
        Mapper mapper = Mapper.compile(lines(
                "emails", pipeline(new Path("contacts[*].email"), List.of(Conversion.Simple.TRIM, Conversion.Simple.LOWER), null),
                "levels", pipeline(new Path("contacts[*].tier"), List.of(), new Lookup(null, tiers, Unknown.PASS, false))));

        assertThat(mapper.map(read("""
                {"contacts":[{"email":" Ada@X.org ","tier":"gold"},{"email":"b@x","tier":"bronze"}]}""")))
                .isEqualTo(read("""
                        {"emails":["ada@x.org","b@x"],"levels":[1,"bronze"]}"""));
    }

    @Test
    void anUnknownValuePassesThroughOrBecomesTheDefaultOrFailsAsTheFieldSays() {
        Mapper mapper = Mapper.compile(lines(
                "passed", pipeline(new Path("tier"), List.of(), new Lookup(null, tiers, Unknown.PASS, false)),
                "defaulted", new Pipeline(new Path("tier"), List.of(), new Lookup(null, tiers, Unknown.DEFAULT, false), true, 0, null)));
        Mapper strict = Mapper.compile(lines(
                "strict", new Pipeline(new Path("tier"), List.of(), new Lookup("tier", tiers, Unknown.ERROR, false), true, 0, null)));

        assertThat(mapper.map(read("{\"tier\":\"bronze\"}"))).isEqualTo(read("{\"passed\":\"bronze\",\"defaulted\":0}"));
        assertThatThrownBy(() -> strict.map(read("{\"tier\":\"bronze\"}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'strict': value 'bronze' at 'tier' is not in value map 'tier' [gold, silver] (unknown: error)");
        assertThat(strict.map(read("{}"))).isEqualTo(read("{\"strict\":0}"));
    }

    @Test
    void looksUpNumbersByValueSoAReversedMapFindsOneAndOnePointZero() {
        Mapper mapper = Mapper.compile(lines(
                "tier", pipeline(new Path("priority"), List.of(), new Lookup("tier", ordered("1", "gold", "2", "silver"), Unknown.ERROR, true))));

        assertThat(mapper.map(read("{\"priority\":1}"))).isEqualTo(read("{\"tier\":\"gold\"}"));
        assertThat(mapper.map(read("{\"priority\":2.0}"))).isEqualTo(read("{\"tier\":\"silver\"}"));
        assertThatThrownBy(() -> mapper.map(read("{\"priority\":3}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'tier': value '3' at 'priority' is not in value map 'tier' (reversed) [1, 2] and there is no default");
    }

    @Test
    void aMissingSourceTakesTheDefaultAndOtherwiseLeavesTheFieldOut() {
        Mapper mapper = Mapper.compile(lines(
                "country", new Pipeline(new Path("address.country"), List.of(), null, true, "DE", null),
                "city", new Pipeline(new Path("address.city"), List.of(Conversion.Simple.UPPER), null, false, null, null)));

        assertThat(mapper.map(read("{\"address\":{\"country\":null}}"))).isEqualTo(read("{\"country\":\"DE\"}"));
        assertThat(mapper.map(read("{\"address\":{\"country\":\"FR\",\"city\":\"paris\"}}"))).isEqualTo(read("{\"country\":\"FR\",\"city\":\"PARIS\"}"));
    }

    @Test
    void writesAConditionalFieldOnlyWhenItsConditionHolds() {
        Mapper mapper = Mapper.compile(lines(
                "vip_since", new Pipeline(new Path("since"), List.of(), null, false, null, new Equals("tier", "gold")),
                "big", new Pipeline(new Constant(true), List.of(), null, false, null, new Predicate(new Expression("amount > 1000"))),
                "one", new Pipeline(new Constant("yes"), List.of(), null, false, null, new Equals("count", 1))));

        assertThat(mapper.map(read("{\"tier\":\"gold\",\"since\":2020,\"amount\":5000,\"count\":1.0}")))
                .isEqualTo(read("{\"vip_since\":2020,\"big\":true,\"one\":\"yes\"}"));
        assertThat(mapper.map(read("{\"tier\":\"silver\",\"since\":2020,\"amount\":5}"))).isEqualTo(read("{}"));
    }

    @Test
    void buildsObjectsArraysAndOneObjectPerElement() {
        Mapper mapper = Mapper.compile(lines(
                "address", new ObjectValue(lines("street", new Path("addr.line1"), "geo.city", new Path("addr.city"))),
                "phones", new ArrayValue(List.of(new Path("work_phone"), new Path("home_phone"), new Constant("+1-555-0000"))),
                "lines", new Each("items", new ObjectValue(lines(
                        "sku", new Path("product.id"),
                        "qty", pipeline(new Path("quantity"), List.of(Conversion.Simple.INTEGER), null))))));

        assertThat(mapper.map(read("""
                {"addr":{"line1":"1 Main St","city":"Springfield"},"work_phone":"+1-555-0100",
                 "items":[{"product":{"id":"p1"},"quantity":"2"},{"product":{"id":"p2"},"quantity":1}]}""")))
                .isEqualTo(read("""
                        {"address":{"street":"1 Main St","geo":{"city":"Springfield"}},"phones":["+1-555-0100","+1-555-0000"],
                         "lines":[{"sku":"p1","qty":2},{"sku":"p2","qty":1}]}"""));
    }

    @Test
    void namesTheNestedFieldWhenAnElementFails() {
        Mapper mapper = Mapper.compile(lines("lines", new Each("items", new ObjectValue(lines(
                "qty", pipeline(new Path("quantity"), List.of(Conversion.Simple.INTEGER), null))))));

        assertThatThrownBy(() -> mapper.map(read("{\"items\":[{\"quantity\":1},{\"quantity\":\"lots\"}]}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'lines[].qty': integer cannot convert \"lots\" at 'quantity': not a number");
        assertThatThrownBy(() -> mapper.map(read("{\"items\":{\"quantity\":1}}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'lines': each 'items' expected an array, found an object {\"quantity\":1}");
    }

    @Test
    void convertsTheResultOfAnExpression() {
        Mapper mapper = Mapper.compile(lines(
                "name", pipeline(new Expression("first & ' ' & last"), List.of(Conversion.Simple.UPPER), null)));

        assertThat(mapper.map(read("{\"first\":\"Ada\",\"last\":\"Lovelace\"}"))).isEqualTo(read("{\"name\":\"ADA LOVELACE\"}"));
    }

    @Test
    void aHostileExpressionFailsItsOwnRecordOnlyAtTheDepthLimit() {
        String countdown = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(depth))";
        Mapper mapper = Mapper.compile(lines("steps", new Expression(countdown, Duration.ofSeconds(30), 50)));

        assertThat(mapper.map(read("{\"depth\":5}"))).isEqualTo(read("{\"steps\":5}"));
        assertThatThrownBy(() -> mapper.map(read("{\"depth\":100000}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'steps': expression '= " + countdown + "' failed: it nested deeper than the limit of 50 steps (expressionLimits.maxDepth)");
        assertThat(mapper.map(read("{\"depth\":7}"))).isEqualTo(read("{\"steps\":7}"));
    }

    @Test
    void anExpressionPastItsTimeLimitFailsItsRecord() {
        String slow = "$count([1..depth].($string($)))";
        Mapper mapper = Mapper.compile(lines("n", new Expression(slow, Duration.ofMillis(1), 1000)));

        assertThat(Mapper.compile(lines("n", new Expression(slow))).map(read("{\"depth\":3}"))).isEqualTo(read("{\"n\":3}"));
        assertThatThrownBy(() -> mapper.map(read("{\"depth\":200000}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'n': expression '= " + slow + "' failed: it ran longer than the limit of 1ms (expressionLimits.timeout)");
        // the frame is reused per thread: the next record starts with a fresh deadline (3 steps never read the clock)
        assertThat(mapper.map(read("{\"depth\":3}"))).isEqualTo(read("{\"n\":3}"));
    }

    @Test
    void threadsSharingAMapperKeepTheirOwnLimits() throws Exception {
        String countdown = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(depth))";
        Mapper mapper = Mapper.compile(lines("steps", new Expression(countdown, Duration.ofSeconds(30), 50)));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int depth = i % 3 == 0 ? 1000 : i % 8;
                results.add(pool.submit(() -> {
                    try {
                        return mapper.map(read("{\"depth\":" + depth + "}")).toString();
                    } catch (MappingException e) {
                        return "error";
                    }
                }));
            }
            for (int i = 0; i < 400; i++) {
                assertThat(results.get(i).get()).isEqualTo(i % 3 == 0 ? "error" : "{\"steps\":" + (i % 8) + "}");
            }
        }
    }

    @Test
    void buildsAnXmlStringFromAnExpressionsObjectAsDocumented() {
        Mapper mapper = Mapper.compile(lines("invoice_xml", pipeline(
                new Expression("{ '@id': id, 'customer': name, 'line': items.{ 'sku': sku, 'qty': qty } }"), List.of(new Conversion.ToXml("invoice")), null)));

        assertThat(mapper.map(read("{\"id\":7,\"name\":\"Ada & Co\",\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B\",\"qty\":1}]}")).get("invoice_xml").textValue())
                .isEqualTo("<invoice id=\"7\"><customer>Ada &amp; Co</customer><line><sku>A-1</sku><qty>2</qty></line><line><sku>B</sku><qty>1</qty></line></invoice>");
    }

    @Test
    void anExpressionThatYieldsAFunctionIsARowError() {
        Mapper mapper = Mapper.compile(lines("f", new Expression("$uppercase")));

        assertThatThrownBy(() -> mapper.map(read("{}")))
                .isInstanceOf(MappingException.class)
                .hasMessage("field 'f': expression '= $uppercase' failed: the result is a JFunction, which is not a JSON value");
    }

    private static Pipeline pipeline(FieldMapping.Value source, List<Conversion> convert, Lookup lookup) {
        return new Pipeline(source, convert, lookup, false, null, null);
    }

    static List<FieldMapping> lines(Object... pairs) {
        List<FieldMapping> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new FieldMapping((String) pairs[i], (FieldMapping.Value) pairs[i + 1], SourceLocation.unknown("test")));
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
