package dev.junction.connector.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The XML parts every XML-reading class shares: parsers that read no DTD and no external entity
 * (a response must not make Junction read files or call other hosts), and escaping.
 */
public final class Xml {
    private Xml() {}

    /** Text safe in element content and in attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A namespace-aware DOM of {@code bytes}. */
    static Document document(byte[] bytes) throws IOException, SAXException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // fatal errors throw, nothing is printed
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
    }

    /** The first child element with this local name (any namespace), or null. */
    static Element child(Node parent, String localName) {
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The first child element, or null. */
    static Element firstElement(Node parent) {
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    /** The trimmed text of an element, or null when there is no element. */
    static String text(Element element) {
        return element == null ? null : element.getTextContent().strip();
    }

    /** The element's children as XML text (its elements) or its text when it has no child elements. */
    static String inner(Element element) {
        if (firstElement(element) == null) {
            return text(element);
        }
        StringBuilder out = new StringBuilder();
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element) {
                    StringWriter writer = new StringWriter();
                    transformer.transform(new DOMSource(n), new StreamResult(writer));
                    out.append(writer);
                }
            }
        } catch (TransformerException e) {
            return text(element);
        }
        return out.toString();
    }
}
