package dev.junction.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helpers for the immutable, case-insensitive header multimaps of {@link HttpRequest} and {@link HttpResponse}. */
final class HttpHeaders {
    private HttpHeaders() {}

    static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name == null || values == null || values.isEmpty()) {
                    return;
                }
                copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
            });
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }

    static Map<String, List<String>> with(Map<String, List<String>> headers, String name, String value, boolean replace) {
        checkName(name);
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "': value must not be null");
        }
        checkValue(name, value);
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((n, v) -> copy.put(n, new ArrayList<>(v)));
        List<String> values = replace ? new ArrayList<>() : copy.getOrDefault(name, new ArrayList<>());
        values.add(value);
        copy.remove(name);
        copy.put(name, values);
        return copyOf(copy);
    }

    static Map<String, List<String>> without(Map<String, List<String>> headers, String name) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.remove(name);
        return Collections.unmodifiableMap(copy);
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Refuses a value with a line break or another control character, which would end the header
     * early and let the rest pass as headers of its own. The value is never shown: it is often a
     * secret.
     */
    static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || (c < 0x20 && c != '\t') || c == 0x7F) {
                throw new IllegalArgumentException("header '" + name + "': the value contains " + (c == '\r' || c == '\n' ? "a line break (CR or LF)"
                        : "a control character") + " at position " + (i + 1) + " of " + value.length() + ", which a header cannot carry;"
                        + " the value is not shown: check the secret or config value it is made from (a trailing newline in a file or variable?)");
            }
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
    }
}
