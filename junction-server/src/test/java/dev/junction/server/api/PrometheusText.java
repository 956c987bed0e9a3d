package dev.junction.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An independent, strict reader of the Prometheus text exposition format 0.0.4 (and the subset of
 * OpenMetrics 1.0 the scrape writes), written from the format's rules rather than with the library
 * that writes it: {@code # HELP name text} and {@code # TYPE name type} at most once per family and
 * before its samples, samples {@code name{label="value",...} value [timestamp]} with escaped label
 * values ({@code \\}, {@code \"}, {@code \n}), valid metric and label names, no series twice.
 * Throws {@link IllegalArgumentException} naming the line on the first violation.
 */
final class PrometheusText {
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram");

    record Sample(String name, Map<String, String> labels, double value) {}

    record Family(String name, String type, String help, List<Sample> samples) {}

    final Map<String, Family> families = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text, boolean openMetrics) {
        PrometheusText parsed = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, String> series = new LinkedHashMap<>();
        boolean eof = false;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "'";
            if (eof) {
                throw new IllegalArgumentException(where + ": after # EOF");
            }
            if (line.equals("# EOF") && openMetrics) {
                eof = true;
            } else if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                String name = parts[0];
                if (!METRIC_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(where + ": bad metric name");
                }
                Family family = parsed.families.get(name);
                if (family != null && !family.samples().isEmpty()) {
                    throw new IllegalArgumentException(where + ": HELP/TYPE after the family's samples");
                }
                Family f = family == null ? new Family(name, null, null, new ArrayList<>()) : family;
                if (line.startsWith("# TYPE ")) {
                    if (f.type() != null || parts.length < 2 || !TYPES.contains(parts[1])) {
                        throw new IllegalArgumentException(where + ": TYPE twice or unknown type");
                    }
                    f = new Family(name, parts[1], f.help(), f.samples());
                } else {
                    if (f.help() != null) {
                        throw new IllegalArgumentException(where + ": HELP twice");
                    }
                    f = new Family(name, f.type(), parts.length < 2 ? "" : parts[1], f.samples());
                }
                parsed.families.put(name, f);
            } else if (line.startsWith("#")) {
                if (openMetrics) {
                    throw new IllegalArgumentException(where + ": OpenMetrics allows no other comments");
                }
            } else if (line.isEmpty()) {
                if (openMetrics) {
                    throw new IllegalArgumentException(where + ": OpenMetrics allows no empty lines");
                }
            } else {
                Sample sample = sample(line, where);
                String key = sample.name() + sample.labels();
                if (series.put(key, where) != null) {
                    throw new IllegalArgumentException(where + ": series written twice");
                }
                Family family = parsed.familyOf(sample.name()).orElseThrow(() -> new IllegalArgumentException(where + ": sample without a TYPE line"));
                family.samples().add(sample);
                parsed.samples.add(sample);
            }
        }
        if (openMetrics && !eof) {
            throw new IllegalArgumentException("OpenMetrics must end with # EOF");
        }
        return parsed;
    }

    /** The family a sample name belongs to: itself, or itself without a suffix its type allows. */
    Optional<Family> familyOf(String sampleName) {
        if (families.containsKey(sampleName) && families.get(sampleName).type() != null) {
            return Optional.of(families.get(sampleName));
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum", "_info", "_gcount", "_gsum")) {
            if (sampleName.endsWith(suffix)) {
                Family f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (f != null && f.type() != null) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": bad metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException(where + ": bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException(where + ": label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        switch (next) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException(where + ": bad escape \\" + next);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException(where + ": label '" + label + "' twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException(where + ": expected , or } after a label");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException(where + ": expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException(where + ": more than a value and a timestamp");
        }
        return new Sample(name, labels, value(rest[0], where));
    }

    private static double value(String text, String where) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": value '" + text + "' is not a number");
                }
            }
        };
    }

    /** The sum of the values of the samples named {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }
}
