package dev.junction.connector.internal;

import dev.junction.connector.ConnectionValues;
import dev.junction.connector.ConnectorException;
import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.TlsSpec;
import dev.junction.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a connector's connection-wide settings (auth, TLS) with one connection's values, once, when the connection is created. */
public final class ConnectionRendering {
    private ConnectionRendering() {}

    /** The TLS settings with every template rendered; null when there are none. */
    public static TlsSpec tls(TlsSpec tls, ConnectionValues values) {
        if (tls == null) {
            return null;
        }
        java.util.function.BiFunction<String, String, String> r = (text, field) -> text == null ? null : render(text, "tls." + field, values);
        TlsSpec.ClientCertificate c = tls.clientCertificate();
        TlsSpec.Trust t = tls.trust();
        return new TlsSpec(
                c == null ? null : new TlsSpec.ClientCertificate(r.apply(c.keystore(), "clientCertificate.keystore"),
                        r.apply(c.password(), "clientCertificate.password"), r.apply(c.certificate(), "clientCertificate.certificate"),
                        r.apply(c.privateKey(), "clientCertificate.privateKey"), r.apply(c.keyPassword(), "clientCertificate.keyPassword")),
                t == null ? null : new TlsSpec.Trust(r.apply(t.ca(), "trust.ca"), r.apply(t.truststore(), "trust.truststore"),
                        r.apply(t.password(), "trust.password")));
    }

    public static AuthSpec auth(AuthSpec auth, ConnectionValues values, String baseUrl) {
        return switch (auth) {
            case null -> new AuthSpec.None();
            case AuthSpec.None none -> none;
            case AuthSpec.ApiKey key -> new AuthSpec.ApiKey(key.in(), render(key.name(), "auth.name", values), render(key.value(), "auth.value", values));
            case AuthSpec.Bearer bearer -> new AuthSpec.Bearer(render(bearer.token(), "auth.token", values));
            case AuthSpec.Basic basic -> new AuthSpec.Basic(render(basic.username(), "auth.username", values), render(basic.password(), "auth.password", values));
            case AuthSpec.Digest digest -> new AuthSpec.Digest(render(digest.username(), "auth.username", values),
                    render(digest.password(), "auth.password", values));
            case AuthSpec.Session s -> {
                Map<String, String> headers = new LinkedHashMap<>();
                s.headers().forEach((name, text) -> headers.put(name, render(text, "auth.headers." + name, values)));
                yield new AuthSpec.Session(tokenUrl(render(s.loginUrl(), "auth.loginUrl", values), baseUrl, values.connection(), "loginUrl"),
                        s.method(), renderedBody(s.body(), "auth.body", values), s.tokenPath(), s.expiresInPath(), s.ttl(), s.in(),
                        render(s.name(), "auth.name", values), s.prefix(), s.expiresAtPath(), loginAuth(s.loginAuth(), values), s.formBody(), headers,
                        s.tokenHeader(), s.tokenCookie());
            }
            case AuthSpec.OAuth1 o -> {
                java.util.function.BiFunction<String, String, String> r = (text, field) -> text == null ? null : render(text, "auth." + field, values);
                yield new AuthSpec.OAuth1(r.apply(o.consumerKey(), "consumerKey"), r.apply(o.consumerSecret(), "consumerSecret"),
                        r.apply(o.token(), "token"), r.apply(o.tokenSecret(), "tokenSecret"), o.signatureMethod(), r.apply(o.realm(), "realm"));
            }
            case AuthSpec.AwsSigV4 aws -> new AuthSpec.AwsSigV4(render(aws.accessKeyId(), "auth.accessKeyId", values),
                    render(aws.secretAccessKey(), "auth.secretAccessKey", values),
                    unlessAllAbsent(aws.sessionToken(), "auth.sessionToken", values),
                    signingName(aws.region(), "region", AuthSpec.AwsSigV4.REGION_EXPECTED, values),
                    signingName(aws.service(), "service", AuthSpec.AwsSigV4.SERVICE_EXPECTED, values), assumeRole(aws.assumeRole(), values));
            case AuthSpec.Hmac h -> hmac(h, values);
            case AuthSpec.Jwt j -> jwt(j, values, "auth.");
            case AuthSpec.OAuth2 o -> {
                java.util.function.BiFunction<String, String, String> r = (text, field) -> text == null ? null : render(text, "auth." + field, values);
                yield new AuthSpec.OAuth2(o.grant(), tokenUrl(r.apply(o.tokenUrl(), "tokenUrl"), baseUrl, values.connection()), o.clientAuth(),
                        r.apply(o.clientId(), "clientId"), r.apply(o.clientSecret(), "clientSecret"), o.scopes(), r.apply(o.audience(), "audience"),
                        r.apply(o.username(), "username"), r.apply(o.password(), "password"), r.apply(o.refreshToken(), "refreshToken"),
                        r.apply(o.accessToken(), "accessToken"), r.apply(o.privateKey(), "privateKey"), r.apply(o.issuer(), "issuer"),
                        r.apply(o.subject(), "subject"), r.apply(o.keyId(), "keyId"), o.refreshBefore(), o.tokenError(), o.connect(),
                        tokenParams(o.tokenParams(), values), r.apply(o.assertionAudience(), "assertionAudience"), r.apply(o.certificate(), "certificate"),
                        o.tokenResponse(), unlessAllAbsent(o.passphrase(), "auth.passphrase", values)).sentAs(o.in(), o.name(), o.prefix());
            }
        };
    }

