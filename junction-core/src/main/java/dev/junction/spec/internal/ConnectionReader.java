package dev.junction.spec.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.DatabaseSpec;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.FieldSpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code kind: Connection} document, then checks it against its connector. Secret values
 * must be references; an inline secret is refused and never repeated in a message.
 */
public final class ConnectionReader {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):(.*)}");
    private static final Pattern STORED = Pattern.compile("\\$\\{stored:([A-Za-z_][A-Za-z0-9_-]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ConnectionReader() {}

    public static ConnectionSpec read(Fields root, SourceLocation location) {
        return read(root, location, false);
    }

    /**
     * @param managed whether Junction generated the text (a connection made through the API): only
     *     then may its secrets be {@code ${stored:FIELD}} references
     */
    public static ConnectionSpec read(Fields root, SourceLocation location, boolean managed) {
        root.allow(Schema.CONNECTION);
        String name = root.name("name");
        DatabaseSpec database = null;
        String connector = null;
        if (root.has("database")) {
            if (root.has("connector")) {
                root.problem("database", "expected either connector (a connection to an API) or database (a connection to a database that SQL"
                        + " sources read), found both");
            }
            for (String key : Schema.CONNECTOR_CONNECTION_KEYS) {
                if (root.has(key)) {
                    root.problem(key, "a database connection takes no " + key + "; its settings go under database: { url, user, password, schema,"
                            + " properties }");
                }
            }
            Fields section = root.fields("database", true);
            database = section == null ? null : DatabaseReader.connection(section, name == null ? "database" : name);
        } else if (!root.has("connector")) {
            root.missing("connector", " (or database, for a connection to a database that SQL sources read)");
        } else {
            connector = root.string("connector", true);
        }
        String tenant = root.string("tenant", false, Schema.DEFAULT_TENANT);
        if (tenant != null && tenant.isBlank()) {
            root.problem("tenant", "expected a non-empty string, found " + root.node("tenant").describe());
        }
        String environment = root.oneOf("environment", Schema.ENVIRONMENTS, Schema.DEFAULT_ENVIRONMENT);
        Map<String, ValueRef> config = values(root, "config", false, connector != null ? connector : name);
        Map<String, ValueRef> secrets = values(root, "secrets", true, connector != null ? connector : name);
        secrets = stored(secrets, root, managed, tenant == null ? Schema.DEFAULT_TENANT : tenant, name);
        boolean primary = Boolean.TRUE.equals(root.bool("primary", false));
        // the connector's own readers, so a connection's block is checked (and located) like the connector's
        return new ConnectionSpec(name, connector, tenant, environment, config, secrets, location, overrides(root), database, null, primary,
                ConnectorReader.rateLimit(root), root.has("retry") ? ConnectorReader.retry(root) : null, ConnectorReader.timeouts(root),
                ExchangeLogReader.read(root), proxy(root));
    }

    /**
     * At most one connection per tenant and connector is {@code primary: true}: the one that tenant's
     * per-tenant syncs use when it has several. {@code primaries} holds the first one seen of each.
     */
    public static void crossCheckPrimary(Fields root, ConnectionSpec spec, Map<String, ConnectionSpec> primaries) {
        if (!spec.primary() || spec.connector() == null) {
            return;
        }
        String tenant = spec.tenant() == null ? Schema.DEFAULT_TENANT : spec.tenant();
        ConnectionSpec first = primaries.putIfAbsent(spec.connector() + "\u0000" + tenant, spec);
        if (first != null && !first.name().equals(spec.name())) {
            root.problem("primary", "connection '" + first.name() + "' is already tenant '" + tenant + "''s primary connection of connector '"
                    + spec.connector() + "'; a tenant has at most one: set primary: false on one of them");
        }
    }

    /**
     * Secrets written {@code ${stored:FIELD}} become {@link ValueRef.Stored} of this tenant and
     * connection; in a hand-written text they are a problem (the values live in the store, put there
     * by the connections API, which writes the definition itself).
     */
    private static Map<String, ValueRef> stored(Map<String, ValueRef> secrets, Fields root, boolean managed, String tenant, String name) {
        Map<String, ValueRef> out = new LinkedHashMap<>();
        secrets.forEach((key, value) -> {
            if (value instanceof ValueRef.Stored s) {
                if (!managed) {
                    root.problems().add(root.node("secrets").location(), "secrets." + key, "'${stored:" + s.field() + "}' is written only by"
                            + " Junction, for a connection made through the connections API or the connect page; in a file write " + Schema.REFERENCE_FORMS
                            + ", or create the connection with POST /api/v1/connections (or junction connections create) to keep its secrets in the store");
                    return;
                }
                out.put(key, new ValueRef.Stored(tenant, name, s.field()));
            } else {
                out.put(key, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** {@code mappingOverrides: { SYNC: { target: value, ... } }}, each line read like a sync's mapping line. */
    private static Map<String, List<FieldMapping>> overrides(Fields root) {
        Map<String, List<FieldMapping>> out = new LinkedHashMap<>();
        Fields section = root.has("mappingOverrides") ? root.fields("mappingOverrides", false) : null;
        if (section == null) {
            return Collections.unmodifiableMap(out);
        }
        for (YamlNode.Entry entry : section.mapping().entries()) {
            Fields lines = Fields.of(entry.value(), section.child(entry.key()), entry.keyLocation(), section.problems());
            if (lines == null) {
                continue;
            }
            if (lines.mapping().isEmpty()) {
                section.problems().add(entry.value().location(), section.child(entry.key()), "expected at least one mapping line, found none");
                continue;
            }
            out.put(entry.key(), MappingReader.overrideLines(lines, MappingContext.defaults()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every sync named under {@code mappingOverrides} exists and reads from or writes to this connection. */
    public static void crossCheckOverrides(Fields root, ConnectionSpec spec, Map<String, SyncSpec> syncs) {
        if (spec.mappingOverrides().isEmpty() || !root.has("mappingOverrides")) {
            return;
        }
        Fields section = Fields.of(root.node("mappingOverrides"), root.child("mappingOverrides"), root.keyLocation("mappingOverrides"), new Problems());
        if (section == null) {
            return;
        }
        for (YamlNode.Entry entry : section.mapping().entries()) {
            SyncSpec sync = syncs.get(entry.key());
            String path = section.child(entry.key());
            if (sync == null) {
                root.problems().add(entry.keyLocation(), path, "unknown sync '" + entry.key() + "'" + known("syncs", syncs.keySet(), entry.key()));
            } else if (!uses(sync, spec)) {
                root.problems().add(entry.keyLocation(), path, "sync '" + entry.key() + "' does not use connection '" + spec.name()
                        + "' (it reads from '" + (sync.source() == null ? "?" : side(sync.source().connection(), sync.source().connector()))
                        + "' and writes to '" + (sync.destination() == null ? "?" : side(sync.destination().connection(), sync.destination().connector()))
                        + "'); an override applies only to a sync's own connections"
                        + (sync.perTenant() ? " (for a per-tenant sync: the connections of its connectors)" : ""));
            } else {
                checkRemovals(spec.mappingOverrides().getOrDefault(entry.key(), List.of()), sync, path, root.problems());
            }
        }
    }

    /** A removed line must be one of the sync's default lines. */
    private static void checkRemovals(List<FieldMapping> lines, SyncSpec sync, String path, Problems problems) {
        List<String> defaults = sync.mapping() == null ? List.of() : sync.mapping().stream().map(FieldMapping::target).toList();
        for (FieldMapping line : lines) {
            if (line.value() instanceof FieldMapping.Remove && !defaults.contains(line.target())) {
                problems.add(line.location(), path + "." + line.target(), "cannot remove '" + line.target() + "': sync '" + sync.name()
                        + "' has no default line with that target" + DidYouMean.hint(line.target(), defaults)
                        + " (targets: " + String.join(", ", defaults) + ")");
            }
        }
    }

    /** Whether the sync reads from or writes to the connection, or (per tenant) to a connection of its connector. */
    private static boolean uses(SyncSpec sync, ConnectionSpec connection) {
        return sync.source() != null && (connection.name().equals(sync.source().connection())
                        || connection.connector() != null && connection.connector().equals(sync.source().connector()))
                || sync.destination() != null && (connection.name().equals(sync.destination().connection())
                        || connection.connector() != null && connection.connector().equals(sync.destination().connector()));
    }

    private static String side(String connection, String connector) {
        return connection != null ? connection : connector == null ? "?" : "connector " + connector;
    }

    /**
     * {@code proxy:}: the outbound HTTP proxy of this connection's requests instead of the process's
     * ({@code http://HOST:PORT}), {@code none} for direct, or a reference ({@code ${env:NAME}}) to a URL
     * that carries credentials; null when absent. A literal URL is checked here, with its place.
     */
    private static ValueRef proxy(Fields root) {
        YamlNode node = root.node("proxy");
        if (node == null) {
            return null;
        }
        YamlNode.Entry entry = root.mapping().entries().stream().filter(e -> e.key().equals("proxy")).findFirst().orElseThrow();
        ValueRef value = config(entry, "proxy", root.problems());
        if (value instanceof ValueRef.Literal literal) {
            if (literal.value().contains("@")) {
                root.problem("proxy", "a proxy URL with credentials is a secret: write a reference such as \"${env:CRM_PROXY_URL}\" (not repeated here)");
                return null;
            }
            try {
                dev.junction.http.EgressProxy.of(literal.value(), List.of());
            } catch (IllegalArgumentException e) {
                root.problem("proxy", e.getMessage() + ", or none");
                return null;
            }
        }
        return value;
    }

    private static Map<String, ValueRef> values(Fields root, String key, boolean secret, String prefix) {
        Map<String, ValueRef> out = new LinkedHashMap<>();
        YamlNode node = root.node(key);
        if (secret && node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            root.problem(key, "expected a mapping of secret names to references, such as { token: \"${env:TOKEN}\" }, found a single value"
                    + " (not repeated here: it may be a secret)");
            return Collections.unmodifiableMap(out);
        }
        Fields section = node != null ? root.fields(key, false) : null;
        if (section != null) {
            for (YamlNode.Entry entry : section.mapping().entries()) {
                String path = section.child(entry.key());
                ValueRef value = secret ? secret(entry, path, prefix, root.problems()) : config(entry, path, root.problems());
                if (value != null) {
                    out.put(entry.key(), value);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    static ValueRef config(YamlNode.Entry entry, String path, Problems problems) {
        YamlNode node = entry.value();
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            problems.add(node.location(), path, "expected a value or a reference such as " + Schema.REFERENCE_FORMS + ", found " + node.describe());
            return null;
        }
        String text = scalar.text();
        if (!text.contains("${")) {
            return new ValueRef.Literal(text);
        }
        return reference(text, node, path, problems);
    }

    static ValueRef secret(YamlNode.Entry entry, String path, String prefix, Problems problems) {
        YamlNode node = entry.value();
        String example = "\"${env:" + envName(prefix) + "_" + envName(entry.key()) + "}\" or \"${file:/path/to/" + entry.key() + "}\"";
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.text().isBlank()) {
            String found = node instanceof YamlNode.Scalar s && !s.isNull() ? "an empty value" : node.describe();
            problems.add(node.location(), path, "expected a reference such as " + example + ", found " + found);
            return null;
        }
        String text = scalar.text().strip();
        if (text.startsWith("${") && text.endsWith("}")) {
            return reference(text, node, path, problems); // a reference attempt: safe to quote
        }
        problems.add(node.location(), path, "an inline secret value is not allowed; write a reference such as " + example
                + " (or make the connection through the API, which keeps the value encrypted in the store)");
        return null;
    }

    private static ValueRef reference(String text, YamlNode node, String path, Problems problems) {
        Matcher stored = STORED.matcher(text.strip());
        if (stored.matches() && path.startsWith("secrets.")) {
            return new ValueRef.Stored(null, null, stored.group(1)); // tenant and connection filled in by read
        }
        Matcher m = REFERENCE.matcher(text.strip());
        if (m.matches()) {
            String target = m.group(2).strip();
            if (m.group(1).equals("env") && ENV_NAME.matcher(target).matches()) {
                return new ValueRef.Env(target);
            }
            if (m.group(1).equals("file") && !target.isEmpty()) {
                return new ValueRef.File(target);
            }
        }
        problems.add(node.location(), path, "'" + text + "' is not a valid reference; the whole value must be " + Schema.REFERENCE_FORMS
                + " (NAME: letters, digits and '_')");
        return null;
    }

    /** {@code acme-crm} gives {@code ACME_CRM}; {@code apiKey} gives {@code API_KEY}. */
    static String envName(String name) {
        if (name == null) {
            return "NAME";
        }
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_");
        return snake.toUpperCase(Locale.ROOT);
    }

    /**
     * Checks {@code spec} against its connector: the connector exists, every given key is declared,
     * every required field without a default is given, and literals match the declared type.
     */
    public static void crossCheck(Fields root, ConnectionSpec spec, Map<String, ConnectorSpec> connectors) {
        if (spec.connector() == null) {
            return;
        }
        ConnectorSpec connector = connectors.get(spec.connector());
        if (connector == null) {
            root.problem("connector", "unknown connector '" + spec.connector() + "'" + known("connectors", connectors.keySet(), spec.connector()));
            return;
        }
        checkSection(root, "config", connector.config(), connector.name());
        checkSection(root, "secrets", connector.secrets(), connector.name());
    }

    private static void checkSection(Fields root, String key, Map<String, FieldSpec> declared, String connector) {
        if (declared == null) {
            return;
        }
        Fields section = root.has(key) ? Fields.of(root.node(key), root.child(key), root.keyLocation(key), new Problems()) : null;
        if (root.has(key) && section == null) {
            return; // not a mapping: already reported
        }
        if (section != null) {
            for (YamlNode.Entry entry : section.mapping().entries()) {
                FieldSpec field = declared.get(entry.key());
                if (field == null) {
                    String list = declared.isEmpty() ? " (connector '" + connector + "' declares no " + key + ")"
                            : " (connector '" + connector + "' declares: " + String.join(", ", declared.keySet()) + ")";
                    root.problems().add(entry.keyLocation(), section.child(entry.key()),
                            "unknown key" + DidYouMean.hint(entry.key(), declared.keySet()) + list);
                } else if (key.equals("config") && field.type() != null && entry.value() instanceof YamlNode.Scalar s
                        && !s.isNull() && !s.text().contains("${")) {
                    String error = Fields.typeError(field.type(), s);
                    if (error != null) {
                        root.problems().add(s.location(), section.child(entry.key()), error);
                    }
                }
            }
        }
        for (FieldSpec field : declared.values()) {
            boolean given = section != null && section.has(field.name());
            if (field.required() && field.defaultValue() == null && !given) {
                root.problems().add(root.keyLocation(key), key, "missing required key '" + field.name() + "' (declared by connector '" + connector + "')");
            }
        }
    }

    /** {@code "; did you mean 'x'? (loaded connectors: a, b)"}, or a note that none are loaded. */
    static String known(String what, Collection<String> names, String input) {
        if (names.isEmpty()) {
            return " (no " + what + " are loaded)";
        }
        return DidYouMean.hint(input, names) + " (loaded " + what + ": " + String.join(", ", names) + ")";
    }
}
