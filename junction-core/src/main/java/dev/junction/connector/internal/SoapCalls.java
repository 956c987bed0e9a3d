package dev.junction.connector.internal;

import dev.junction.connector.ConnectionValues;
import dev.junction.http.ErrorRules;
import dev.junction.http.Interceptor;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.SoapSpec;
import java.time.Clock;

/** Puts the SOAP parts of a connection together: envelopes, fault classification and WS-Security. */
public final class SoapCalls {
    private static final SoapFaults FAULTS = new SoapFaults();

    private SoapCalls() {}

    /** The operation's own rules, then (after the connector's too) SOAP faults; {@code own} unchanged when it is not a SOAP call. */
    public static ErrorRules rules(ErrorRules own, SoapSpec soap) {
        return soap == null ? own : ErrorRules.fallback(FAULTS).after(own);
    }

    /** The envelope of a SOAP stream or action, or null when it is not one. */
    public static SoapEnvelope envelope(String where, SoapSpec soap, ConnectorSpec connector, ConnectionValues values) {
        if (soap == null) {
            return null;
        }
        boolean secured = connector.soap() != null && connector.soap().security() != null;
        return SoapEnvelope.compile(where, soap, secured, values::lookup);
    }

    /** The WS-Security step of the connection's pipeline, or null when the connector sends no UsernameToken. */
    public static Interceptor security(ConnectorSpec connector, ConnectionValues values, Clock clock) {
        SoapSpec.Security security = connector.soap() == null ? null : connector.soap().security();
        if (security == null) {
            return null;
        }
        String where = "connector '" + connector.name() + "'";
        String username = values.render(RequestTemplate.parse(where, "soap.security.username", security.username()), "soap.security.username");
        String password = values.render(RequestTemplate.parse(where, "soap.security.password", security.password()), "soap.security.password");
        return new UsernameToken(username, password, security.passwordType(), clock);
    }
}