    /** A session login's body with every text rendered, nested objects and lists kept as they are. */
    private static Map<String, Object> renderedBody(Map<String, Object> body, String field, ConnectionValues values) {
        Map<String, Object> out = new LinkedHashMap<>();
        body.forEach((name, value) -> out.put(name, renderedValue(value, field + "." + name, values)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object renderedValue(Object value, String field, ConnectionValues values) {
        return switch (value) {
            case Map<?, ?> map -> renderedBody((Map<String, Object>) map, field, values);
            case java.util.List<?> list -> java.util.stream.IntStream.range(0, list.size())
                    .mapToObj(i -> renderedValue(list.get(i), field + "[" + i + "]", values)).toList();
            case String text -> render(text, field, values);
            case null, default -> value;
        };
    }

    /** A session login's own auth, rendered as {@code auth.loginAuth}. */
    private static AuthSpec loginAuth(AuthSpec auth, ConnectionValues values) {
        return switch (auth) {
            case null -> null;
            case AuthSpec.Basic basic -> new AuthSpec.Basic(render(basic.username(), "auth.loginAuth.username", values),
                    render(basic.password(), "auth.loginAuth.password", values));
            case AuthSpec.Jwt jwt -> jwt(jwt, values, "auth.loginAuth.");
            default -> throw new IllegalArgumentException("a session login authenticates by basic or jwt, not " + auth);
        };
    }

    /**
     * The JWT settings with the key, passphrase, secret and key id rendered and the connection's values of the config and
     * secrets the claims and header name; those templates stay, rendered at each signing with the attempt's variables.
     */
    private static AuthSpec.Jwt jwt(AuthSpec.Jwt j, ConnectionValues values, String prefix) {
        ConnectionValues attempt = values.withVariables(v -> AuthSpec.Jwt.TEMPLATE_VARIABLES.contains(v) ? "" : null);
        Map<String, String> used = new LinkedHashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        j.claims().forEach((name, value) -> {
            if (value instanceof String text) {
                templates.put(prefix + "claims." + name, text);
            } else if (value instanceof java.util.List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    templates.put(prefix + "claims." + name + "[" + i + "]", (String) list.get(i));
                }
            }
        });
        j.headers().forEach((name, text) -> templates.put(prefix + "headers." + name, text));
        templates.forEach((field, text) -> {
            Template template = RequestTemplate.parse("connector", field, text);
            attempt.render(template, field); // names a config or secret value the connection lacks
            template.variables().stream().filter(v -> v.startsWith("config.") || v.startsWith("secrets.")).forEach(v -> used.put(v, values.lookup(v)));
        });
        java.util.function.BiFunction<String, String, String> r = (text, field) -> text == null ? null : render(text, prefix + field, values);
        return j.withValues(r.apply(j.privateKey(), "privateKey"), unlessAllAbsent(j.passphrase(), prefix + "passphrase", values), r.apply(j.secret(), "secret"),
                r.apply(j.keyId(), "keyId"), used);
    }

    private static Map<String, String> tokenParams(Map<String, String> params, ConnectionValues values) {
        Map<String, String> rendered = new LinkedHashMap<>();
        params.forEach((name, text) -> rendered.put(name, render(text, "auth.tokenParams." + name, values)));
        return rendered;
    }

    /**
     * The HMAC settings with the secret rendered and the connection's values of the config and secrets
     * its templates name; the templates stay, rendered at each attempt with its timestamp and signature.
     * A value the connection lacks fails here, as any other template's would.
     */
    private static AuthSpec.Hmac hmac(AuthSpec.Hmac h, ConnectionValues values) {
        ConnectionValues attempt = values.withVariables(v -> AuthSpec.Hmac.ATTEMPT_VARIABLES.contains(v) || v.equals(AuthSpec.Hmac.SIGNATURE)
                || v.equals(AuthSpec.Hmac.DIGEST) ? ""
                : v.startsWith(AuthSpec.Hmac.MAC_OF) ? values.lookup(v.substring(AuthSpec.Hmac.MAC_OF.length())) : null);
        Map<String, String> used = new LinkedHashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("auth.signedContent", h.signedContent());
        h.headers().forEach((name, text) -> templates.put("auth.headers." + name, text));
        h.query().forEach((name, text) -> templates.put("auth.query." + name, text));
        h.body().fields().forEach((name, text) -> templates.put("auth.body." + name, text));
        if (h.body().digestContent() != null) {
            templates.put("auth.digest.content", h.body().digestContent());
        }
        templates.forEach((field, text) -> {
            Template template = RequestTemplate.parse("connector", field, text);
            attempt.render(template, field); // names a config or secret value the connection lacks
            template.variables().stream().map(v -> v.startsWith(AuthSpec.Hmac.MAC_OF) ? v.substring(AuthSpec.Hmac.MAC_OF.length()) : v)
                    .filter(v -> v.startsWith("config.") || v.startsWith("secrets.")).forEach(v -> used.put(v, values.lookup(v)));
        });
        return h.withValues(render(h.secret(), "auth.secret", values), unlessAllAbsent(h.passphrase(), "auth.passphrase", values),
                used);
    }

    /**
     * The rendered template, or null when it is null or none of its variables has a value: an
     * optional secret a connection does not give (long-term AWS keys have no session token).
     */
    private static String unlessAllAbsent(String text, String field, ConnectionValues values) {
        if (text == null) {
            return null;
        }
        Template template = RequestTemplate.parse("connector", field, text);
        boolean absent = !template.variables().isEmpty() && template.variables().stream().allMatch(v -> values.lookup(v) == null);
        return absent ? null : values.render(template, field);
    }

    /** An AWS region or service name rendered from config, which must look like one ({@code us-east-1}, {@code s3}). */
    private static String signingName(String text, String field, String expected, ConnectionValues values) {
        String rendered = render(text, "auth." + field, values);
        if (!AuthSpec.AwsSigV4.SIGNING_NAME.matcher(rendered).matches()) {
            throw new ConnectorException("connection '" + values.connection() + "': auth." + field + " '" + text + "' gave '" + rendered
                    + "'; expected " + expected + "; check the config values it names");
        }
        return rendered;
    }

    /** A relative token URL ({@code /oauth/token}) resolves against the base URL, as a browser would. */
    private static String tokenUrl(String tokenUrl, String baseUrl, String connection) {
        return tokenUrl(tokenUrl, baseUrl, connection, "tokenUrl");
    }

    private static String tokenUrl(String tokenUrl, String baseUrl, String connection, String field) {
        try {
            java.net.URI resolved = java.net.URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/").resolve(tokenUrl);
            HttpRequest.of("POST", resolved);
            return resolved.toString();
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("connection '" + connection + "': auth." + field + " '" + tokenUrl
                    + "' is not a valid URL, neither absolute nor relative to baseUrl '" + baseUrl + "'");
        }
    }

    static String render(String text, String field, ConnectionValues values) {
        Template template = RequestTemplate.parse("connector", field, text);
        return values.render(template, field);
    }


    /** A role's settings rendered: the ARN checked once it is known, an optional external id left out when its secrets are absent. */
    private static AuthSpec.AwsSigV4.AssumeRole assumeRole(AuthSpec.AwsSigV4.AssumeRole role, ConnectionValues values) {
        if (role == null) {
            return null;
        }
        String roleArn = render(role.roleArn(), "auth.assumeRole.roleArn", values);
        if (!AuthSpec.AwsSigV4.AssumeRole.ROLE_ARN.matcher(roleArn).matches()) {
            throw new ConnectorException("connection '" + values.connection() + "': auth.assumeRole.roleArn '" + role.roleArn() + "' gave '" + roleArn
                    + "'; expected a role's ARN such as arn:aws:iam::123456789012:role/junction-reader; check the config values it names");
        }
        return new AuthSpec.AwsSigV4.AssumeRole(roleArn, unlessAllAbsent(role.externalId(), "auth.assumeRole.externalId", values), role.sessionName(),
                role.duration(), role.stsEndpoint() == null ? null : render(role.stsEndpoint(), "auth.assumeRole.stsEndpoint", values),
                signingName(role.stsRegion(), "assumeRole.stsRegion", AuthSpec.AwsSigV4.REGION_EXPECTED, values));
    }
}
