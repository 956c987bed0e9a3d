package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connector auth of an Airbyte requester's {@code authenticator}: {@code BearerAuthenticator} →
 * bearer, {@code ApiKeyAuthenticator} → api-key (in a header or the query, a prefix such as
 * {@code "Token {{ config.key }}"} kept in the value), {@code BasicHttpAuthenticator} → basic,
 * {@code OAuthAuthenticator} → oauth2 with the refresh_token or client_credentials grant, {@code JwtAuthenticator} → jwt,
 * {@code SessionTokenAuthenticator} → session ({@link AirbyteSessionAuth}). Its
 * templates name the spec's fields; a literal token URL becomes the config field {@code tokenUrl}
 * with it as default. Other authenticators are left to a human, with a note.
 */
final class AirbyteAuth {
    /** Keys Junction takes only from secrets: a config field they name becomes one. */
    private static final List<String> CREDENTIALS = List.of("clientSecret", "refreshToken", "privateKey", "secret", "passphrase");
    /** The JWS algorithms Junction signs with (Airbyte's ES256K, on the secp256k1 curve, is not one). */
    private static final List<String> JWS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256",
            "HS384", "HS512");
    private static final java.util.regex.Pattern CONFIG_FIELD = java.util.regex.Pattern.compile("\\{\\{ config\\.([A-Za-z0-9_]+) }}");

    private final AirbyteTemplates templates;
    private final AirbyteFields fields;
    private final List<String> needsHuman;
    private final List<String> guessed;

    AirbyteAuth(AirbyteTemplates templates, AirbyteFields fields, List<String> needsHuman, List<String> guessed) {
        this.templates = templates;
        this.fields = fields;
        this.needsHuman = needsHuman;
        this.guessed = guessed;
    }

    /** The auth, or null for none (NoAuth, absent, or not mappable: noted). */
    ApiDescription.Auth read(JsonNode a, String where) {
        return read(a, where, null);
    }

    /** @param streamUrlBase the {@code url_base} of the stream the authenticator came with: a session login under it is relative */
    ApiDescription.Auth read(JsonNode a, String where, String streamUrlBase) {
        if (a.isMissingNode() || a.isNull()) {
            return null;
        }
        String type = a.path("type").asText("");
        ApiDescription.Auth auth = ApiDescription.auth();
        Map<String, Object> keys = auth.keys();
        switch (type) {
            case "NoAuth" -> {
                return null;
            }
            case "BearerAuthenticator" -> {
                keys.put("type", "bearer");
                return put(keys, "token", a, "api_token", where) ? auth : null;
            }
            case "ApiKeyAuthenticator" -> {
                JsonNode option = a.path("inject_into");
                String in = option.isObject() ? option.path("inject_into").asText("header") : "header";
                String name = option.isObject() ? option.path("field_name").asText(null) : a.path("header").asText(null);
                if (name == null || !(in.equals("header") || in.equals("request_parameter"))) {
                    needsHuman.add(where + ": an ApiKeyAuthenticator " + (name == null ? "without a header or inject_into.field_name" : "injected into " + in)
                            + " is not mapped; set auth: by hand");
                    return null;
                }
                keys.put("type", "api-key");
                keys.put("in", in.equals("header") ? "header" : "query");
                keys.put("name", name);
                return put(keys, "value", a, "api_token", where) ? auth : null;
            }
            case "BasicHttpAuthenticator" -> {
                keys.put("type", "basic");
                if (!a.has("password")) {
                    needsHuman.add(where + ": the BasicHttpAuthenticator has no password (Airbyte sends an empty one); Junction needs one: set auth.password");
                    return null;
                }
                return put(keys, "username", a, "username", where) && put(keys, "password", a, "password", where) ? auth : null;
            }
            case "OAuthAuthenticator" -> {
                return oauth(a, auth, where);
            }
            case "JwtAuthenticator" -> {
                return jwt(a, auth, where);
            }
            case "SessionTokenAuthenticator" -> {
                return new AirbyteSessionAuth(templates, needsHuman).read(a, keys, where, streamUrlBase,
                        own -> read(own, where + ".login_requester.authenticator")) ? auth : null;
            }
            default -> {
                needsHuman.add(where + ": the authenticator " + (type.isEmpty() ? "without a type" : type)
                        + " is not mapped (Junction has session and OAuth auth of its own: docs/connectors.md#auth); set auth: by hand");
                return null;
            }
        }
    }

    /**
     * {@code JwtAuthenticator}: the key ({@code secret_key}: an HS algorithm's secret, else a PEM private key), the
     * algorithm, {@code kid} and the other header fields, the payload's {@code iss}, {@code sub}, {@code aud} and more
     * claims, {@code token_duration} (Airbyte's default 1,200 s) and {@code header_prefix} (none: the token alone in
     * {@code Authorization}). Airbyte's tokens carry {@code nbf}, so Junction's do too.
     */
    private ApiDescription.Auth jwt(JsonNode a, ApiDescription.Auth auth, String where) {
        Map<String, Object> keys = auth.keys();
        String algorithm = a.path("algorithm").asText("");
        if (!JWS.contains(algorithm)) {
            needsHuman.add(where + ": the JwtAuthenticator's algorithm '" + algorithm + "' is not one Junction signs with (" + String.join(", ", JWS)
                    + "); set auth: by hand");
            return null;
        }
        if (a.path("base64_encode_secret_key").asBoolean(false) || a.has("request_option")) {
            needsHuman.add(where + ": the JwtAuthenticator's " + (a.has("request_option") ? "request_option" : "base64_encode_secret_key (the key is the"
                    + " base64 text of the secret)") + " is not mapped; set auth: by hand");
            return null;
        }
        keys.put("type", "jwt");
        keys.put("algorithm", algorithm);
        boolean ok = put(keys, algorithm.startsWith("HS") ? "secret" : "privateKey", a, "secret_key", where);
        if (a.has("passphrase")) {
            ok = ok && put(keys, "passphrase", a, "passphrase", where);
        }
        JsonNode headers = a.path("jwt_headers");
        if (headers.path("kid").isTextual()) {
            ok = ok && put(keys, "keyId", headers, "kid", where + ".jwt_headers");
        }
        Map<String, Object> extraHeaders = new java.util.LinkedHashMap<>();
        for (String name : List.of("typ", "cty")) {
            if (headers.path(name).isTextual() && !(name.equals("typ") && headers.get(name).asText().equals("JWT"))) {
                extraHeaders.put(name, headers.get(name).asText());
            }
        }
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        ok = ok && values(a.path("jwt_payload"), claims, where + ".jwt_payload") && values(a.path("additional_jwt_payload"), claims,
                where + ".additional_jwt_payload") && values(a.path("additional_jwt_headers"), extraHeaders, where + ".additional_jwt_headers");
        if (!claims.isEmpty()) {
            keys.put("claims", claims);
        }
        if (!extraHeaders.isEmpty()) {
            keys.put("headers", extraHeaders);
        }
        keys.put("lifetime", a.path("token_duration").asInt(1200) + "s");
        keys.put("notBefore", true);
        String prefix = a.path("header_prefix").asText("");
        keys.put("prefix", prefix.isEmpty() ? "" : prefix + " ");
        return ok ? auth : null;
    }

    /** Each field of {@code object} into {@code out}: text as a template, numbers and booleans as they are. False (noted) otherwise. */
    private boolean values(JsonNode object, Map<String, Object> out, String where) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value.isNumber() || value.isBoolean()) {
                out.put(field.getKey(), value.isBoolean() ? value.asBoolean() : value.numberValue());
            } else if (value.isTextual()) {
                String template = templates.template(value.asText(), where + "." + field.getKey(), Map.of());
                if (template == null) {
                    return false;
                }
                out.put(field.getKey(), template);
            } else if (!value.isNull()) {
                needsHuman.add(where + "." + field.getKey() + " is not mapped (Junction's claims take text, numbers, true or false); set auth: by hand");
                return false;
            }
        }
        return true;
    }

    /** Token request fields Junction writes from its own settings, which {@code tokenParams} may not name. */
    private static final List<String> RESERVED = List.of("grant_type", "client_id", "client_secret", "refresh_token", "scope", "audience",
            "assertion", "client_assertion", "client_assertion_type", "username", "password", "code", "code_verifier", "redirect_uri");

    private ApiDescription.Auth oauth(JsonNode a, ApiDescription.Auth auth, String where) {
        Map<String, Object> keys = auth.keys();
        String grant = a.path("grant_type").asText("refresh_token");
        if (!grant.equals("refresh_token") && !grant.equals("client_credentials")) {
            needsHuman.add(where + ": OAuth grant_type " + grant + " is not mapped; set auth: by hand");
            return null;
        }
        keys.put("type", "oauth2");
        keys.put("grant", grant);
        String endpoint = a.path("token_refresh_endpoint").asText("");
        if (endpoint.isEmpty()) {
            needsHuman.add(where + ": the OAuthAuthenticator has no token_refresh_endpoint; set auth.tokenUrl");
            return null;
        }
        if (AirbyteTemplates.isTemplate(endpoint)) {
            if (!put(keys, "tokenUrl", a, "token_refresh_endpoint", where)) {
                return null;
            }
        } else {
            keys.put("tokenUrl", "{{ config.tokenUrl }}");
            auth.config().put("tokenUrl", new String[] {"OAuth 2.0 token endpoint (the manifest's token_refresh_endpoint)", endpoint});
            guessed.add("auth: the token URL is the config field tokenUrl, by default " + endpoint);
        }
        boolean ok = put(keys, "clientId", a, "client_id", where) && put(keys, "clientSecret", a, "client_secret", where);
        if (grant.equals("refresh_token")) {
            ok = ok && put(keys, "refreshToken", a, "refresh_token", where);
        }
        if (a.path("scopes").isArray() && !a.path("scopes").isEmpty()) {
            List<String> scopes = new ArrayList<>();
            a.get("scopes").forEach(s -> scopes.add(s.asText()));
            keys.put("scopes", scopes);
        }
        ok = ok && tokenParams(a, keys, where);
        tokenResponse(a, keys, where);
        for (String extra : List.of("refresh_token_updater", "token_expiry_date", "token_expiry_date_format", "access_token_value")) {
            if (a.has(extra)) {
                needsHuman.add(where + "." + extra + " is not mapped (Junction reads the token answer's fields, tokenResponse, and keeps the"
                        + " tokens it obtains itself); check auth:");
            }
        }
        return ok ? auth : null;
    }

    /**
     * {@code access_token_name}, {@code refresh_token_name} and {@code expires_in_name} (an instant when
     * {@code token_expiry_is_time_of_expiration}): where the token answer keeps them, Junction's
     * {@code tokenResponse}. A name that is not a plain field name is noted instead.
     */
    private void tokenResponse(JsonNode a, Map<String, Object> keys, String where) {
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        boolean expiryIsInstant = a.path("token_expiry_is_time_of_expiration").asBoolean(false);
        String[][] names = {{"access_token_name", "access_token", "accessToken"}, {"refresh_token_name", "refresh_token", "refreshToken"},
                {"expires_in_name", "expires_in", expiryIsInstant ? "expiresAt" : "expiresIn"}};
        for (String[] name : names) {
            String field = a.path(name[0]).asText(name[1]);
            if (field.equals(name[1]) && !(name[1].equals("expires_in") && expiryIsInstant)) {
                continue; // RFC 6749's own name: Junction's default
            }
            if (!field.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                needsHuman.add(where + "." + name[0] + " '" + field + "' is not mapped (not a plain field name); set auth.tokenResponse." + name[2]);
                continue;
            }
            paths.put(name[2], "$." + field);
        }
        if (!paths.isEmpty()) {
            keys.put("tokenResponse", paths);
        }
    }

    /**
     * {@code refresh_request_body}: more fields of the token request, Junction's {@code tokenParams}.
     * False (noted) when one is not text or a number, or names a field Junction writes itself.
     */
    private boolean tokenParams(JsonNode a, Map<String, Object> keys, String where) {
        JsonNode body = a.path("refresh_request_body");
        if (body.isMissingNode() || body.isNull() || body.isEmpty()) {
            return true;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String at = where + ".refresh_request_body." + field.getKey();
            if (!field.getValue().isValueNode() || field.getValue().isNull() || RESERVED.contains(field.getKey())) {
                needsHuman.add(at + " is not mapped (" + (RESERVED.contains(field.getKey()) ? "Junction writes " + field.getKey()
                        + " from its own settings" : "tokenParams takes text") + "); check auth:");
                return false;
            }
            String value = templates.template(field.getValue().asText(), at, Map.of());
            if (value == null) {
                return false;
            }
            params.put(field.getKey(), value);
        }
        keys.put("tokenParams", params);
        return true;
    }

    /** keys[key] = the template at a[field]; false (noted) when it is absent or cannot be expressed. */
    private boolean put(Map<String, Object> keys, String key, JsonNode a, String field, String where) {
        if (!a.path(field).isTextual()) {
            needsHuman.add(where + ": the authenticator has no " + field + "; set auth: by hand");
            return false;
        }
        String value = templates.template(a.get(field).asText(), where + "." + field, Map.of());
        if (value == null) {
            return false;
        }
        java.util.regex.Matcher config = CONFIG_FIELD.matcher(value);
        if (CREDENTIALS.contains(key) && config.matches() && fields.makeSecret(config.group(1))) {
            value = "{{ secrets." + config.group(1) + " }}";
            guessed.add(where + "." + field + ": config field " + config.group(1) + " is a credential, so it is a secret here (the spec does not"
                    + " mark it airbyte_secret)");
        }
        keys.put(key, value);
        return true;
    }
}
