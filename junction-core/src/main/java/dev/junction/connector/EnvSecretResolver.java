package dev.junction.connector;

import dev.junction.spec.ValueRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves literals, {@code ${env:NAME}} through the given environment lookup (tests and the demo
 * pass a map's {@code get}; production passes {@code System::getenv}) and {@code ${file:PATH}} by
 * reading the file as UTF-8 with one trailing newline removed, both within the operator's
 * {@link SecretScope}: allowed variable names and directories, regular files of a bounded size only,
 * never the master key unless allowed by name.
 */
public final class EnvSecretResolver implements SecretResolver {
    private final Function<String, String> env;
    private final SecretScope scope;

    public EnvSecretResolver(Function<String, String> env, SecretScope scope) {
        this.env = Objects.requireNonNull(env, "env");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** With {@link SecretScope#DEFAULT}. */
    public EnvSecretResolver(Function<String, String> env) {
        this(env, SecretScope.DEFAULT);
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
                String refusal = scope.refusalOfEnv(variable.variable());
                if (refusal != null) {
                    throw new SecretRefusedException(refusal);
                }
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

    private String read(String path) {
        Path real;
        try {
            real = Path.of(path).toRealPath();
        } catch (NoSuchFileException e) {
            throw new ConnectorException("file " + path + " does not exist");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ConnectorException("file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String refusal = scope.refusalOfFile(path, real);
        if (refusal != null) {
            throw new SecretRefusedException(refusal);
        }
        if (!Files.isRegularFile(real)) {
            throw new SecretRefusedException("file " + path + " is not a regular file (a directory, device or pipe); ${file:} reads regular files only");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, scope.maxFileBytes() + 1));
        } catch (IOException e) {
            throw new ConnectorException("file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > scope.maxFileBytes()) {
            throw new SecretRefusedException("file " + path + " is larger than the " + scope.maxFileBytes() + " bytes a ${file:} value may have"
                    + " (secrets.maxFileSize in the server config)");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
