package dev.junction.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A text with {@code {{ name.path }}} placeholders, such as {@code "{{ config.baseUrl }}/v1"} or
 * {@code "Bearer {{ secrets.token }}"}. Spaces inside the braces are optional. A variable name is
 * one or more segments joined by dots; a segment starts with a letter or {@code _} and goes on with
 * letters, digits, {@code _} or {@code -}. Text outside the braces is kept as written; a lone
 * {@code }}} is plain text. There is no escape for a literal {@code {{} yet, and no filters or
 * expressions: this is deliberately the smallest useful template language.
 *
 * <p>Parse once (at spec load time), render many times. Immutable and thread-safe.
 */
public final class Template {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");

    private final String text;
    private final List<Object> parts; // String literal or Variable
    private final Set<String> variables;

    private record Variable(String name) {}

    private Template(String text, List<Object> parts, Set<String> variables) {
        this.text = text;
        this.parts = parts;
        this.variables = variables;
    }

    /**
     * @throws IllegalArgumentException when a {@code {{} is never closed or the braces do not hold
     *     a variable name; the message quotes the template and gives the 1-based position
     */
    public static Template parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Object> parts = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("template '" + text + "': '{{' at position " + (open + 1) + " is never closed with '}}'");
            }
            String name = text.substring(open + 2, close).strip();
            if (!NAME.matcher(name).matches()) {
                String written = text.substring(open, close + 2);
                throw new IllegalArgumentException("template '" + text + "': '" + written + "' at position " + (open + 1)
                        + " is not a variable name; write a dotted name such as {{ config.baseUrl }}");
            }
            parts.add(new Variable(name));
            variables.add(name);
            i = close + 2;
        }
        return new Template(text, List.copyOf(parts), Collections.unmodifiableSet(variables));
    }

    /** The variable names in order of first use, such as {@code config.baseUrl}. */
    public Set<String> variables() {
        return variables;
    }

    /** Whether the template has no variables, so {@link #render} always returns the text as written. */
    public boolean isConstant() {
        return variables.isEmpty();
    }

    /**
     * Replaces each variable by {@code lookup.apply(name)}.
     *
     * @throws IllegalStateException when {@code lookup} returns null; the message names the variable
     *     (never a value)
     */
    public String render(Function<String, String> lookup) {
        if (isConstant()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (Object part : parts) {
            if (part instanceof Variable variable) {
                String value = lookup.apply(variable.name());
                if (value == null) {
                    throw new IllegalStateException("template '" + text + "': no value for variable '" + variable.name() + "'");
                }
                out.append(value);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /**
     * Walks the template in order: {@code literal} gets each piece of plain text, {@code variable}
     * each variable's name. For rendering into something other than a string, such as the bytes a
     * webhook signature is computed over, where a raw body must stay byte for byte.
     */
    public void forEachPart(java.util.function.Consumer<String> literal, java.util.function.Consumer<String> variable) {
        for (Object part : parts) {
            if (part instanceof Variable v) {
                variable.accept(v.name());
            } else {
                literal.accept((String) part);
            }
        }
    }

    /** The template as written. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
