package dev.junction.spec.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as written in YAML: a whole number of bytes ({@code 1048576}) or a number with a
 * unit: {@code B}, decimal {@code KB} and {@code MB} (1,000 and 1,000,000 bytes), binary {@code KiB}
 * and {@code MiB} (1,024 and 1,048,576 bytes); the unit's case does not matter and a space before it
 * is allowed.
 */
final class ByteSizes {
    static final String EXPECTED = "expected a size in bytes greater than zero, such as 1048576, 512KB or 1MiB";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,3}))?\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.of("", 1L, "b", 1L, "kb", 1_000L, "mb", 1_000_000L, "kib", 1_024L, "mib", 1_048_576L);

    private ByteSizes() {}

    /** The size at {@code key}, 0 when absent, null (with a problem reported) when it is not a size. */
    static Long read(Fields fields, String key) {
        YamlNode node = fields.node(key);
        if (node == null) {
            return 0L;
        }
        Long bytes = node instanceof YamlNode.Scalar s && !s.isNull() ? parse(s.text()) : null;
        if (bytes == null || bytes <= 0) {
            fields.problem(key, EXPECTED + ", found " + node.describe());
            return null;
        }
        return bytes;
    }

    /** The number of bytes, or null when the text is not a size. */
    static Long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || !UNITS.containsKey(m.group(3))) {
            return null;
        }
        long unit = UNITS.get(m.group(3));
        String fraction = m.group(2) == null ? "" : m.group(2);
        if (!fraction.isEmpty() && unit == 1) {
            return null; // no fraction of a byte
        }
        long whole = Long.parseLong(m.group(1)) * unit;
        long part = fraction.isEmpty() ? 0 : Long.parseLong(fraction) * unit / (long) Math.pow(10, fraction.length());
        return whole + part;
    }
}
