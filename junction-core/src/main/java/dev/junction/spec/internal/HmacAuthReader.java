package dev.junction.spec.internal;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.WebhookScheme;
import dev.junction.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code auth: { type: hmac }} of a connector: the secret (a reference to a declared secret), how it
 * signs ({@code secretEncoding}, {@code algorithm}, {@code encoding}, {@code timestampUnit}), what it
 * signs ({@code signedContent}, an inner {@code digest}), what it puts in the body ({@code body}, with
 * a {@code nonce} that may be an increasing integer) and where the signature goes ({@code headers},
 * {@code query}). Every
 * template is checked here: its variables known, {@code {{ signature }}} sent somewhere and never
 * signed, {@code timestampUnit} given only when a template names {@code {{ timestamp }}}.
 */
final class HmacAuthReader {
    /** What headers and query parameters may name besides config and secrets: not the query or the body they are added to. */
    private static final List<String> SENT_VARIABLES = List.of("method", "path", "timestamp", "nonce", AuthSpec.Hmac.SIGNATURE, "host",
            "contentType", "bodySha256", "bodySha512", "bodyBase64");

    /** What the fields put in the body may name besides config and secrets: not the body they go into, nor what is signed of it. */
    private static final List<String> BODY_VARIABLES = List.of("method", "path", "timestamp", "nonce", "host");

    private static final java.util.regex.Pattern SIGNATURE_PLACEHOLDER = java.util.regex.Pattern.compile("\\{\\{\\s*signature\\s*}}");

    private HmacAuthReader() {}

