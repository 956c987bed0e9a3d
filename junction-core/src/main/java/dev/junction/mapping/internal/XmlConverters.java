package dev.junction.mapping.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.json.internal.XmlTrees;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code fromXml} (XML text to JSON, read by {@link XmlTrees} like a stream in {@code format: xml})
 * and {@code toXml} (JSON to XML text, written with the JDK's StAX writer, which escapes text and
 * attribute values).
 */
final class XmlConverters {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    /** The key of an element's own text, as {@code fromXml} reads mixed content. */
    static final String TEXT = "";

    private XmlConverters() {}

    /**
     * The element tree below the root. A root that holds only text ({@code <name>Ann</name>}) is
     * that text, an empty root ({@code <a/>}) an empty object.
     */
    static JsonNode fromXml(JsonNode value) throws Converter.Failure {
        String text = SimpleConverters.text(value);
        if (text.isBlank()) {
            throw new Converter.Failure("not XML: the text is empty");
        }
        JsonNode tree;
        try {
            tree = XmlTrees.read(text);
        } catch (JsonProcessingException e) {
            throw new Converter.Failure("not XML (" + XmlTrees.problem(e) + ")");
        } catch (RuntimeException e) {
            throw new Converter.Failure("not XML (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new Converter.Failure("not XML: there is no element");
        }
        if (tree.isObject() && tree.size() == 1 && tree.has(TEXT) && tree.get(TEXT).isTextual()) {
            return tree.get(TEXT);
        }
        return tree;
    }

    static Converter toXml(String root) {
        return value -> {
            if (value.isArray()) {
                throw new Converter.Failure("expected an object or a single value for one root element, found an array");
            }
            StringWriter out = new StringWriter();
            try {
                XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out);
                element(xml, root, value, root);
                xml.flush();
                xml.close();
            } catch (XMLStreamException | RuntimeException e) {
                throw new Converter.Failure("cannot write XML (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
            return NODES.textNode(out.toString());
        };
    }

    /** One element: an object's {@code @keys} as attributes, then its text, then its other keys as child elements. */
    private static void element(XMLStreamWriter xml, String name, JsonNode value, String where) throws XMLStreamException, Converter.Failure {
        if (!value.isObject()) {
            if (value.isNull()) {
                xml.writeEmptyElement(name);
                return;
            }
            xml.writeStartElement(name);
            xml.writeCharacters(scalar(value, where));
            xml.writeEndElement();
            return;
        }
        List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
        xml.writeStartElement(name);
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            if (key.startsWith("@")) {
                String attribute = key.substring(1);
                if (!XmlTrees.isName(attribute)) {
                    throw new Converter.Failure("'" + attribute + "' at " + where + " is not an XML attribute name");
                }
                if (!field.getValue().isNull()) {
                    xml.writeAttribute(attribute, scalar(field.getValue(), where + "." + key));
                }
            } else {
                children.add(field);
            }
        }
        for (Map.Entry<String, JsonNode> field : children) {
            String key = field.getKey();
            String path = where + "." + key;
            if (key.equals(TEXT)) {
                if (!field.getValue().isNull()) {
                    xml.writeCharacters(scalar(field.getValue(), path));
                }
                continue;
            }
            if (!XmlTrees.isName(key)) {
                throw new Converter.Failure("'" + key + "' at " + where + " is not an XML element name");
            }
            if (field.getValue().isArray()) {
                for (JsonNode item : field.getValue()) {
                    if (item.isArray()) {
                        throw new Converter.Failure("an array in an array at " + path + " has no XML form");
                    }
                    element(xml, key, item, path + "[]");
                }
            } else {
                element(xml, key, field.getValue(), path);
            }
        }
        xml.writeEndElement();
    }

    private static String scalar(JsonNode value, String where) throws Converter.Failure {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return SimpleConverters.string(value).textValue();
        }
        throw new Converter.Failure("expected text, a number or a boolean at " + where + ", found " + JsonValues.kind(value));
    }
}
