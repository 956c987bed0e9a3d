package dev.junction.connector;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import dev.junction.spec.ValueRef;
import dev.junction.template.Template;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The config and secret values of one connection, resolved: connection values (literals or
 * references) over the connector's defaults. Templates look values up as {@code config.NAME} and
 * {@code secrets.NAME}. {@link #toString()} never shows a secret.
 */
public final class ConnectionValues {
    private final String connection;
    private final String connector;
    private final Map<String, String> config;
    private final Map<String, String> secrets;
    private final java.util.function.Function<String, String> partition;
    /** Optional values whose reference could not be read, left out: variable → why. */
    private final Map<String, String> unreadable;

    private ConnectionValues(String connection, String connector, Map<String, String> config, Map<String, String> secrets,
            Map<String, String> unreadable) {
        this(connection, connector, config, secrets, unreadable, v -> null);
    }

    private ConnectionValues(String connection, String connector, Map<String, String> config, Map<String, String> secrets,
            Map<String, String> unreadable, java.util.function.Function<String, String> partition) {
        this.connection = connection;
        this.connector = connector;
        this.config = config;
        this.secrets = secrets;
        this.unreadable = unreadable;
        this.partition = partition;
    }

    /**
     * These values plus a partition's variables ({@code parent.id}, {@code slice.start}, ...), each
     * looked up by its full name.
     */
    public ConnectionValues withPartition(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new ConnectionValues(connection, connector, config, secrets, unreadable, copy::get);
    }

    /**
     * These values plus more variables ({@code record.id}, ...), each looked up in {@code more} by
     * its full name (config and secrets first).
     */
    public ConnectionValues withVariables(java.util.function.Function<String, String> more) {
        java.util.function.Function<String, String> mine = partition;
        return new ConnectionValues(connection, connector, config, secrets, unreadable, v -> {
            String value = mine.apply(v);
            return value == null ? more.apply(v) : value;
        });
    }

    /** These values with every partition variable ({@code parent.*}, {@code slice.*}) and a job's id standing for {@code placeholder}: to check the rest renders. */
    public ConnectionValues withAnyPartition(String placeholder) {
        return new ConnectionValues(connection, connector, config, secrets, unreadable,
                v -> v.startsWith("parent.") || v.startsWith("slice.") || v.equals("job.id") || v.equals("since") ? placeholder : null);
    }

    /**
     * Resolves every declared and every given value.
     *
     * @throws ConnectorException naming the connection and field when a required value is missing,
     *     a reference cannot be resolved or a value does not fit its declared type
     */
    public static ConnectionValues resolve(ConnectorSpec connector, ConnectionSpec connection, SecretResolver resolver) {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(resolver, "resolver");
        String where = "connection '" + connection.name() + "'" + (connection.location() == null ? "" : " (" + connection.location() + ")");
        if (connection.connector() != null && !connection.connector().equals(connector.name())) {
            throw new ConnectorException(where + ": uses connector '" + connection.connector() + "', not '" + connector.name() + "'");
        }
        Map<String, String> unreadable = new LinkedHashMap<>();
        SecretResolver scoped = connection.isTenantApplied() ? tenantResolver(resolver) : resolver;
        Map<String, String> config = resolveAll("config", connector.config(), connection.config(), scoped, where, connector.name(), unreadable);
        Map<String, String> secrets = resolveAll("secrets", connector.secrets(), connection.secrets(), scoped, where, connector.name(), unreadable);
        return new ConnectionValues(connection.name(), connector.name(), config, secrets, Collections.unmodifiableMap(unreadable));
    }

    /**
     * The resolver of a tenant-applied connection: its values are literals (or stored values); the
     * server's environment and files are out of its reach, whatever the operator allows for his own.
     */
    private static SecretResolver tenantResolver(SecretResolver resolver) {
        return ref -> {
            if (ref instanceof ValueRef.Env || ref instanceof ValueRef.File) {
                throw new SecretRefusedException(tenantRefusal(ref));
            }
            return resolver.resolve(ref);
        };
    }

    /** Why a tenant's connection may not set {@code proxy:}; the same words at apply time and at run time. */
    public static final String TENANT_PROXY_REFUSAL = "a tenant's connection goes through the server's own proxy settings (egress.proxy); proxy: is for"
            + " the operator's connections";

    /** Why a tenant's connection may not use {@code ref}; the same words at apply time and at run time. */
    public static String tenantRefusal(ValueRef ref) {
        String what = ref instanceof ValueRef.Env env ? "${env:" + env.variable() + "}" : ref instanceof ValueRef.File file ? "${file:" + file.path() + "}" : "it";
        return what + " is refused: a tenant's connection cannot read the server's environment or files; use a stored value"
                + " (given through the connect page or the API) instead";
    }

    private static Map<String, String> resolveAll(String kind, Map<String, FieldSpec> declared, Map<String, ValueRef> given,
            SecretResolver resolver, String where, String connectorName, Map<String, String> unreadable) {
        Map<String, FieldSpec> fields = declared == null ? Map.of() : declared;
        Map<String, ValueRef> values = given == null ? Map.of() : given;
        Map<String, String> resolved = new LinkedHashMap<>();
        fields.forEach((name, field) -> {
            ValueRef ref = values.get(name);
            String value;
            if (ref != null && !field.required() && field.defaultValue() == null && !(ref instanceof ValueRef.Literal)) {
                // an optional value whose reference cannot be read (an environment variable not set) is left out, as if not given:
                // a connection may name, say, a webhook secret that only the server's environment sets
                try {
                    value = resolveOne(kind, name, ref, resolver, where);
                } catch (ConnectorException e) {
                    if (e.getCause() instanceof SecretRefusedException) { // refused, not missing: the definition must change
                        throw e;
                    }
                    unreadable.put(kind + "." + name, e.getMessage());
                    return;
                }
            } else if (ref != null) {
                value = resolveOne(kind, name, ref, resolver, where);
            } else if (field.defaultValue() != null) {
                value = field.defaultValue();
            } else if (field.required()) {
                throw new ConnectorException(where + ": " + kind + "." + name + " is required by connector '" + connectorName
                        + "' but not set; add it under " + kind + ":");
            } else {
                return;
            }
            checkType(kind, name, field, value, where);
            resolved.put(name, value);
        });
        values.forEach((name, ref) -> {
            if (!resolved.containsKey(name) && !fields.containsKey(name)) {
                resolved.put(name, resolveOne(kind, name, ref, resolver, where));
            }
        });
        return Collections.unmodifiableMap(resolved);
    }

    private static String resolveOne(String kind, String name, ValueRef ref, SecretResolver resolver, String where) {
        try {
            String value = resolver.resolve(ref);
            if (value == null) {
                throw new ConnectorException("the resolver found no value");
            }
            return value;
        } catch (RuntimeException e) {
            throw new ConnectorException(where + ": " + kind + "." + name + ": " + e.getMessage(), e);
        }
    }

    private static void checkType(String kind, String name, FieldSpec field, String value, String where) {
        String type = field.type() == null ? "string" : field.type();
        boolean fits = switch (type) {
            case "integer" -> value.strip().matches("[-+]?\\d+");
            case "number" -> value.strip().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
            case "boolean" -> value.equals("true") || value.equals("false");
            default -> true;
        };
        if (!fits) {
            String shown = kind.equals("secrets") ? "the value" : "'" + value + "'";
            throw new ConnectorException(where + ": " + kind + "." + name + " must be " + ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type + ", but " + shown + " is not");
        }
    }

    /** The value of {@code config.NAME} or {@code secrets.NAME}, or null. */
    public String lookup(String variable) {
        if (variable.startsWith("config.")) {
            return config.get(variable.substring("config.".length()));
        }
        if (variable.startsWith("secrets.")) {
            return secrets.get(variable.substring("secrets.".length()));
        }
        return partition.apply(variable);
    }

    /**
     * Renders a template with these values.
     *
     * @param where what the template is, for the message: {@code stream 'contacts' request.path}
     */
    public String render(Template template, String where) {
        return render(template, where, java.util.function.UnaryOperator.identity());
    }

    /**
     * Renders a template with these values, each passed through {@code escape} first (a path
     * segment's percent-encoding): a value can then never change the shape of what it lands in.
     */
    public String render(Template template, String where, java.util.function.UnaryOperator<String> escape) {
        try {
            return template.render(variable -> {
                String value = lookup(variable);
                return value == null ? null : escape.apply(value);
            });
        } catch (IllegalStateException e) {
            String missing = template.variables().stream().filter(v -> lookup(v) == null).findFirst().orElse("?");
            String hint = unreadable.containsKey(missing) ? "; it is optional, and its reference could not be read: " + unreadable.get(missing)
                    : missing.startsWith("config.")
                    ? "; set " + missing + " on connection '" + connection + "' or give it a default in connector '" + connector + "'"
                    : missing.startsWith("secrets.")
                    ? "; set " + missing + " on connection '" + connection + "' (secrets have no defaults)"
                    : missing.startsWith("parent.") ? "; the parent record has no such field (or it is null)"
                    : "; only config.* and secrets.* variables exist here";
            throw new ConnectorException("connector '" + connector + "' " + where + ": template '" + template.text()
                    + "' has no value for '" + missing + "'" + hint, e);
        }
    }

    public String connection() {
        return connection;
    }

    /**
     * Why an optional value the connection gives was left out: its reference could not be read
     * (an environment variable not set, a file missing); null when it was not.
     */
    public String unreadable(String variable) {
        return unreadable.get(variable);
    }

    /** Resolved config values by name (not secret). */
    public Map<String, String> config() {
        return config;
    }

    /** Every secret value, for redaction. */
    public Collection<String> secretValues() {
        return secrets.values();
    }

    @Override
    public String toString() {
        return "ConnectionValues[connection=" + connection + ", config=" + config + ", secrets=" + secrets.keySet() + "]";
    }
}
