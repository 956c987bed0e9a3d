package dev.junction.spec.internal;

import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the partitioning of a stream: {@code parent:} (a sub-stream, read once per parent record)
 * and {@code slice:} (date-range partitions), and checks that the request uses their variables.
 */
final class PartitionReader {
    private PartitionReader() {}

    /**
     * {@code parent: { stream, key, as, parallel }}; null when absent or not a mapping (reported).
     * {@code streams} is the connector's {@code streams:} mapping, to check the parent exists and is
     * a plain stream or a sub-stream of a plain stream (two levels of nesting at most).
     */
    static StreamSpec.ParentSpec parent(String self, Fields s, YamlNode.Mapping streams) {
        Fields p = s.has("parent") ? s.fields("parent", false) : null;
        if (p == null) {
            return null;
        }
        p.allow(Schema.PARENT);
        String stream = p.string("stream", true);
        if (stream != null) {
            YamlNode parent = streams == null ? null : streams.get(stream);
            if (stream.equals(self)) {
                p.problem("stream", "a stream cannot be its own parent");
            } else if (parent == null) {
                p.problem("stream", "no stream '" + stream + "' in this connector" + DidYouMean.hint(stream, streams == null ? Set.of() : streams.keys())
                        + " (streams: " + (streams == null ? "" : String.join(", ", streams.keys())) + ")");
            } else if (parent instanceof YamlNode.Mapping m && m.get("parent") != null) {
                String grand = m.get("parent") instanceof YamlNode.Mapping gp && gp.get("stream") instanceof YamlNode.Scalar g ? g.text() : null;
                if (grand != null && (grand.equals(self) || streams.get(grand) instanceof YamlNode.Mapping gm && gm.get("parent") != null)) {
                    p.problem("stream", "stream '" + stream + "' is a sub-stream of a sub-stream; sub-streams nest two levels at most "
                            + "(a parent may be a sub-stream of a plain stream)");
                }
            } else if (parent instanceof YamlNode.Mapping m && m.get("slice") != null) {
                p.problem("stream", "stream '" + stream + "' is sliced; a parent must be a plain stream or a sub-stream");
            }
        }
        String key = p.jsonPath("key", true);
        String as = p.string("as", false, StreamSpec.ParentSpec.DEFAULT_AS);
        if (as != null && !Fields.IDENTIFIER.matcher(as).matches()) {
            p.problem("as", "'" + as + "' is not a field name; use letters, digits, '_' and '-', starting with a letter or '_'");
        }
        Integer parallel = p.positiveInt("parallel", false, 1);
        return new StreamSpec.ParentSpec(stream, key, as, parallel == null ? 1 : parallel);
    }

    /** {@code slice: { start, end, step, parallel }}; null when absent or not a mapping (reported). */
    static StreamSpec.SliceSpec slice(Fields s) {
        Fields sl = s.has("slice") ? s.fields("slice", false) : null;
        if (sl == null) {
            return null;
        }
        sl.allow(Schema.SLICE);
        if (s.has("parent")) {
            s.problem("slice", "a stream is either a sub-stream (parent) or sliced by date, not both");
        }
        Instant start = instant(sl, "start", true);
        Instant end = instant(sl, "end", false);
        Duration step = sl.duration("step", true, null, true);
        if (start != null && end != null && !end.isAfter(start)) {
            sl.problem("end", "end " + end + " must be after start " + start);
        }
        Integer parallel = sl.positiveInt("parallel", false, 1);
        return new StreamSpec.SliceSpec(start, end, step, parallel == null ? 1 : parallel);
    }

    /** Checks that a partitioned stream's request uses its partition: otherwise every partition reads the same records. */
    static void checkRequestUses(Fields s, RequestSpec request, StreamSpec.ParentSpec parent, StreamSpec.SliceSpec slice) {
        if (request == null) {
            return;
        }
        Set<String> used = variables(request);
        if (parent != null && used.stream().noneMatch(v -> v.startsWith("parent.")) && !bodyUses(request, "parent")) {
            s.problem("parent", "the request of a sub-stream must use a field of the parent record, such as {{parent." + (parent.key() == null ? "id" : parent.key())
                    + "}} in request.path or request.query, or $parent." + (parent.key() == null ? "id" : parent.key())
                    + " in a JSONata request.body; otherwise each parent reads the same records");
        }
        if (slice != null && !used.contains("slice.start") && !used.contains("slice.end") && !bodyUses(request, "slice")) {
            s.problem("slice", "the request of a sliced stream must use {{slice.start}} and {{slice.end}} (in request.query or request.path), "
                    + "or $slice.start and $slice.end in a JSONata request.body; otherwise each slice reads the same records");
        }
    }

    /** Whether the JSONata request.body names the variable {@code $name}. */
    private static boolean bodyUses(RequestSpec request, String name) {
        return request.body() != null && java.util.regex.Pattern.compile("\\$" + name + "\\b").matcher(request.body()).find();
    }

    /** The template variables of the request's path, query and headers (those that parse). */
    static Set<String> variables(RequestSpec request) {
        Set<String> out = new LinkedHashSet<>();
        addVariables(out, request.path());
        if (request.query() != null) {
            request.query().values().forEach(v -> addVariables(out, v));
        }
        if (request.headers() != null) {
            request.headers().values().forEach(v -> addVariables(out, v));
        }
        return out;
    }

    private static void addVariables(Set<String> out, String text) {
        if (text == null) {
            return;
        }
        try {
            out.addAll(Template.parse(text).variables());
        } catch (IllegalArgumentException e) {
            // reported by the template check
        }
    }

    /** A date ({@code 2024-01-01}, midnight UTC) or an ISO-8601 instant ({@code 2024-01-01T06:00:00Z}). */
    private static Instant instant(Fields f, String key, boolean required) {
        String text = f.string(key, required);
        if (text == null) {
            return null;
        }
        String t = text.strip();
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
        } catch (DateTimeParseException e) {
            f.problem(key, "expected a date such as 2024-01-01 or an instant such as 2024-01-01T00:00:00Z, found '" + text + "'");
            return null;
        }
    }
}
