package dev.junction.json.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;

/**
 * XML read as a JSON tree, the same way everywhere (stream bodies in {@code format: xml} and the
 * {@code fromXml} mapping conversion): Jackson's XML module, below the root element, attributes and
 * child elements as keys, text as text values, repeated elements as arrays, namespaces dropped to
 * local names, mixed text under the key {@code ""}. No DTDs and no external entities: input must
 * not make Junction read files or call other hosts. Thread-safe.
 */
public final class XmlTrees {
    private static final XmlMapper XML = hardened();

    private XmlTrees() {}

    private static XmlMapper hardened() {
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return new XmlMapper(XmlFactory.builder().xmlInputFactory(input).build());
    }

    /** The tree of one document; null or a missing node when it is empty. */
    public static JsonNode read(InputStream in) throws IOException {
        return XML.readTree(in);
    }

    /** The tree of {@code text}, or null when it is empty or not XML. */
    public static JsonNode readOrNull(String text) {
        try {
            JsonNode tree = XML.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (IOException | RuntimeException notXml) {
            return null;
        }
    }

    /** The tree of one document held in text; null or a missing node when it is empty. */
    public static JsonNode read(String text) throws JsonProcessingException {
        return XML.readTree(text);
    }

    /** "line 2, column 24: Unexpected close tag ..." for a parse failure, on one line. */
    public static String problem(JsonProcessingException e) {
        var where = e.getLocation();
        String at = where == null || where.getLineNr() < 1 ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int end = message.indexOf('\n');
        return at + (end < 0 ? message : message.substring(0, end)).strip();
    }

    /**
     * Whether {@code name} can be an element or attribute name as written: an ASCII letter or
     * {@code _}, then ASCII letters, digits, {@code -}, {@code _} or {@code .} (no namespace prefix).
     * ASCII only: the XML editions disagree on which other letters may start or continue a name.
     */
    public static boolean isName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        char first = name.charAt(0);
        if (!isAsciiLetter(first) && first != '_') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
