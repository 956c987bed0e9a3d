package dev.junction.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.Conversion;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@code fromXml} and {@code toXml}: any text, XML-like or broken, either converts or
 * fails its record with a {@link MappingException} (never anything else); and whatever {@code toXml}
 * writes, {@code fromXml} reads back.
 */
class XmlConversionPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> PIECES = List.of("<a>", "</a>", "<b x=\"1\">", "</b>", "<c/>", "text", "&amp;", "&x;", "&#0;",
            "<![CDATA[ < ]]>", "<!-- c -->", "<?xml version=\"1.0\"?>", "<!DOCTYPE a [<!ENTITY e \"v\">]>", "<p:a xmlns:p=\"urn:p\">",
            "</p:a>", "<a y=", "\"", "'", "<", ">", " ", "\u0000", "\uD800", "é", "<1a>", "<a:b:c>");

    private final Mapper fromXml = mapper(new Conversion.FromXml());
    private final Mapper toXml = mapper(new Conversion.ToXml("root"));

    @Property(tries = 1000)
    void fromXmlOnlyEverFailsWithARowError(@ForAll("xmlish") String text) {
        try {
            fromXml.map(NODES.objectNode().put("v", text));
        } catch (MappingException e) {
            assertThat(e.getMessage()).startsWith("field 'out': fromXml cannot convert").doesNotContain("Junction bug");
        }
    }

    @Property(tries = 500)
    void whatToXmlWritesFromXmlReads(@ForAll("values") JsonNode value) {
        ObjectNode record = NODES.objectNode();
        record.set("v", value);
        JsonNode xml;
        try {
            xml = toXml.map(record).get("out");
        } catch (MappingException e) {
            assertThat(e.getMessage()).startsWith("field 'out': toXml (root root) cannot convert").doesNotContain("Junction bug");
            return;
        }
        if (xml != null && !xml.isNull()) {
            fromXml.map(NODES.objectNode().set("v", xml));
        }
    }

    @Provide
    Arbitrary<String> xmlish() {
        return Arbitraries.oneOf(
                Arbitraries.of(PIECES).list().ofMaxSize(12).map(pieces -> String.join("", pieces)),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return value(3);
    }

    private Arbitrary<JsonNode> value(int depth) {
        List<Arbitrary<JsonNode>> options = new ArrayList<>(List.of(
                Arbitraries.strings().ofMaxLength(10).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode())));
        if (depth > 0) {
            Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("a", "b", "@id", "", "@", "bad key", "1x", "x.y", "ü"),
                    Arbitraries.strings().ofMaxLength(4));
            options.add(Arbitraries.maps(keys, Arbitraries.lazy(() -> value(depth - 1))).ofMaxSize(5).map(fields -> {
                ObjectNode object = NODES.objectNode();
                fields.forEach(object::set);
                return object;
            }));
            options.add(Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3).map(items -> NODES.arrayNode().addAll(items)));
        }
        return Arbitraries.oneOf(options);
    }

    private static Mapper mapper(Conversion step) {
        return Mapper.compile(List.of(new FieldMapping("out",
                new FieldMapping.Pipeline(new FieldMapping.Path("v"), List.of(step), null, false, null, null), SourceLocation.unknown("test"))));
    }
}
