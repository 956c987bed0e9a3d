package dev.junction.server.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Javalin path templates ({@code /runs/{id}}) to their parameter names and to concrete paths. */
final class RoutePaths {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");

    private RoutePaths() {}

    static List<String> params(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    /** The template with each parameter replaced by its value (URL-encoded), or by {@code fallback}. */
    static String fill(String template, Map<String, String> values, String fallback) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.getOrDefault(name, fallback);
            m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