    /** Null when something is wrong (reported). */
    static AuthSpec.Hmac read(Fields a, TemplateCheck templates) {
        a.allow(Schema.AUTH_HMAC);
        Problems problems = a.problems();
        int before = problems.size();
        String secret = a.string("secret", true);
        templates.check(a, "secret", secret, true);
        secret = templates.secretReference(a, "secret", secret);
        String secretEncoding = a.oneOf("secretEncoding", Schema.SECRET_ENCODINGS, "text");
        String algorithm = a.oneOf("algorithm", Schema.REQUEST_SIGNATURE_ALGORITHMS, "sha256");
        WebhookScheme.KeyAlgorithm keyAlgorithm = switch (algorithm == null ? "" : algorithm) {
            case "ed25519" -> WebhookScheme.KeyAlgorithm.ED25519;
            case "rsa-sha256" -> WebhookScheme.KeyAlgorithm.RSA_SHA256;
            case "rsa-pss-sha256" -> WebhookScheme.KeyAlgorithm.RSA_PSS_SHA256;
            default -> null;
        };
        String passphrase = a.string("passphrase", false);
        if (passphrase != null) {
            templates.check(a, "passphrase", passphrase, true);
            passphrase = templates.secretReference(a, "passphrase", passphrase);
            if (algorithm != null && keyAlgorithm == null) {
                a.problem("passphrase", "passphrase decrypts a private key; " + (a.has("algorithm") ? "with algorithm: " + algorithm : "without algorithm")
                        + " the secret is an HMAC key: remove passphrase, or sign with algorithm ed25519, rsa-sha256 or rsa-pss-sha256");
            }
        }
        if (keyAlgorithm != null && a.has("secretEncoding")) {
            a.problem("secretEncoding", "secretEncoding says how an HMAC secret becomes its key; with algorithm: " + algorithm
                    + " the secret is a PEM private key (-----BEGIN PRIVATE KEY-----): remove secretEncoding");
        }
        String encoding = a.oneOf("encoding", Schema.SIGNATURE_ENCODINGS, "hex");
        String timestampUnit = a.oneOf("timestampUnit", Schema.HMAC_TIMESTAMP_UNITS, "seconds");
        String nonce = a.oneOf("nonce", List.of("uuid", "increasing"), "uuid");
        String bodyFormat = a.oneOf("bodyFormat", List.of("form", "json"), "form");
        Boolean sendBody = a.bool("sendBody", true);
        Map<String, String> bodyFields = templates.map(a, "body", true, BODY_VARIABLES);
        Fields digest = a.has("digest") ? a.fields("digest", false) : null;
        String digestAlgorithm = null;
        String digestContent = null;
        if (digest != null) {
            digest.allow(Schema.AUTH_HMAC_DIGEST);
            digestAlgorithm = digest.oneOf("algorithm", List.of("sha256", "sha512", "sha384", "sha1"), "sha256");
            digestContent = digest.string("content", true);
            if (digestContent != null) {
                templates.check(digestContent, digest.node("content").location(), digest.child("content"), true, AuthSpec.Hmac.ATTEMPT_VARIABLES);
            }
        }
        String signedContent = a.string("signedContent", true);
        signedContent(a, signedContent, templates, digest != null);
        if (digest != null && signedContent != null && !Template.parse(SIGNATURE_PLACEHOLDER.matcher(signedContent).replaceAll("")).variables()
                .contains(AuthSpec.Hmac.DIGEST)) {
            a.problem("digest", "the digest is signed nowhere; name {{ digest }} in signedContent where its bytes go, such as"
                    + " signedContent: \"{{ path }}{{ digest }}\" (Kraken), or remove digest");
        }
        // besides: the HMAC of a declared secret's value ({{ hmac.secrets.passphrase }}: KuCoin's v2 passphrase)
        List<String> sentVariables = new ArrayList<>(SENT_VARIABLES);
        templates.secretVariables().forEach(v -> sentVariables.add(AuthSpec.Hmac.MAC_OF + v));
        Map<String, String> headers = templates.map(a, "headers", true, sentVariables);
        Map<String, String> query = templates.map(a, "query", true, sentVariables);
        if (problems.size() > before) {
            return null;
        }
        List<String> sent = new ArrayList<>(headers.values());
        sent.addAll(query.values());
        if (sent.stream().noneMatch(text -> Template.parse(text).variables().contains(AuthSpec.Hmac.SIGNATURE))) {
            a.problem(a.has("headers") || !a.has("query") ? "headers" : "query", "{{ signature }} is sent nowhere; name it in a header or a query"
                    + " parameter, such as headers: { X-Signature: \"{{ signature }}\" } or query: { signature: \"{{ signature }}\" }");
            return null;
        }
        List<String> templatesUsed = new ArrayList<>(sent);
        templatesUsed.addAll(bodyFields.values());
        if (digestContent != null) {
            templatesUsed.add(digestContent);
        }
        if (a.has("timestampUnit") && Stream.concat(Stream.of(signedContent), templatesUsed.stream())
                .noneMatch(text -> Template.parse(text).variables().contains("timestamp"))) {
            a.problem("timestampUnit", "timestampUnit says how {{ timestamp }} is written, but no template names {{ timestamp }}; add it where the"
                    + " provider expects the time (signedContent, a header, a query parameter or a body field), or remove timestampUnit");
            return null;
        }
        if (Boolean.FALSE.equals(sendBody) && sent.stream().noneMatch(text -> Template.parse(text).variables().contains("bodyBase64"))) {
            a.problem("sendBody", "sendBody: false sends the body in a header instead; name {{ bodyBase64 }} in one, such as"
                    + " headers: { X-GEMINI-PAYLOAD: \"{{ bodyBase64 }}\" } (Gemini), or remove sendBody");
            return null;
        }
        AuthSpec.Hmac.Body body = new AuthSpec.Hmac.Body(bodyFields, "increasing".equals(nonce),
                digest == null ? null : WebhookScheme.Algorithm.valueOf(digestAlgorithm.toUpperCase(Locale.ROOT)), digestContent,
                "json".equals(bodyFormat), !Boolean.FALSE.equals(sendBody));
        return new AuthSpec.Hmac(secret, encoding(secretEncoding), keyAlgorithm != null ? WebhookScheme.Algorithm.SHA256
                : WebhookScheme.Algorithm.valueOf(algorithm.toUpperCase(Locale.ROOT)), encoding(encoding),
                WebhookScheme.TimestampUnit.ofYamlName(timestampUnit), signedContent, headers, query, null, keyAlgorithm, body, passphrase);
    }

    /** The signed-content template: the attempt's variables, config and secrets; never the signature it is signed into. */
    private static void signedContent(Fields a, String text, TemplateCheck templates, boolean withDigest) {
        if (text == null) {
            return;
        }
        String rest = text;
        if (SIGNATURE_PLACEHOLDER.matcher(text).find()) {
            a.problem("signedContent", "{{ signature }} cannot be signed: it is the HMAC of signedContent; name it in headers or query instead");
            rest = SIGNATURE_PLACEHOLDER.matcher(text).replaceAll(""); // the other variables are still checked, without naming it twice
        }
        List<String> known = new ArrayList<>(AuthSpec.Hmac.ATTEMPT_VARIABLES);
        if (withDigest) {
            known.add(AuthSpec.Hmac.DIGEST);
        }
        templates.check(rest, a.node("signedContent").location(), a.child("signedContent"), true, known);
    }

    private static WebhookScheme.Encoding encoding(String yamlName) {
        return WebhookScheme.Encoding.valueOf(yamlName.toUpperCase(Locale.ROOT));
    }
}
