package dev.junction.spec;

import java.util.Locale;

/**
 * SOAP 1.1 or 1.2. On a connector ({@code soap: { version, security }}) it gives the defaults of
 * every SOAP stream and action and the WS-Security credentials; on a stream or an action
 * ({@code soap: { version, action, body }}) it makes the operation a SOAP call: a POST of an
 * envelope whose Body holds {@code body}, a template rendered for every page or record.
 *
 * @param version the SOAP version; on an operation already merged with the connector's
 * @param action the SOAPAction (1.1 header, 1.2 {@code action} parameter of the content type), or null
 * @param body the operation element, a template (XML-escaped values), or null on a connector
 * @param security WS-Security UsernameToken credentials, or null (connector only)
 */
public record SoapSpec(Version version, String action, String body, Security security) {

    public SoapSpec {
        version = version == null ? Version.V1_1 : version;
    }

    /** SOAP 1.1 ({@code text/xml} with a {@code SOAPAction} header) or 1.2 ({@code application/soap+xml}). */
    public enum Version {
        V1_1("1.1", "http://schemas.xmlsoap.org/soap/envelope/"),
        V1_2("1.2", "http://www.w3.org/2003/05/soap-envelope");

        private final String yamlName;
        private final String namespace;

        Version(String yamlName, String namespace) {
            this.yamlName = yamlName;
            this.namespace = namespace;
        }

        public String yamlName() {
            return yamlName;
        }

        /** The envelope namespace. */
        public String namespace() {
            return namespace;
        }

        /** Null when {@code text} is neither {@code 1.1} nor {@code 1.2}. */
        public static Version of(String text) {
            for (Version v : values()) {
                if (v.yamlName.equals(text == null ? null : text.strip())) {
                    return v;
                }
            }
            return null;
        }
    }

    /** How the UsernameToken carries the password (OASIS UsernameToken profile 1.0). */
    public enum PasswordType {
        /** The password itself. */
        TEXT("PasswordText"),
        /** Base64(SHA-1(nonce + created + password)). */
        DIGEST("PasswordDigest");

        private final String yamlName;

        PasswordType(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static PasswordType of(String text) {
            for (PasswordType t : values()) {
                if (t.yamlName.toLowerCase(Locale.ROOT).equals(text == null ? null : text.strip().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * A WS-Security UsernameToken in every envelope's Header, with a fresh Nonce and Created on
     * every attempt. {@code username} and {@code password} are templates; the password is a secret.
     */
    public record Security(String username, String password, PasswordType passwordType) {
        public Security {
            passwordType = passwordType == null ? PasswordType.DIGEST : passwordType;
        }

        /** Hides the password. */
        @Override
        public String toString() {
            return "Security[username=" + username + ", passwordType=" + passwordType.yamlName() + "]";
        }
    }
}
