package dev.junction.connector.internal;

import dev.junction.connector.ConnectorException;
import dev.junction.http.HttpRequest;
import dev.junction.spec.SoapSpec;
import dev.junction.template.Template;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The SOAP call of one stream or action: renders the envelope around the operation's body
 * template and sets what the version asks for. SOAP 1.1: {@code Content-Type: text/xml} and a
 * {@code SOAPAction} header (quoted, {@code ""} without an action); 1.2:
 * {@code Content-Type: application/soap+xml} with an {@code action} parameter. Every value is
 * XML-escaped. With WS-Security the Header holds an empty {@code wsse:Security} element that
 * {@link UsernameToken} fills on every attempt. Immutable and thread-safe.
 */
public final class SoapEnvelope {
    private final String where;
    private final SoapSpec.Version version;
    private final Template action;
    private final Template body;
    private final boolean secured;
    private final Function<String, String> config;

    private SoapEnvelope(String where, SoapSpec.Version version, Template action, Template body, boolean secured, Function<String, String> config) {
        this.where = where;
        this.version = version;
        this.action = action;
        this.body = body;
        this.secured = secured;
        this.config = config;
    }

    /**
     * @param where the operation, for messages: {@code connector 'erp' stream 'orders'}
     * @param secured whether the connector sends a WS-Security UsernameToken
     * @param config the connection's value of a {@code config.*} variable, or null when it has none
     * @throws ConnectorException when a template is malformed
     */
    public static SoapEnvelope compile(String where, SoapSpec spec, boolean secured, Function<String, String> config) {
        return new SoapEnvelope(where, spec.version(), RequestTemplate.parse(where, "soap.action", spec.action() == null ? "" : spec.action()),
                RequestTemplate.parse(where, "soap.body", spec.body()), secured, config);
    }

    /**
     * The request as a POST of the envelope.
     *
     * @param values the value of an operation variable ({@code cursor}, {@code record.id}, ...);
     *     null renders as nothing
     * @throws ConnectorException when a {@code config.*} variable has no value
     */
    public HttpRequest apply(HttpRequest request, Function<String, String> values) {
        Function<String, String> lookup = name -> Xml.escape(value(name, values));
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"" + version.namespace() + "\">"
                + (secured ? "<soap:Header>" + UsernameToken.EMPTY + "</soap:Header>" : "")
                + "<soap:Body>" + body.render(lookup) + "</soap:Body></soap:Envelope>";
        String soapAction = action.render(name -> value(name, values));
        HttpRequest out = request.withMethod("POST").withBody(xml.getBytes(StandardCharsets.UTF_8));
        if (version == SoapSpec.Version.V1_1) {
            return out.withHeader("Content-Type", "text/xml; charset=utf-8").withHeader("SOAPAction", "\"" + soapAction + "\"");
        }
        return out.withHeader("Content-Type", "application/soap+xml; charset=utf-8"
                + (soapAction.isEmpty() ? "" : "; action=\"" + soapAction.replace("\"", "%22") + "\""));
    }

    private String value(String name, Function<String, String> values) {
        if (name.startsWith("config.")) {
            String value = config.apply(name);
            if (value == null) {
                throw new ConnectorException(where + " soap: template variable '" + name + "' has no value; set " + name
                        + " on the connection or give it a default in the connector");
            }
            return value;
        }
        String value = values.apply(name);
        return value == null ? "" : value;
    }

    public SoapSpec.Version version() {
        return version;
    }
}
