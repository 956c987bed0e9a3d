package dev.junction.engine;

import dev.junction.connector.EnvSecretResolver;
import dev.junction.spec.ValueRef;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a process keeps its store: the embedded H2 database in a data directory (the default), or a
 * database at a JDBC URL ({@code jdbc:postgresql://…}, {@code jdbc:h2:…}). Chosen with {@code --store} or
 * {@value #ENV}; a PostgreSQL user and password come from {@value #USER_ENV} and {@value #PASSWORD_ENV}
 * (the password may be a secret reference, {@code ${env:NAME}} or {@code ${file:PATH}}, or be part of the URL).
 */
public record StoreLocation(String jdbcUrl, Path dataDir) {
    public static final String ENV = "JUNCTION_STORE_URL";
    public static final String USER_ENV = "JUNCTION_STORE_USER";
    public static final String PASSWORD_ENV = "JUNCTION_STORE_PASSWORD";

    public StoreLocation {
        if ((jdbcUrl == null) == (dataDir == null)) {
            throw new IllegalArgumentException("a store location is a JDBC URL or a data directory, exactly one");
        }
    }

    /** The embedded store in {@code dataDir}. */
    public static StoreLocation embedded(Path dataDir) {
        return new StoreLocation(null, Objects.requireNonNull(dataDir, "dataDir"));
    }

    /**
     * {@code value} (from {@code --store}; null: from {@value #ENV}; null again: the embedded store in
     * {@code dataDir}). A value that is not a {@code jdbc:} URL is a data directory path.
     *
     * @throws EngineException.Invalid for a JDBC URL of a database Junction cannot keep its store in
     */
    public static StoreLocation choose(String value, Function<String, String> env, Path dataDir) {
        String chosen = value != null && !value.isBlank() ? value.strip() : env.apply(ENV);
        if (chosen == null || chosen.isBlank()) {
            return embedded(dataDir);
        }
        chosen = chosen.strip();
        if (!chosen.startsWith("jdbc:")) {
            return embedded(Path.of(chosen));
        }
        if (!chosen.startsWith("jdbc:postgresql:") && !chosen.startsWith("jdbc:h2:")) {
            throw new EngineException.Invalid("store URL '" + redact(chosen) + "' is not supported: give jdbc:postgresql://HOST/DB,"
                    + " jdbc:h2:PATH, or a data directory for the embedded store");
        }
        return new StoreLocation(chosen, null);
    }

    public boolean embedded() {
        return dataDir != null;
    }

    /**
     * Opens the store (creating the data directory or migrating the schema as needed). An embedded
     * store is shared with the other processes that open the same directory (H2's auto-server mode).
     */
    public JdbcStore open(Function<String, String> env) {
        if (embedded()) {
            return JdbcStore.h2(dataDir);
        }
        String user = env.apply(USER_ENV);
        String password = env.apply(PASSWORD_ENV);
        if (password != null) {
            password = new EnvSecretResolver(env).resolve(reference(password.strip()));
        }
        return JdbcStore.open(jdbcUrl, user == null ? "" : user, password == null ? "" : password);
    }

    /** {@code ${env:NAME}} or {@code ${file:PATH}} as a reference; anything else is the value itself. */
    static ValueRef reference(String value) {
        return ValueRef.parse(value);
    }

    /** For messages: the data directory, or the URL without a password. */
    public String describe() {
        return embedded() ? dataDir.toAbsolutePath().normalize().toString() : redact(jdbcUrl);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
