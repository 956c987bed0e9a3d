package dev.junction.spec.internal;

import dev.junction.spec.DatabaseSpec;
import dev.junction.spec.ValueRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads where a SQL source connects: a database connection's {@code database: { url, user,
 * password, schema, properties }}, or the inline {@code url}, {@code user} and {@code password} of
 * a sync's {@code source.sql}. {@code password} must be a reference, like every secret.
 */
final class DatabaseReader {
    /** A password written into a JDBC URL: {@code password=...} or {@code //user:password@host}. */
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)password=|//[^/:@]*:[^/@]+@");

    private DatabaseReader() {}

    /** A database connection's {@code database:} section; null after a problem. */
    static DatabaseSpec connection(Fields database, String connectionName) {
        database.allow(Schema.DATABASE);
        DatabaseSpec connect = inline(database, connectionName);
        // a value or a reference, like url and user: "${env:X}" was once taken as the schema's name as written
        ValueRef schema = value(database, "schema", false, false, connectionName);
        if (schema instanceof ValueRef.Literal literal && literal.value().isBlank()) {
            database.problem("schema", "expected a schema name, found an empty value");
        }
        Map<String, ValueRef> properties = new LinkedHashMap<>();
        Fields section = database.has("properties") ? database.fields("properties", false) : null;
        if (section != null) {
            for (YamlNode.Entry entry : section.mapping().entries()) {
                ValueRef value = ConnectionReader.config(entry, section.child(entry.key()), database.problems());
                if (value != null) {
                    properties.put(entry.key(), value);
                }
            }
        }
        return connect == null ? null : new DatabaseSpec(connect.url(), connect.user(), connect.password(), schema, properties);
    }

    /**
     * {@code url} (required), {@code user} and {@code password} of {@code fields}; null when the url
     * is missing or wrong. {@code owner} starts the environment variable a refused password suggests.
     */
    static DatabaseSpec inline(Fields fields, String owner) {
        ValueRef url = value(fields, "url", true, false, owner);
        if (url instanceof ValueRef.Literal literal && PASSWORD_IN_URL.matcher(literal.value()).find()) {
            fields.problem("url", "the URL holds a password, which would be stored as written; move it to password: \"${env:"
                    + ConnectionReader.envName(owner) + "_PASSWORD}\", or make the whole url a reference such as \"${env:"
                    + ConnectionReader.envName(owner) + "_URL}\" (the URL is not repeated here)");
            url = null;
        }
        ValueRef user = value(fields, "user", false, false, owner);
        ValueRef password = value(fields, "password", false, true, owner);
        return url == null ? null : new DatabaseSpec(url, user, password);
    }

    private static ValueRef value(Fields fields, String key, boolean required, boolean secret, String owner) {
        if (!fields.has(key)) {
            if (required) {
                fields.missing(key);
            }
            return null;
        }
        YamlNode.Entry entry = fields.mapping().entry(key);
        return secret ? ConnectionReader.secret(entry, fields.child(key), owner, fields.problems())
                : ConnectionReader.config(entry, fields.child(key), fields.problems());
    }
}
