package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.Conversion;
import dev.junction.spec.Conversion.DateTime;
import dev.junction.spec.Conversion.Decimal;
import dev.junction.spec.Conversion.Dst;
import dev.junction.spec.Conversion.MinorUnits;
import dev.junction.spec.Conversion.Simple;
import dev.junction.spec.Conversion.TimeFormat;
import dev.junction.spec.Conversion.TimeFormat.Kind;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conversion as a table of named cases: the step, the source value (JSON) and either the
 * written value (JSON) or, starting with {@code error: }, the exact row error.
 */
class ConversionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest
    @MethodSource({"types", "decimals", "minorUnits", "dates", "daylightSaving", "xml"})
    void convertsOrFailsWithAnExactMessage(Conversion step, String input, String expected) throws Exception {
        Mapper mapper = Mapper.compile(List.of(new FieldMapping("out",
                new FieldMapping.Pipeline(new FieldMapping.Path("v"), List.of(step), null, false, null, null), SourceLocation.unknown("test"))));
        JsonNode record = JSON.readTree("{\"v\":" + input + "}");

        if (expected.startsWith("error: ")) {
            assertThatThrownBy(() -> mapper.map(record)).isInstanceOf(MappingException.class).hasMessage(expected.substring(7));
        } else {
            assertThat(mapper.map(record).get("out").toString()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> types() {
        return Stream.of(
                argumentSet("string keeps text", Simple.STRING, "\"x\"", "\"x\""),
                argumentSet("string writes an integer", Simple.STRING, "42", "\"42\""),
                argumentSet("string writes a decimal plainly", Simple.STRING, "0.00001", "\"0.00001\""),
                argumentSet("string writes a boolean", Simple.STRING, "true", "\"true\""),
                argumentSet("string refuses an object", Simple.STRING, "{\"a\":1}",
                        "error: field 'out': string cannot convert {\"a\":1} at 'v': expected a single value, found an object"),
                argumentSet("number reads text", Simple.NUMBER, "\"12.50\"", "12.50"),
                argumentSet("number reads whole text as an integer", Simple.NUMBER, "\" 42 \"", "42"),
                argumentSet("number keeps a number", Simple.NUMBER, "7", "7"),
                argumentSet("number refuses other text", Simple.NUMBER, "\"12,5\"", "error: field 'out': number cannot convert \"12,5\" at 'v': not a number"),
                argumentSet("number refuses a boolean", Simple.NUMBER, "true",
                        "error: field 'out': number cannot convert true at 'v': expected a number or text holding one, found a boolean"),
                argumentSet("number refuses a huge exponent", Simple.NUMBER, "\"1e9999\"",
                        "error: field 'out': number cannot convert \"1e9999\" at 'v': the number is too large (more than 400 digits)"),
                argumentSet("integer reads text", Simple.INTEGER, "\"-42\"", "-42"),
                argumentSet("integer reads a whole decimal", Simple.INTEGER, "42.0", "42"),
                argumentSet("integer keeps a long", Simple.INTEGER, "9007199254740993", "9007199254740993"),
                argumentSet("integer refuses a fraction", Simple.INTEGER, "\"4.5\"",
                        "error: field 'out': integer cannot convert \"4.5\" at 'v': it has a fractional part; use decimal: 0 to round it"),
                argumentSet("boolean reads yes", Simple.BOOLEAN, "\"yes\"", "true"),
                argumentSet("boolean reads OFF in any case", Simple.BOOLEAN, "\"OFF\"", "false"),
                argumentSet("boolean reads 1", Simple.BOOLEAN, "1", "true"),
                argumentSet("boolean reads 0", Simple.BOOLEAN, "0", "false"),
                argumentSet("boolean refuses 2", Simple.BOOLEAN, "2",
                        "error: field 'out': boolean cannot convert 2 at 'v': expected true/false, yes/no, on/off or 1/0"),
                argumentSet("boolean refuses maybe", Simple.BOOLEAN, "\"maybe\"",
                        "error: field 'out': boolean cannot convert \"maybe\" at 'v': expected true/false, yes/no, on/off or 1/0"),
                argumentSet("trim strips white space", Simple.TRIM, "\"  a b \\t\"", "\"a b\""),
                argumentSet("trim refuses a number", Simple.TRIM, "5", "error: field 'out': trim cannot convert 5 at 'v': expected text, found a number"),
                argumentSet("lower is locale-independent", Simple.LOWER, "\"ÄBC I\"", "\"äbc i\""),
                argumentSet("upper expands sharp s", Simple.UPPER, "\"straße\"", "\"STRASSE\""),
                argumentSet("null stays null", Simple.INTEGER, "null", "null"));
    }

    static Stream<Arguments> decimals() {
        return Stream.of(
                argumentSet("half-even rounds .5 to even (down)", decimal(2, RoundingMode.HALF_EVEN), "2.665", "2.66"),
                argumentSet("half-even rounds .5 to even (up)", decimal(2, RoundingMode.HALF_EVEN), "2.675", "2.68"),
                argumentSet("half-even of 2.5 is 2", decimal(0, RoundingMode.HALF_EVEN), "2.5", "2"),
                argumentSet("half-even of 3.5 is 4", decimal(0, RoundingMode.HALF_EVEN), "3.5", "4"),
                argumentSet("half-even of -2.5 is -2", decimal(0, RoundingMode.HALF_EVEN), "-2.5", "-2"),
                argumentSet("half-up of 2.5 is 3", decimal(0, RoundingMode.HALF_UP), "2.5", "3"),
                argumentSet("half-up of -2.5 is -3", decimal(0, RoundingMode.HALF_UP), "-2.5", "-3"),
                argumentSet("half-up of text 2.665 is 2.67", decimal(2, RoundingMode.HALF_UP), "\"2.665\"", "2.67"),
                argumentSet("half-down of 2.5 is 2", decimal(0, RoundingMode.HALF_DOWN), "2.5", "2"),
                argumentSet("half-down of 2.51 is 3", decimal(0, RoundingMode.HALF_DOWN), "2.51", "3"),
                argumentSet("up of 2.1 is 3", decimal(0, RoundingMode.UP), "2.1", "3"),
                argumentSet("down of 2.9 is 2", decimal(0, RoundingMode.DOWN), "2.9", "2"),
                argumentSet("ceiling of -2.5 is -2", decimal(0, RoundingMode.CEILING), "-2.5", "-2"),
                argumentSet("floor of -2.5 is -3", decimal(0, RoundingMode.FLOOR), "-2.5", "-3"),
                argumentSet("scale pads with zeros", decimal(2, RoundingMode.HALF_EVEN), "7", "7.00"),
                argumentSet("unnecessary keeps an exact value", decimal(1, RoundingMode.UNNECESSARY), "2.50", "2.5"),
                argumentSet("unnecessary refuses rounding", decimal(1, RoundingMode.UNNECESSARY), "2.55",
                        "error: field 'out': decimal (scale 1, unnecessary) cannot convert 2.55 at 'v': it has more than 1 decimal places and rounding is unnecessary"));
    }

    static Stream<Arguments> minorUnits() {
        MinorUnits fromCents = new MinorUnits(false, 2, null);
        MinorUnits toCents = new MinorUnits(true, 2, null);
        return Stream.of(
                argumentSet("cents to major units", fromCents, "1234", "12.34"),
                argumentSet("cents to major units keeps the scale", fromCents, "1200", "12.00"),
                argumentSet("five cents", fromCents, "5", "0.05"),
                argumentSet("negative cents", fromCents, "-1", "-0.01"),
                argumentSet("cents as text", fromCents, "\"1234\"", "12.34"),
                argumentSet("fractional cents are refused", fromCents, "12.5",
                        "error: field 'out': fromMinorUnits (2 digits) cannot convert 12.5 at 'v': an amount in minor units must be whole; set rounding to round it"),
                argumentSet("fractional cents are rounded when asked", new MinorUnits(false, 2, RoundingMode.HALF_EVEN), "12.5", "0.12"),
                argumentSet("yen have no minor unit", new MinorUnits(false, 0, null), "500", "500"),
                argumentSet("major units to cents", toCents, "12.34", "1234"),
                argumentSet("a tenth to cents", toCents, "\"0.1\"", "10"),
                argumentSet("a third cent is refused", toCents, "12.345",
                        "error: field 'out': toMinorUnits (2 digits) cannot convert 12.345 at 'v': it has more than 2 decimal places; set rounding to round it"),
                argumentSet("half-even rounds a half cent down to even", new MinorUnits(true, 2, RoundingMode.HALF_EVEN), "12.345", "1234"),
                argumentSet("half-even rounds a half cent up to even", new MinorUnits(true, 2, RoundingMode.HALF_EVEN), "12.355", "1236"),
                argumentSet("three-digit currencies", new MinorUnits(true, 3, null), "1.234", "1234"));
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                argumentSet("epoch zero", time(Kind.EPOCH_SECONDS, Kind.ISO, UTC, UTC), "0", "\"1970-01-01T00:00:00Z\""),
                argumentSet("epoch seconds on a leap day", time(Kind.EPOCH_SECONDS, Kind.ISO, UTC, UTC), "1709164800", "\"2024-02-29T00:00:00Z\""),
                argumentSet("epoch seconds as text", time(Kind.EPOCH_SECONDS, Kind.ISO_DATE, UTC, UTC), "\"1709164800\"", "\"2024-02-29\""),
                argumentSet("fractional epoch seconds", time(Kind.EPOCH_SECONDS, Kind.EPOCH_MILLIS, UTC, UTC), "1.5", "1500"),
                argumentSet("iso to epoch millis", time(Kind.ISO, Kind.EPOCH_MILLIS, UTC, UTC), "\"2024-02-29T12:00:00Z\"", "1709208000000"),
                argumentSet("iso with an offset to epoch seconds", time(Kind.ISO, Kind.EPOCH_SECONDS, UTC, UTC), "\"2024-02-29T13:00:00+01:00\"", "1709208000"),
                argumentSet("epoch millis to Berlin summer time", time(Kind.EPOCH_MILLIS, Kind.ISO, UTC, BERLIN), "1711846800000", "\"2024-03-31T03:00:00+02:00\""),
                argumentSet("epoch millis must be whole", time(Kind.EPOCH_MILLIS, Kind.ISO, UTC, UTC), "1.5",
                        "error: field 'out': datetime (from epoch-millis to iso) cannot convert 1.5 at 'v': epoch milliseconds must be a whole number"),
                argumentSet("epoch millis must be a number", time(Kind.EPOCH_MILLIS, Kind.ISO, UTC, UTC), "\"yesterday\"",
                        "error: field 'out': datetime (from epoch-millis to iso) cannot convert \"yesterday\" at 'v': not a number"),
                argumentSet("a pattern to an iso date on a leap day", pattern("dd.MM.yyyy", Kind.ISO_DATE), "\"29.02.2024\"", "\"2024-02-29\""),
                argumentSet("the year before has no leap day", pattern("dd.MM.yyyy", Kind.ISO_DATE), "\"29.02.2023\"",
                        "error: field 'out': datetime (from 'dd.MM.yyyy' to iso-date) cannot convert \"29.02.2023\" at 'v': Text '29.02.2023' could not be parsed: Invalid date 'February 29' as '2023' is not a leap year"),
                argumentSet("the year after has no leap day", pattern("dd.MM.yyyy", Kind.ISO_DATE), "\"29.02.2025\"",
                        "error: field 'out': datetime (from 'dd.MM.yyyy' to iso-date) cannot convert \"29.02.2025\" at 'v': Text '29.02.2025' could not be parsed: Invalid date 'February 29' as '2025' is not a leap year"),
                argumentSet("an iso date to a pattern", new DateTime(TimeFormat.of(Kind.ISO_DATE), new TimeFormat(Kind.PATTERN, "dd.MM.yyyy"), UTC, UTC, Dst.EARLIER),
                        "\"2024-02-29\"", "\"29.02.2024\""),
                argumentSet("an impossible iso date", time(Kind.ISO_DATE, Kind.ISO, UTC, UTC), "\"2023-02-29\"",
                        "error: field 'out': datetime (from iso-date to iso) cannot convert \"2023-02-29\" at 'v': Text '2023-02-29' could not be parsed: Invalid date 'February 29' as '2023' is not a leap year"),
                argumentSet("a date starts its day in its zone", time(Kind.ISO, Kind.EPOCH_SECONDS, NEW_YORK, UTC), "\"2024-02-29\"", "1709182800"),
                argumentSet("iso needs text", time(Kind.ISO, Kind.ISO_DATE, UTC, UTC), "123",
                        "error: field 'out': datetime (from iso to iso-date) cannot convert 123 at 'v': expected text, found a number"),
                argumentSet("an invalid month", time(Kind.ISO, Kind.ISO, UTC, UTC), "\"2024-13-01T00:00:00Z\"",
                        "error: field 'out': datetime (from iso to iso) cannot convert \"2024-13-01T00:00:00Z\" at 'v': Text '2024-13-01T00:00:00Z' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13"));
    }

    static Stream<Arguments> daylightSaving() {
        return Stream.of(
                argumentSet("Berlin spring-forward gap moves forward by the gap", time(Kind.ISO_LOCAL, Kind.ISO, BERLIN, UTC),
                        "\"2024-03-31T02:30:00\"", "\"2024-03-31T01:30:00Z\""),
                argumentSet("Berlin gap shown in Berlin", time(Kind.ISO_LOCAL, Kind.ISO, BERLIN, BERLIN),
                        "\"2024-03-31T02:30:00\"", "\"2024-03-31T03:30:00+02:00\""),
                argumentSet("Berlin gap is an error with dst error", dst(Kind.ISO_LOCAL, BERLIN, Dst.ERROR), "\"2024-03-31T02:30:00\"",
                        "error: field 'out': datetime (from iso-local to iso) cannot convert \"2024-03-31T02:30:00\" at 'v': 2024-03-31T02:30 does not exist in Europe/Berlin (clocks change from 02:00 to 03:00); drop dst: error to move it forward by the gap"),
                argumentSet("Berlin fall-back overlap takes the earlier offset", dst(Kind.ISO_LOCAL, BERLIN, Dst.EARLIER), "\"2024-10-27T02:30:00\"", "\"2024-10-27T00:30:00Z\""),
                argumentSet("Berlin fall-back overlap takes the later offset", dst(Kind.ISO_LOCAL, BERLIN, Dst.LATER), "\"2024-10-27T02:30:00\"", "\"2024-10-27T01:30:00Z\""),
                argumentSet("Berlin overlap is an error with dst error", dst(Kind.ISO_LOCAL, BERLIN, Dst.ERROR), "\"2024-10-27T02:30:00\"",
                        "error: field 'out': datetime (from iso-local to iso) cannot convert \"2024-10-27T02:30:00\" at 'v': 2024-10-27T02:30 happens twice in Europe/Berlin (clocks change from 03:00 to 02:00); set dst: earlier or later to pick one"),
                argumentSet("New York spring-forward gap", dst(Kind.ISO_LOCAL, NEW_YORK, Dst.EARLIER), "\"2024-03-10T02:30:00\"", "\"2024-03-10T07:30:00Z\""),
                argumentSet("New York fall-back earlier", dst(Kind.ISO_LOCAL, NEW_YORK, Dst.EARLIER), "\"2024-11-03T01:30:00\"", "\"2024-11-03T05:30:00Z\""),
                argumentSet("New York fall-back later", dst(Kind.ISO_LOCAL, NEW_YORK, Dst.LATER), "\"2024-11-03T01:30:00\"", "\"2024-11-03T06:30:00Z\""),
                argumentSet("a pattern in a gap is placed the same way", new DateTime(new TimeFormat(Kind.PATTERN, "dd.MM.yyyy HH:mm"), TimeFormat.of(Kind.EPOCH_SECONDS),
                        BERLIN, BERLIN, Dst.EARLIER), "\"27.10.2024 02:30\"", "1729989000"),
                argumentSet("local in, local out: no zone and no shift", new DateTime(new TimeFormat(Kind.PATTERN, "yyyy-MM-dd HH:mm"), TimeFormat.of(Kind.ISO_LOCAL),
                        BERLIN, BERLIN, Dst.ERROR), "\"2024-03-31 02:30\"", "\"2024-03-31T02:30:00\""));
    }

    static Stream<Arguments> xml() {
        Conversion from = new Conversion.FromXml();
        Conversion to = new Conversion.ToXml("order");
        return Stream.of(
                argumentSet("fromXml: attributes and child elements become keys, text stays text", from,
                        json("<order id=\"7\"><sku>A-1</sku><qty>2</qty></order>"), "{\"id\":\"7\",\"sku\":\"A-1\",\"qty\":\"2\"}"),
                argumentSet("fromXml: repeated elements become an array", from,
                        json("<order><line>a</line><note/><line>b</line></order>"), "{\"line\":[\"a\",\"b\"],\"note\":\"\"}"),
                argumentSet("fromXml: an element with attributes keeps its text under \"\"", from,
                        json("<order><total currency=\"EUR\">12.50</total></order>"), "{\"total\":{\"currency\":\"EUR\",\"\":\"12.50\"}}"),
                argumentSet("fromXml: namespaces are dropped to local names", from,
                        json("<p:order xmlns:p=\"urn:shop\" p:id=\"3\"><p:sku>A</p:sku></p:order>"), "{\"id\":\"3\",\"sku\":\"A\"}"),
                argumentSet("fromXml: a root with only text is that text", from, json("<name>Ann &amp; Bob</name>"), "\"Ann & Bob\""),
                argumentSet("fromXml: an empty root is an empty object", from, json("<order/>"), "{}"),
                argumentSet("fromXml: CDATA is text", from, json("<o><note><![CDATA[a < b]]></note></o>"), "{\"note\":\"a < b\"}"),
                argumentSet("fromXml: null stays null", from, "null", "null"),
                argumentSet("fromXml: an unclosed element is a row error", from, json("<order><sku>A</order>"),
                        "error: field 'out': fromXml cannot convert \"<order><sku>A</order>\" at 'v': not XML (line 1, column 21: Unexpected close tag </order>; expected </sku>.)"),
                argumentSet("fromXml: plain text is a row error", from, json("hello"),
                        "error: field 'out': fromXml cannot convert \"hello\" at 'v': not XML (Unexpected character 'h' (code 104) in prolog; expected '<')"),
                argumentSet("fromXml: empty text is a row error", from, json(" "), "error: field 'out': fromXml cannot convert \" \" at 'v': not XML: the text is empty"),
                argumentSet("fromXml: a DTD is refused", from, json("<!DOCTYPE o [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><o>&x;</o>"),
                        "error: field 'out': fromXml cannot convert \"<!DOCTYPE o [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><o>&x… at 'v': not XML (line 1, column 61: Undeclared general entity \"x\")"),
                argumentSet("fromXml: a number is a row error", from, "42", "error: field 'out': fromXml cannot convert 42 at 'v': expected text, found a number"),
                argumentSet("toXml: keys become elements, arrays repeat, @keys are attributes", to,
                        "{\"@id\":7,\"sku\":\"A&B\",\"line\":[{\"qty\":1},{\"qty\":2.5}],\"paid\":true,\"note\":null}",
                        json("<order id=\"7\"><sku>A&amp;B</sku><line><qty>1</qty></line><line><qty>2.5</qty></line><paid>true</paid><note/></order>")),
                argumentSet("toXml: the \"\" key is the element's text", to, "{\"total\":{\"@currency\":\"EUR\",\"\":\"12.50\"}}",
                        json("<order><total currency=\"EUR\">12.50</total></order>")),
                argumentSet("toXml: a single value is the root's text", to, json("a<b"), json("<order>a&lt;b</order>")),
                argumentSet("toXml: a key that is no XML name is a row error", to, "{\"bad key\":1}",
                        "error: field 'out': toXml (root order) cannot convert {\"bad key\":1} at 'v': 'bad key' at order is not an XML element name"),
                argumentSet("toXml: an array at the top is a row error", to, "[1,2]",
                        "error: field 'out': toXml (root order) cannot convert [1,2] at 'v': expected an object or a single value for one root element, found an array"),
                argumentSet("toXml: an object as an attribute is a row error", to, "{\"@id\":{\"a\":1}}",
                        "error: field 'out': toXml (root order) cannot convert {\"@id\":{\"a\":1}} at 'v': expected text, a number or a boolean at order.@id, found an object"));
    }

    private static String json(String text) {
        return NODES_TEXT.apply(text);
    }

    private static final java.util.function.Function<String, String> NODES_TEXT =
            text -> com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(text).toString();

    private static Decimal decimal(int scale, RoundingMode rounding) {
        return new Decimal(scale, rounding);
    }

    private static DateTime time(Kind from, Kind to, ZoneId zone, ZoneId toZone) {
        return new DateTime(TimeFormat.of(from), TimeFormat.of(to), zone, toZone, Dst.EARLIER);
    }

    private static DateTime dst(Kind from, ZoneId zone, Dst dst) {
        return new DateTime(TimeFormat.of(from), TimeFormat.of(Kind.ISO), zone, UTC, dst);
    }

    private static DateTime pattern(String pattern, Kind to) {
        return new DateTime(new TimeFormat(Kind.PATTERN, pattern), TimeFormat.of(to), UTC, UTC, Dst.EARLIER);
    }
}
