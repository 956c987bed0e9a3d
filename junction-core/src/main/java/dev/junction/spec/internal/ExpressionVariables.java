package dev.junction.spec.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the variables a JSONata expression reads but that nothing binds where it runs: a stream
 * body's {@code $page} when its pagination is by cursor evaluates to nothing on every page, so the
 * API silently gets the first page again. Reads the expression's text, not its syntax tree: string
 * literals and comments are skipped, and names the expression binds itself ({@code $x := ...},
 * {@code function($record, $i)}) and JSONata's functions ({@code $string}, also passed without a
 * call) are known. Used for warnings, not problems, since a text scan can be wrong.
 */
final class ExpressionVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ASSIGNED = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*:=");
    private static final Pattern PARAMETERS = Pattern.compile("(?:function|λ)\\s*\\(([^)]*)\\)");
    /** JSONata's built-in functions, which may be named without a call ({@code $map($records, $string)}). */
    private static final Set<String> FUNCTIONS = Set.of("sum", "count", "max", "min", "average", "string", "substring", "substringBefore",
            "substringAfter", "lowercase", "uppercase", "length", "trim", "pad", "match", "contains", "replace", "split", "join", "formatNumber",
            "formatBase", "formatInteger", "parseInteger", "number", "floor", "ceil", "round", "abs", "sqrt", "power", "random", "boolean", "not",
            "map", "zip", "filter", "single", "reduce", "sift", "keys", "lookup", "append", "exists", "spread", "merge", "reverse", "each", "error",
            "assert", "type", "sort", "shuffle", "distinct", "base64encode", "base64decode", "encodeUrlComponent", "encodeUrl",
            "decodeUrlComponent", "decodeUrl", "eval", "toMillis", "fromMillis", "clone", "now", "millis");

    private ExpressionVariables() {}

    /** The variables {@code expression} reads that are neither in {@code bound} nor bound by the expression itself, in order. */
    static List<String> unbound(String expression, Set<String> bound) {
        String code = withoutLiterals(expression);
        Set<String> own = new LinkedHashSet<>();
        Matcher assigned = ASSIGNED.matcher(code);
        while (assigned.find()) {
            own.add(assigned.group(1));
        }
        Matcher parameters = PARAMETERS.matcher(code);
        while (parameters.find()) {
            Matcher names = VARIABLE.matcher(parameters.group(1));
            while (names.find()) {
                own.add(names.group(1));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        Matcher variables = VARIABLE.matcher(code);
        while (variables.find()) {
            String name = variables.group(1);
            if (!bound.contains(name) && !own.contains(name) && !FUNCTIONS.contains(name)) {
                out.add(name);
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether {@code expression} reads variable {@code name} (outside string literals). */
    static boolean reads(String expression, String name) {
        Matcher variables = VARIABLE.matcher(withoutLiterals(expression));
        while (variables.find()) {
            if (variables.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The text with string literals ('...', "...") and comments blanked out. */
    static String withoutLiterals(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c) {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(' ');
                i = end + 1;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                out.append(' ');
                i = end < 0 ? text.length() : end + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
