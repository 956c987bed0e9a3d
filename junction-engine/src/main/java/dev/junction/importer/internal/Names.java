package dev.junction.importer.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns titles, paths and operation ids into names the connector YAML accepts, and keeps them unique:
 * a connector name is {@code [a-z0-9][a-z0-9-]*} (at most 100 characters); stream, action and field
 * names are {@code [A-Za-z_][A-Za-z0-9_-]*}.
 */
public final class Names {
    private final Set<String> taken = new HashSet<>();

    /** A connector name from a title: lower case, runs of other characters become one {@code -}. */
    public static String connector(String title) {
        String name = (title == null ? "" : title).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > 100) {
            name = name.substring(0, 100).replaceAll("-+$", "");
        }
        return name.isEmpty() ? "imported-api" : name;
    }

    /** A stream, action or field name: other characters become {@code _}; a leading digit gets a {@code _}. */
    public static String field(String text) {
        String name = (text == null ? "" : text).replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^_+(?=[A-Za-z])", "").replaceAll("_+$", "");
        if (name.isEmpty()) {
            return "_";
        }
        return Character.isLetter(name.charAt(0)) || name.charAt(0) == '_' ? name : "_" + name;
    }

    /** A camelCase name from words: {@code Add subscriber} becomes {@code addSubscriber}; null for no words. */
    public static String camel(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String word : text.split("[^A-Za-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            out.append(out.isEmpty() ? word.substring(0, 1).toLowerCase(Locale.ROOT) : word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return out.isEmpty() ? null : field(out.toString());
    }

    /** {@code name} when it is free, else {@code name_2}, {@code name_3}, ...; the result is taken. */
    public String unique(String name) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    /** Whether a name is taken already (case ignored). */
    public boolean taken(String name) {
        return taken.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A normalised parameter or property name for matching: lower case without {@code _}, {@code -} or {@code .}. */
    static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[_.\\-\\[\\]]", "");
    }
}
