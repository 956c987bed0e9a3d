package dev.junction.connector;

import dev.junction.spec.ValueRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves literals, {@code ${env:NAME}} through the given environment lookup (tests and the demo
 * pass a map's {@code get}; production passes {@code System::getenv}) and {@code ${file:PATH}} by
 * reading the file as UTF-8 with one trailing newline removed.
 */
public final class EnvSecretResolver implements SecretResolver {
    private final Function<String, String> env;

    public EnvSecretResolver(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Reads the real process environment. */
    public static EnvSecretResolver system() {
        return new EnvSecretResolver(System::getenv);
    }

    @Override
    public String resolve(ValueRef ref) {
        return switch (ref) {
            case ValueRef.Literal literal -> literal.value();
            case ValueRef.Env variable -> {
                String value = env.apply(variable.variable());
                if (value == null) {
                    throw new ConnectorException("environment variable " + variable.variable() + " is not set");
                }
                yield value;
            }
            case ValueRef.File file -> read(file.path());
            case ValueRef.Stored stored -> throw new ConnectorException("the value of " + stored + " is kept in the store, which this resolver"
                    + " does not read; use the engine's resolver (Connections.secrets())");
        };
    }

    private static String read(String path) {
        try {
            String text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (NoSuchFileException e) {
            throw new ConnectorException("file " + path + " does not exist");
        } catch (IOException e) {
            throw new ConnectorException("file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
