package dev.junction.connector;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the operator's definitions may read through {@code ${env:}} and {@code ${file:}} (a
 * tenant's never read either: see {@link ConnectionValues}).
 *
 * <ul>
 *   <li>{@code allowEnv}: environment variable names, {@code *} matching any run of characters
 *       ({@code ACME_*}); empty means every variable. The master key variables
 *       ({@code JUNCTION_MASTER_KEY}, {@code JUNCTION_NEW_MASTER_KEY}) are refused unless a pattern
 *       names them exactly, without a wildcard.</li>
 *   <li>{@code allowFiles}: directories (or files) a {@code ${file:}} path must lie in, after
 *       symbolic links are followed; empty means anywhere. Only regular files are read.</li>
 *   <li>{@code maxFileBytes}: the largest file read (a key, a certificate); larger ones fail.</li>
 * </ul>
 */
public record SecretScope(List<String> allowEnv, List<String> allowFiles, long maxFileBytes) {
    /** 1 MiB: room for any key or certificate chain. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
    /** Every variable but the master keys, any regular file of up to 1 MiB. */
    public static final SecretScope DEFAULT = new SecretScope(List.of(), List.of(), DEFAULT_MAX_FILE_BYTES);
    /** The server's own secrets: never resolved for a definition unless allowed by exact name. */
    public static final List<String> MASTER_KEY_VARIABLES = List.of("JUNCTION_MASTER_KEY", "JUNCTION_NEW_MASTER_KEY");

    public SecretScope {
        allowEnv = List.copyOf(Objects.requireNonNull(allowEnv, "allowEnv"));
        allowFiles = List.copyOf(Objects.requireNonNull(allowFiles, "allowFiles"));
        for (int i = 0; i < allowEnv.size(); i++) {
            if (!allowEnv.get(i).matches("[A-Za-z0-9_*]+")) {
                throw new IllegalArgumentException("secrets.allowEnv[" + i + "]: expected a variable name or pattern like ACME_* (letters, digits,"
                        + " _ and *), found '" + allowEnv.get(i) + "'");
            }
        }
        for (int i = 0; i < allowFiles.size(); i++) {
            if (allowFiles.get(i).isBlank() || !Path.of(allowFiles.get(i)).isAbsolute()) {
                throw new IllegalArgumentException("secrets.allowFiles[" + i + "]: expected an absolute directory like /run/secrets, found '"
                        + allowFiles.get(i) + "'");
            }
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("secrets.maxFileSize: expected 1 byte or more, was " + maxFileBytes);
        }
    }

    public SecretScope withAllowEnv(List<String> value) {
        return new SecretScope(value, allowFiles, maxFileBytes);
    }

    public SecretScope withAllowFiles(List<String> value) {
        return new SecretScope(allowEnv, value, maxFileBytes);
    }

    public SecretScope withMaxFileBytes(long value) {
        return new SecretScope(allowEnv, allowFiles, value);
    }

    /** @return why {@code ${env:NAME}} may not be read, or null when it may */
    public String refusalOfEnv(String name) {
        boolean masterKey = MASTER_KEY_VARIABLES.contains(name.toUpperCase(Locale.ROOT));
        if (masterKey && !allowEnv.contains(name)) {
            return "environment variable " + name + " holds the server's master key, which definitions may not read"
                    + " (only an exact secrets.allowEnv entry allows it)";
        }
        if (!allowEnv.isEmpty() && allowEnv.stream().noneMatch(pattern -> matches(pattern, name))) {
            return "environment variable " + name + " is not in the server's secrets.allowEnv (" + String.join(", ", allowEnv) + ")";
        }
        return null;
    }

    /** @return why the file at {@code realPath} (links followed) may not be read, or null when it may */
    public String refusalOfFile(String given, Path realPath) {
        if (allowFiles.isEmpty() || allowFiles.stream().anyMatch(dir -> realPath.startsWith(Path.of(dir).normalize()))) {
            return null;
        }
        return "file " + given + (realPath.toString().equals(given) ? "" : " (" + realPath + ")") + " is not under the server's secrets.allowFiles ("
                + String.join(", ", allowFiles) + ")";
    }

    private static boolean matches(String pattern, String name) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(name).matches();
    }
}
