package dev.junction.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.http.ApiError;
import dev.junction.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Which bodies are SOAP faults, and what they mean. */
class SoapFaultsTest {
    private static final String V11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String V12 = "http://www.w3.org/2003/05/soap-envelope";

    private static ApiError.Category category(String body) {
        var match = new SoapFaults().classify(HttpResponse.of(500, body));
        return match == null ? null : match.category();
    }

    private static String v12(String code, String subcode) {
        return "<e:Envelope xmlns:e=\"" + V12 + "\"><e:Body><e:Fault><e:Code><e:Value>e:" + code + "</e:Value>"
                + (subcode == null ? "" : "<e:Subcode><e:Value>" + subcode + "</e:Value></e:Subcode>")
                + "</e:Code><e:Reason><e:Text xml:lang=\"en\">r</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>";
    }

    @Test
    void classifiesByTheFaultCode() {
        assertThat(category(v12("Sender", null))).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(category(v12("Receiver", null))).isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(category(v12("Sender", "wsse:InvalidSecurityToken"))).isEqualTo(ApiError.Category.AUTH);
        assertThat(category(v12("VersionMismatch", null))).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(category("<s:Envelope xmlns:s=\"" + V11 + "\"><s:Body><s:Fault><faultcode>s:Server.Busy</faultcode></s:Fault></s:Body></s:Envelope>"))
                .isEqualTo(ApiError.Category.RETRYABLE);
    }

    @Test
    void leavesEverythingElseAlone() {
        assertThat(category("{\"Fault\": true}")).isNull();
        assertThat(category("<Envelope><Body><Fault/></Body></Envelope>")).isNull(); // no SOAP namespace
        assertThat(category("<s:Envelope xmlns:s=\"" + V11 + "\"><s:Body><m:Fault xmlns:m=\"urn:m\"/></s:Body></s:Envelope>")).isNull();
        assertThat(category("<s:Envelope xmlns:s=\"" + V11 + "\"><s:Body><s:Fault>")).isNull(); // not XML
        assertThat(category("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><s:Envelope xmlns:s=\"" + V11
                + "\"><s:Body><s:Fault><faultcode>&e;</faultcode></s:Fault></s:Body></s:Envelope>")).isNull(); // no DTDs
    }

    @Test
    void theMessageIsTheFaultStringAndTheDetailNamesTheCode() {
        var match = new SoapFaults().classify(HttpResponse.of(200, v12("Sender", "m:BadId")));

        assertThat(match.message()).isEqualTo("SOAP fault e:Sender/m:BadId: r");
        assertThat(match.providerCode()).isEqualTo("e:Sender/m:BadId");
        assertThat(match.code()).isEqualTo("soap_fault");
        assertThat(match.detail()).isEqualTo("fault code e:Sender (subcode m:BadId)");
    }
}
