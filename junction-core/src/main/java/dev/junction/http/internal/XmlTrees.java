package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.IOException;
import javax.xml.stream.XMLInputFactory;

/**
 * XML bodies as JSON trees: the element tree below the root element, with local names (namespace
 * prefixes and declarations dropped), attributes and child elements as keys, text as text and
 * repeated elements as arrays. Reads no DTD and no external entity: a response must not make
 * Junction read files or call other hosts.
 */
public final class XmlTrees {
    private static final XmlMapper MAPPER = mapper();

    private XmlTrees() {}

    /** A new mapper, for callers that report parse problems themselves. */
    public static XmlMapper mapper() {
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return new XmlMapper(XmlFactory.builder().xmlInputFactory(input).build());
    }

    /** The tree of {@code text}, or null when it is not XML. */
    public static JsonNode readOrNull(String text) {
        try {
            JsonNode tree = MAPPER.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (IOException | RuntimeException notXml) {
            return null;
        }
    }
}
