package dev.junction.spec.internal;

import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.SoapSpec;
import dev.junction.template.Template;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * {@code soap:} on a connector ({@code version}, {@code security}) and on a stream or an action
 * ({@code version}, {@code action}, {@code body}), turned into what the runtime knows: a POST to
 * {@code request.path} whose body is the envelope, rendered from the {@code body} template. The
 * template's variables are checked here: {@code config.*}, the pagination values of the stream
 * ({@code cursor}, {@code offset}/{@code limit}, {@code page}/{@code size}), {@code since}, and
 * {@code record.*} in an action; secrets go in {@code security} or headers, never in the body.
 */
final class SoapReader {
    private SoapReader() {}

    /** The connector's defaults; null when {@code soap} is absent or not a mapping (reported). */
    static SoapSpec connector(Fields root, TemplateCheck templates) {
        Fields s = root.has("soap") ? root.fields("soap", false) : null;
        if (s == null) {
            return null;
        }
        s.allow(Schema.SOAP_CONNECTOR);
        SoapSpec.Version version = version(s, null);
        Fields w = s.has("security") ? s.fields("security", false) : null;
        SoapSpec.Security security = null;
        if (w != null) {
            w.allow(Schema.SOAP_SECURITY);
            String username = w.string("username", true);
            templates.check(w, "username", username, true);
            String password = w.string("password", true);
            templates.check(w, "password", password, true);
            if (password != null && !isSecretReference(password)) {
                w.problem("password", "expected a reference to a declared secret such as \"{{ secrets.password }}\"; credentials come from each "
                        + "connection's secrets, never from the connector");
            }
            String type = w.oneOf("passwordType", Schema.SOAP_PASSWORD_TYPES, "PasswordDigest");
            security = new SoapSpec.Security(username, password, SoapSpec.PasswordType.of(type));
        }
        return new SoapSpec(version, null, null, security);
    }

    /** A stream's call; null when absent. Its body must use the variable that asks for the next page. */
    static SoapSpec stream(Fields s, SoapSpec defaults, TemplateCheck templates, PaginationSpec pagination, boolean incremental) {
        List<String> variables = new ArrayList<>();
        String needed = switch (pagination) {
            case PaginationSpec.Cursor c -> add(variables, "cursor");
            case PaginationSpec.Offset o -> add(variables, "offset", "limit");
            case PaginationSpec.Page p -> p.size() > 0 ? add(variables, "page", "size") : add(variables, "page");
            case null, default -> null;
        };
        if (incremental) {
            variables.add("since");
        }
        SoapSpec soap = operation(s, defaults, templates, variables);
        if (soap == null) {
            return null;
        }
        if (pagination instanceof PaginationSpec.Relay) {
            s.problem("pagination", "relay pagination is for GraphQL; a SOAP stream uses type cursor with {{ cursor }} in soap.body");
        } else if (pagination instanceof PaginationSpec.Cursor c && c.in() == PaginationSpec.CursorIn.BODY) {
            s.problem("pagination", "a SOAP stream always sends the cursor in the envelope, as {{ cursor }} in soap.body; remove in: body");
        } else if (needed != null && soap.body() != null && !uses(soap.body(), needed)) {
            Fields soapFields = s.fields("soap", false);
            soapFields.problem("body", "pagination asks for the next page with {{ " + needed + " }}; use it in the body, e.g. <"
                    + needed + ">{{ " + needed + " }}</" + needed + ">");
        }
        return soap;
    }

    /** An action's call; null when absent. One record per call: no batch, and results are not read yet. */
    static SoapSpec action(Fields a, SoapSpec defaults, TemplateCheck templates) {
        SoapSpec soap = operation(a, defaults, templates, List.of("record."));
        if (soap != null && a.has("batch")) {
            a.problem("batch", "a SOAP action sends one record per call ({{ record.* }} in soap.body); remove batch");
        }
        if (soap != null && a.has("results")) {
            a.problem("results", "per-record results are not read from SOAP responses yet; a response without a fault means the record was written");
        }
        return soap;
    }

    /** The request as a POST with no body of its own: the envelope is rendered at run time. */
    static RequestSpec request(Fields owner, RequestSpec request, SoapSpec soap) {
        if (request == null || soap == null) {
            return request;
        }
        if (owner.has("jsonrpc")) {
            owner.problem("soap", "an operation is either JSON-RPC or SOAP; remove jsonrpc or soap");
        }
        if (request.body() != null) {
            owner.problem("soap", "a SOAP call builds its request body from soap.body; remove request.body");
        }
        return new RequestSpec("POST", request.path(), request.query(), request.headers(), null);
    }

    private static SoapSpec operation(Fields owner, SoapSpec defaults, TemplateCheck templates, List<String> variables) {
        Fields s = owner.has("soap") ? owner.fields("soap", false) : null;
        if (s == null) {
            return null;
        }
        s.allow(Schema.SOAP_OPERATION);
        SoapSpec.Version version = version(s, defaults == null ? null : defaults.version());
        String action = s.string("action", false);
        templates.check(s, "action", action, false);
        String body = s.string("body", false);
        if (body == null && !s.has("body")) {
            s.missing("body", " (the operation element of the envelope's Body, such as <m:GetOrders xmlns:m=\"urn:orders\"/>)");
        } else if (body != null) {
            YamlNode node = s.node("body");
            int problemsBefore = owner.problems().size();
            templates.check(body, node.location(), s.child("body"), false, variables);
            if (owner.problems().size() == problemsBefore) {
                String xmlError = xmlError(body);
                if (xmlError != null) {
                    s.problem("body", "not well-formed XML (" + xmlError + "); write the operation element, declaring its namespace prefixes");
                }
            }
        }
        return new SoapSpec(version, action, body, null);
    }

    private static SoapSpec.Version version(Fields s, SoapSpec.Version fallback) {
        String text = s.oneOf("version", Schema.SOAP_VERSIONS, fallback == null ? "1.1" : fallback.yamlName());
        SoapSpec.Version version = SoapSpec.Version.of(text);
        return version == null ? fallback : version;
    }

    /**
     * Why the body (placeholders replaced) is not a well-formed, namespace-correct XML fragment, or
     * null. The envelope's own {@code soap} prefix may be used.
     */
    static String xmlError(String body) {
        String sample = body.replaceAll("\\{\\{[^}]*}}", "0");
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(new InputSource(new StringReader(
                    "<junction-body xmlns:soap=\"urn:junction:soap\">\n" + sample + "\n</junction-body>")), new DefaultHandler());
            return null;
        } catch (SAXParseException e) {
            // line 1 is the wrapper's own
            return "line " + Math.max(1, e.getLineNumber() - 1) + ", column " + e.getColumnNumber() + ": " + e.getMessage();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static boolean uses(String body, String variable) {
        try {
            return Template.parse(body).variables().contains(variable);
        } catch (IllegalArgumentException e) {
            return true; // reported by the template check
        }
    }

    private static String add(List<String> variables, String... names) {
        variables.addAll(List.of(names));
        return names[0];
    }

    private static boolean isSecretReference(String value) {
        try {
            Template template = Template.parse(value);
            return !template.variables().isEmpty() && template.variables().stream().allMatch(v -> v.startsWith("secrets."));
        } catch (IllegalArgumentException e) {
            return true; // reported by the template check
        }
    }
}
