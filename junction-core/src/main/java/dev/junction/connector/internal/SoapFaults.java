package dev.junction.connector.internal;

import dev.junction.http.ApiError;
import dev.junction.http.ErrorRules;
import dev.junction.http.HttpResponse;
import dev.junction.spec.SoapSpec;
import java.io.IOException;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * SOAP faults, in any HTTP status (1.1 answers every fault with 500, some servers with 200), as
 * normalized errors: {@code <faultcode>/<faultstring>/<detail>} (1.1) and
 * {@code <Code><Value>/<Reason><Text>/<Detail>} (1.2). Client and Sender faults are PERMANENT,
 * Server and Receiver faults RETRYABLE, WS-Security authentication faults AUTH; the message quotes
 * the fault code and string ({@code SOAP fault soap:Client: Customer 7 has no name}), the provider
 * code is the fault code (with its subcode: {@code env:Sender/m:Timeout}), the provider detail the
 * fault code and detail. Used as a fallback of the
 * operation's error rules, so declared {@code errors:} rules still decide first. Thread-safe.
 */
public final class SoapFaults implements ErrorRules.Classifier {
    /** WS-Security faults that mean "these credentials are not accepted". */
    private static final Set<String> AUTH_CODES = Set.of("FailedAuthentication", "InvalidSecurityToken", "InvalidSecurity", "FailedCheck");
    private static final Set<String> RETRYABLE_CODES = Set.of("Server", "Receiver");

    /** A fault as read from a response. */
    record Fault(String code, String subcode, String reason, String detail) {
        ApiError.Category category() {
            String main = local(code);
            String sub = local(subcode);
            if (AUTH_CODES.contains(main) || AUTH_CODES.contains(sub)) {
                return ApiError.Category.AUTH;
            }
            return RETRYABLE_CODES.contains(main) ? ApiError.Category.RETRYABLE : ApiError.Category.PERMANENT;
        }

        /** {@code soap:Server.Busy} → {@code Server}: the part that says whose fault it is. */
        private static String local(String qname) {
            if (qname == null) {
                return "";
            }
            String name = qname.substring(qname.indexOf(':') + 1);
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }

        String describe() {
            return "fault code " + code + (subcode == null ? "" : " (subcode " + subcode + ")") + (detail == null || detail.isEmpty() ? "" : "; detail: " + detail);
        }
    }

    @Override
    public ErrorRules.Match classify(HttpResponse response) {
        Fault fault = read(response.body());
        if (fault == null) {
            return null;
        }
        String code = fault.subcode() == null ? fault.code() : fault.code() + "/" + fault.subcode();
        String message = "SOAP fault " + code + (fault.reason() == null || fault.reason().isEmpty() ? "" : ": " + fault.reason());
        return new ErrorRules.Match(fault.category(), message, "soap_fault", fault.describe(), code);
    }

    /** The fault in a SOAP envelope, or null when the body is not a SOAP envelope holding a fault. */
    static Fault read(byte[] body) {
        if (body == null || body.length == 0 || !contains(body, "Fault")) {
            return null; // cheap test first: most responses are not faults
        }
        Document document;
        try {
            document = Xml.document(body);
        } catch (IOException | SAXException notXml) {
            return null;
        }
        Element envelope = document.getDocumentElement();
        String ns = envelope.getNamespaceURI();
        boolean v11 = SoapSpec.Version.V1_1.namespace().equals(ns);
        if (!"Envelope".equals(envelope.getLocalName()) || !v11 && !SoapSpec.Version.V1_2.namespace().equals(ns)) {
            return null;
        }
        Element fault = Xml.firstElement(Xml.child(envelope, "Body"));
        if (fault == null || !"Fault".equals(fault.getLocalName()) || !ns.equals(fault.getNamespaceURI())) {
            return null;
        }
        if (v11) {
            return new Fault(orUnknown(Xml.text(Xml.child(fault, "faultcode"))), null, Xml.text(Xml.child(fault, "faultstring")),
                    Xml.inner(Xml.child(fault, "detail")));
        }
        Element code = Xml.child(fault, "Code");
        return new Fault(orUnknown(Xml.text(Xml.child(code, "Value"))), Xml.text(Xml.child(Xml.child(code, "Subcode"), "Value")),
                Xml.text(Xml.child(Xml.child(fault, "Reason"), "Text")), Xml.inner(Xml.child(fault, "Detail")));
    }

    private static String orUnknown(String code) {
        return code == null || code.isEmpty() ? "(none)" : code;
    }

    private static boolean contains(byte[] body, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= body.length; i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (body[i + j] != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "soap faults";
    }
}
