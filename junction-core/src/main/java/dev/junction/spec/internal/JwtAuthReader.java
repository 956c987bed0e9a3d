package dev.junction.spec.internal;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.WebhookScheme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code auth: { type: jwt }} of a connector, and a session's {@code loginAuth} of that type: the key
 * ({@code privateKey} with an optional {@code passphrase}, or an HS {@code secret}), each a reference
 * to a declared secret; the claims and extra header parameters, templates over config, secrets and
 * the attempt's variables; the lifetime; where the token goes. Claims Junction sets itself
 * ({@code iat}, {@code exp}, {@code nbf}) and header parameters it writes ({@code alg}, {@code kid})
 * are refused, naming the setting to use.
 */
final class JwtAuthReader {
    private static final Set<String> TIME_CLAIMS = Set.of("iat", "exp", "nbf");
    private static final Set<String> WRITTEN_HEADERS = Set.of("alg", "kid");
    /** JWS's registered header parameters other than {@code typ} and {@code cty}: structured values, not text. */
    private static final Set<String> KEY_HEADERS = Set.of("jku", "jwk", "x5u", "x5t", "x5t#S256", "x5c", "crit", "b64");

    private JwtAuthReader() {}

    /** Null when something is wrong (reported). */
    static AuthSpec.Jwt read(Fields a, TemplateCheck templates) {
        a.allow(Schema.AUTH_JWT);
        Problems problems = a.problems();
        int before = problems.size();
        String algorithm = a.has("algorithm") ? a.oneOf("algorithm", Schema.JWS_ALGORITHMS, null) : null; // absent: the key's own
        String privateKey = secret(a, "privateKey", templates);
        String passphrase = secret(a, "passphrase", templates);
        String secret = secret(a, "secret", templates);
        String secretEncoding = a.oneOf("secretEncoding", Schema.SECRET_ENCODINGS, "text");
        boolean hmac = algorithm != null && algorithm.startsWith("HS");
        if (a.has("privateKey") == a.has("secret")) {
            a.problem(a.has("secret") ? "secret" : "privateKey", a.has("secret")
                    ? "give either privateKey (RS, PS, ES and EdDSA algorithms) or secret (HS algorithms), not both"
                    : "expected privateKey (a PEM private key: RS, PS, ES and EdDSA algorithms) or secret (HS algorithms)");
        } else if (a.has("secret") && algorithm != null && !hmac) {
            a.problem("algorithm", algorithm + " signs with a private key; with secret the algorithm is HS256, HS384 or HS512");
        } else if (a.has("privateKey") && hmac) {
            a.problem("algorithm", algorithm + " signs with a shared secret; give secret instead of privateKey, or an RS, PS, ES or EdDSA algorithm");
        }
        if (a.has("passphrase") && !a.has("privateKey")) {
            a.problem("passphrase", "passphrase decrypts privateKey, which is not set");
        }
        if (a.has("secretEncoding") && !a.has("secret")) {
            a.problem("secretEncoding", "secretEncoding says how secret becomes its key bytes; it does not apply to privateKey: remove it");
        }
        String keyId = a.string("keyId", false);
        templates.check(a, "keyId", keyId, true);
        Map<String, Object> claims = claims(a, templates);
        Map<String, String> headers = templates.map(a, "headers", true, AuthSpec.Jwt.TEMPLATE_VARIABLES);
        headers.keySet().stream().filter(WRITTEN_HEADERS::contains).forEach(name -> a.problem("headers",
                "'" + name + "' is written by Junction: " + (name.equals("alg") ? "set algorithm" : "set keyId")));
        headers.keySet().stream().filter(KEY_HEADERS::contains).forEach(name -> a.problem("headers",
                "'" + name + "' describes a key or its certificate, which Junction does not send from a template; expected a header of the API's"
                        + " own, such as nonce, or typ or cty"));
        if (a.has("secret") && java.util.stream.Stream.concat(headers.values().stream(), claims.values().stream().flatMap(v -> v instanceof String text
                ? java.util.stream.Stream.of(text) : v instanceof List<?> list ? list.stream().map(String::valueOf) : java.util.stream.Stream.empty()))
                .anyMatch(JwtAuthReader::namesPublicKey)) {
            a.problem("claims", "{{ " + AuthSpec.Jwt.PUBLIC_KEY_SHA256 + " }} is the fingerprint of privateKey's public key; a secret has none");
        }
        Duration lifetime = a.duration("lifetime", false, Duration.ofMinutes(5), true);
        if (lifetime != null && lifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            a.problem("lifetime", "expected at least 10s, found " + lifetime.toSeconds() + "s; a token must outlive its request");
        }
        Duration backdate = a.has("backdate") ? a.duration("backdate", false, Duration.ZERO, false) : Duration.ZERO;
        Boolean notBefore = a.bool("notBefore", false);
        String in = a.oneOf("in", Schema.JWT_PLACEMENTS, "header");
        String name = a.string("name", false, "Authorization");
        templates.check(a, "name", name, false);
        String prefix = a.string("prefix", false, "Authorization".equalsIgnoreCase(name) ? "Bearer " : "");
        if (problems.size() > before) {
            return null;
        }
        return new AuthSpec.Jwt(algorithm, privateKey, passphrase, secret, WebhookScheme.Encoding.valueOf(secretEncoding.toUpperCase(Locale.ROOT)),
                keyId, claims, headers, lifetime, backdate, Boolean.TRUE.equals(notBefore),
                "query".equals(in) ? AuthSpec.Placement.QUERY : AuthSpec.Placement.HEADER, name, prefix, null);
    }

