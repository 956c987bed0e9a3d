package dev.junction.engine.internal;

import dev.junction.connector.SecretResolver;
import dev.junction.engine.EngineException;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import dev.junction.spec.LoadResult;
import dev.junction.template.Template;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the connect page needs of a connector: whether it connects by OAuth 2.0 authorization code or by
 * a form, which fields the tenant's user fills in, and — for OAuth — the rendered client id, secret and
 * endpoints. Values the tenant does not give come from the connector's <em>app connection</em>: its
 * connection of no tenant (tenant {@code default}), which holds the product's own OAuth client (its
 * client id in config, its client secret in secrets). The fields that app connection sets are not asked.
 */
public final class ConnectPlan {
    /** The secrets an authorization-code flow fills with the tokens it obtains (not asked of the user). */
    public record TokenFields(String access, String refresh) {}

    private final ConnectorSpec connector;
    private final Map<String, String> appConfig;
    private final Map<String, String> appSecrets;

    private ConnectPlan(ConnectorSpec connector, Map<String, String> appConfig, Map<String, String> appSecrets) {
        this.connector = connector;
        this.appConfig = appConfig;
        this.appSecrets = appSecrets;
    }

    /** The plan of {@code connector}, with its app connection's values when it has one (read with {@code secrets}). */
    public static ConnectPlan of(LoadResult applied, ConnectorSpec connector, SecretResolver secrets) {
        ConnectionSpec app = applied.connections().values().stream()
                .filter(c -> connector.name().equals(c.connector()) && c.isOperators()).findFirst().orElse(null);
        if (app == null) {
            return new ConnectPlan(connector, Map.of(), Map.of());
        }
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        app.config().forEach((k, v) -> config.put(k, secrets.resolve(v)));
        app.secrets().forEach((k, v) -> {
            try {
                given.put(k, secrets.resolve(v));
            } catch (RuntimeException e) {
                // an optional secret the app connection cannot read is left to the user, or out
            }
        });
        return new ConnectPlan(connector, config, given);
    }

    public ConnectorSpec connector() {
        return connector;
    }

    /** The OAuth 2.0 authorization-code settings, or null when the connector connects by a form. */
    public AuthSpec.OAuth2 oauth() {
        return connector.auth() instanceof AuthSpec.OAuth2 o && o.grant() == AuthSpec.Grant.AUTHORIZATION_CODE ? o : null;
    }

    /** The secrets an OAuth flow fills with its tokens. */
    public TokenFields tokenFields() {
        AuthSpec.OAuth2 o = oauth();
        return new TokenFields(secretOf(o.accessToken()), o.refreshToken() == null ? null : secretOf(o.refreshToken()));
    }

    private static String secretOf(String template) {
        return Template.parse(template).variables().stream().filter(v -> v.startsWith("secrets.")).map(v -> v.substring("secrets.".length()))
                .findFirst().orElse(null);
    }

    /** The config fields the user fills in: every declared one the app connection does not set. */
    public List<FieldSpec> configFields() {
        return fields(connector.config()).stream().filter(f -> !appConfig.containsKey(f.name())).toList();
    }

    /** The secret fields the user fills in: none for OAuth (its tokens come from the provider), else those the app connection does not set. */
    public List<FieldSpec> secretFields() {
        if (oauth() != null) {
            return List.of();
        }
        return fields(connector.secrets()).stream().filter(f -> !appSecrets.containsKey(f.name())).toList();
    }

    private static List<FieldSpec> fields(Map<String, FieldSpec> declared) {
        return declared == null ? List.of() : List.copyOf(declared.values());
    }

    /** The connection's config: the app connection's values, then the user's. */
    public Map<String, String> config(Map<String, String> fromUser) {
        Map<String, String> config = new LinkedHashMap<>(appConfig);
        config.putAll(fromUser);
        return config;
    }

    /** The connection's secrets: the app connection's (say, the OAuth client secret), then {@code more}. */
    public Map<String, String> secrets(Map<String, String> more) {
        Map<String, String> secrets = new LinkedHashMap<>(appSecrets);
        secrets.putAll(more);
        return secrets;
    }

    /** Only declared config fields the user may fill in, and secrets the same way: an unknown or app-set field is refused. */
    public void checkUserValues(Map<String, String> config, Map<String, String> secrets) {
        Set<String> allowed = new LinkedHashSet<>();
        configFields().forEach(f -> allowed.add(f.name()));
        for (String key : config.keySet()) {
            if (!allowed.contains(key)) {
                throw new EngineException.Invalid("'" + key + "' is not a field of this connect page");
            }
        }
        Set<String> allowedSecrets = new LinkedHashSet<>();
        secretFields().forEach(f -> allowedSecrets.add(f.name()));
        for (String key : secrets.keySet()) {
            if (!allowedSecrets.contains(key)) {
                throw new EngineException.Invalid("'" + key + "' is not a field of this connect page");
            }
        }
    }

    /** Renders an auth template ({@code auth.clientId}, an endpoint) with the connection's config and secrets (connector defaults under them). */
    public String render(String template, Map<String, String> config, Map<String, String> secrets, String what) {
        if (template == null) {
            return null;
        }
        Map<String, String> withDefaults = new LinkedHashMap<>();
        fields(connector.config()).forEach(f -> {
            if (f.defaultValue() != null) {
                withDefaults.put(f.name(), f.defaultValue());
            }
        });
        withDefaults.putAll(config);
        try {
            String rendered = Template.parse(template).render(v -> v.startsWith("config.") ? withDefaults.get(v.substring(7))
                    : v.startsWith("secrets.") ? secrets.get(v.substring(8)) : null);
            if (rendered.startsWith("/") && connector.baseUrl() != null) {
                String base = Template.parse(connector.baseUrl()).render(v -> v.startsWith("config.") ? withDefaults.get(v.substring(7)) : null);
                return base.replaceAll("/+$", "") + rendered;
            }
            return rendered;
        } catch (IllegalStateException e) {
            throw new EngineException.Invalid("connector '" + connector.name() + "' " + what + " needs a value the connection does not have ("
                    + template + "); give it on the connect page or in the connector's app connection");
        }
    }
}
