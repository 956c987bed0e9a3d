package dev.junction.spec.internal;

import dev.junction.spec.TlsSpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector's {@code tls:} and {@code maxDecompressedSize}. Paths and PEM certificates may use
 * config and secrets; passwords and private keys must be references to secrets.
 */
public final class TlsReader {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private TlsReader() {}

    /** Null when absent or wrong (reported). */
    public static TlsSpec read(Fields root, TemplateCheck templates) {
        Fields t = root.has("tls") ? root.fields("tls", false) : null;
        if (t == null) {
            return null;
        }
        t.allow(Schema.TLS);
        TlsSpec.ClientCertificate client = t.has("clientCertificate") ? clientCertificate(t.fields("clientCertificate", false), templates) : null;
        TlsSpec.Trust trust = t.has("trust") ? trust(t.fields("trust", false), templates) : null;
        if (!t.has("clientCertificate") && !t.has("trust")) {
            t.missing("clientCertificate", " or 'trust' (an empty tls: changes nothing)");
        }
        return new TlsSpec(client, trust);
    }

    private static TlsSpec.ClientCertificate clientCertificate(Fields c, TemplateCheck templates) {
        if (c == null) {
            return null;
        }
        c.allow(Schema.TLS_CLIENT_CERTIFICATE);
        String keystore = text(c, "keystore", templates);
        String password = templates.secretReference(c, "password", text(c, "password", templates));
        String certificate = text(c, "certificate", templates);
        String privateKey = templates.secretReference(c, "privateKey", text(c, "privateKey", templates));
        String keyPassword = templates.secretReference(c, "keyPassword", text(c, "keyPassword", templates));
        if (c.has("keystore") && (c.has("certificate") || c.has("privateKey") || c.has("keyPassword"))) {
            c.problem("keystore", "give either keystore and password (PKCS#12) or certificate and privateKey (PEM), not both");
            return null;
        }
        if (c.has("keystore")) {
            if (!c.has("password")) {
                c.missing("password", " (keystore is set)");
            }
        } else if (c.has("certificate") || c.has("privateKey")) {
            if (!c.has("certificate")) {
                c.missing("certificate", " (privateKey is set)");
            }
            if (!c.has("privateKey")) {
                c.missing("privateKey", " (certificate is set)");
            }
            if (c.has("password")) {
                c.problem("password", "password goes with keystore (PKCS#12); the password of an encrypted PEM private key is keyPassword");
            }
        } else {
            c.missing("keystore", " and 'password' (PKCS#12), or 'certificate' and 'privateKey' (PEM)");
        }
        return new TlsSpec.ClientCertificate(keystore, password, certificate, privateKey, keyPassword);
    }

    private static TlsSpec.Trust trust(Fields t, TemplateCheck templates) {
        if (t == null) {
            return null;
        }
        t.allow(Schema.TLS_TRUST);
        String ca = text(t, "ca", templates);
        String truststore = text(t, "truststore", templates);
        String password = templates.secretReference(t, "password", text(t, "password", templates));
        if (t.has("ca") == t.has("truststore")) {
            if (t.has("ca")) {
                t.problem("truststore", "give either ca (PEM certificates) or truststore (PKCS#12), not both");
            } else {
                t.missing("ca", " (PEM certificates) or 'truststore' (a PKCS#12 file)");
            }
            return null;
        }
        if (t.has("password") && !t.has("truststore")) {
            t.problem("password", "password goes with truststore; PEM certificates (ca) have none");
        }
        return new TlsSpec.Trust(ca, truststore, password);
    }

    private static String text(Fields f, String key, TemplateCheck templates) {
        String value = f.string(key, false);
        if (value != null && value.isBlank()) {
            f.problem(key, "expected a non-empty string, found " + f.node(key).describe());
            return null;
        }
        templates.check(f, key, value, true);
        return value;
    }

    /** {@code maxDecompressedSize}: bytes, or a number with KB, MB or GB (powers of 1024); 0 (the default) when absent or wrong. */
    public static long maxDecompressedSize(Fields root) {
        String text = root.string("maxDecompressedSize", false);
        if (text == null) {
            return 0;
        }
        Matcher m = SIZE.matcher(text.strip());
        long bytes = m.matches() ? Long.parseLong(m.group(1)) * unit(m.group(2)) : 0;
        if (bytes <= 0) {
            root.problem("maxDecompressedSize", "expected a positive size such as 512MB, 64KB or 1GB, found " + root.node("maxDecompressedSize").describe());
            return 0;
        }
        return bytes;
    }

    private static long unit(String unit) {
        return switch (unit == null ? "B" : unit.toUpperCase(java.util.Locale.ROOT)) {
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
    }
}