    private static String secret(Fields a, String key, TemplateCheck templates) {
        String text = a.string(key, false);
        templates.check(a, key, text, true);
        return templates.secretReference(a, key, text);
    }

    /** Whether a claim or header template names {@code {{ publicKeySha256 }}}. */
    private static boolean namesPublicKey(String text) {
        try {
            return dev.junction.template.Template.parse(text).variables().contains(AuthSpec.Jwt.PUBLIC_KEY_SHA256);
        } catch (IllegalArgumentException malformed) {
            return false; // reported where the template was checked
        }
    }

    /** Text claims are templates; numbers and booleans are kept as typed; a list holds templates (Apple's {@code scope}). */
    private static Map<String, Object> claims(Fields a, TemplateCheck templates) {
        Map<String, Object> claims = new LinkedHashMap<>();
        Fields map = a.has("claims") ? a.fields("claims", false) : null;
        if (map == null) {
            return claims;
        }
        for (YamlNode.Entry entry : map.mapping().entries()) {
            String path = map.child(entry.key());
            if (TIME_CLAIMS.contains(entry.key())) {
                a.problems().add(entry.keyLocation(), path, "'" + entry.key() + "' is set by Junction at signing: "
                        + (entry.key().equals("exp") ? "set lifetime" : entry.key().equals("nbf") ? "set notBefore: true" : "set backdate to move it"));
                continue;
            }
            switch (entry.value()) {
                case YamlNode.Scalar scalar when scalar.type() == YamlNode.ScalarType.INTEGER || scalar.type() == YamlNode.ScalarType.FLOAT
                        || scalar.type() == YamlNode.ScalarType.BOOLEAN -> claims.put(entry.key(), scalar.value());
                case YamlNode.Sequence list -> {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < list.items().size(); i++) {
                        String item = Fields.text(list.items().get(i), path + "[" + i + "]", a.problems());
                        templates.check(item, list.items().get(i).location(), path + "[" + i + "]", true, AuthSpec.Jwt.TEMPLATE_VARIABLES);
                        items.add(item);
                    }
                    claims.put(entry.key(), items);
                }
                default -> {
                    String text = Fields.text(entry.value(), path, a.problems());
                    templates.check(text, entry.value().location(), path, true, AuthSpec.Jwt.TEMPLATE_VARIABLES);
                    claims.put(entry.key(), text);
                }
            }
        }
        return claims;
    }
}
