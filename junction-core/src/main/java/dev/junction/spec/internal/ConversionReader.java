package dev.junction.spec.internal;

import dev.junction.spec.Conversion;
import dev.junction.spec.Conversion.TimeFormat;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * Reads a mapping field's {@code convert}: one step or a list of steps, each a plain word
 * ({@code trim}) or a one-key mapping with options ({@code { decimal: 2 }},
 * {@code { datetime: { from: epoch-millis, to: iso, zone: Europe/Berlin } }}).
 */
final class ConversionReader {
    private static final int MAX_SCALE = 100;
    private static final int MAX_MINOR_DIGITS = 18;

    private ConversionReader() {}

    /** The steps, or null when any step has a problem (each reported). */
    static List<Conversion> read(YamlNode node, String path, Problems problems) {
        List<Conversion> out = new ArrayList<>();
        boolean ok = true;
        if (node instanceof YamlNode.Sequence list) {
            if (list.items().isEmpty()) {
                problems.add(node.location(), path, "expected at least one conversion, found none");
                return null;
            }
            for (int i = 0; i < list.items().size(); i++) {
                Conversion step = step(list.items().get(i), path + "[" + i + "]", problems);
                ok &= step != null;
                out.add(step);
            }
        } else {
            Conversion step = step(node, path, problems);
            ok = step != null;
            out.add(step);
        }
        return ok ? List.copyOf(out) : null;
    }

    private static Conversion step(YamlNode node, String path, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.STRING) {
            String name = scalar.text().strip();
            if (name.equals("fromXml")) {
                return new Conversion.FromXml();
            }
            if (Schema.SIMPLE_CONVERSIONS.contains(name)) {
                return Conversion.Simple.valueOf(name.toUpperCase(Locale.ROOT));
            }
            if (Schema.OPTION_CONVERSIONS.contains(name)) {
                problems.add(node.location(), path, "'" + name + "' needs options, such as " + example(name));
                return null;
            }
            problems.add(node.location(), path, "'" + name + "' is not a conversion" + DidYouMean.hint(name, all())
                    + " (conversions: " + String.join(", ", all()) + ")");
            return null;
        }
        if (node instanceof YamlNode.Mapping mapping && mapping.entries().size() == 1) {
            YamlNode.Entry entry = mapping.entries().get(0);
            String child = YamlNode.child(path, entry.key());
            return switch (entry.key()) {
                case "decimal" -> decimal(entry, child, problems);
                case "fromMinorUnits" -> minorUnits(entry, child, problems, false);
                case "toMinorUnits" -> minorUnits(entry, child, problems, true);
                case "datetime" -> dateTime(entry, child, problems);
                case "toXml" -> toXml(entry, child, problems);
                default -> {
                    problems.add(entry.keyLocation(), child, "'" + entry.key() + "' is not a conversion with options"
                            + DidYouMean.hint(entry.key(), Schema.OPTION_CONVERSIONS) + " (" + String.join(", ", Schema.OPTION_CONVERSIONS) + ")");
                    yield null;
                }
            };
        }
        problems.add(node.location(), path, "expected a conversion such as trim or { decimal: 2 }, found "
                + (node instanceof YamlNode.Mapping m ? "a mapping with keys " + String.join(", ", m.keys()) : node.describe()));
        return null;
    }

    private static Conversion decimal(YamlNode.Entry entry, String path, Problems problems) {
        if (entry.value() instanceof YamlNode.Scalar scalar) {
            Integer scale = scale(scalar, path, problems, MAX_SCALE, "a scale");
            return scale == null ? null : new Conversion.Decimal(scale, RoundingMode.HALF_EVEN);
        }
        Fields f = Fields.of(entry.value(), path, entry.keyLocation(), problems);
        if (f == null) {
            return null;
        }
        f.allow(Schema.CONVERT_DECIMAL);
        YamlNode scaleNode = f.required("scale", true);
        Integer scale = scaleNode instanceof YamlNode.Scalar s ? scale(s, f.child("scale"), problems, MAX_SCALE, "a scale") : null;
        RoundingMode rounding = rounding(f, Schema.DEFAULT_ROUNDING);
        return scale == null || rounding == null ? null : new Conversion.Decimal(scale, rounding);
    }

    private static Conversion minorUnits(YamlNode.Entry entry, String path, Problems problems, boolean toMinor) {
        if (entry.value() instanceof YamlNode.Scalar scalar) {
            Integer digits = digitsOrCurrency(scalar, path, problems);
            return digits == null ? null : new Conversion.MinorUnits(toMinor, digits, null);
        }
        Fields f = Fields.of(entry.value(), path, entry.keyLocation(), problems);
        if (f == null) {
            return null;
        }
        f.allow(Schema.CONVERT_MINOR_UNITS);
        if (f.has("digits") == f.has("currency")) {
            problems.add(entry.keyLocation(), path, "expected one of digits or currency, such as { currency: EUR }");
            return null;
        }
        String key = f.has("digits") ? "digits" : "currency";
        Integer digits = f.node(key) instanceof YamlNode.Scalar s ? digitsOrCurrency(s, f.child(key), problems) : null;
        if (digits == null && !(f.node(key) instanceof YamlNode.Scalar)) {
            f.problem(key, "expected a number of digits or a currency code, found " + f.node(key).describe());
        }
        RoundingMode rounding = f.has("rounding") ? rounding(f, null) : null;
        return digits == null || f.has("rounding") && rounding == null ? null : new Conversion.MinorUnits(toMinor, digits, rounding);
    }

    private static Integer digitsOrCurrency(YamlNode.Scalar scalar, String path, Problems problems) {
        if (scalar.text().matches("[A-Z]{3}")) {
            try {
                int digits = Currency.getInstance(scalar.text()).getDefaultFractionDigits();
                if (digits >= 0) {
                    return digits;
                }
                problems.add(scalar.location(), path, "currency " + scalar.text() + " has no minor unit; give digits instead");
                return null;
            } catch (IllegalArgumentException e) {
                problems.add(scalar.location(), path, "'" + scalar.text() + "' is not an ISO 4217 currency code");
                return null;
            }
        }
        return scale(scalar, path, problems, MAX_MINOR_DIGITS, "a number of digits (or a currency code such as EUR)");
    }

    private static Integer scale(YamlNode.Scalar scalar, String path, Problems problems, int max, String what) {
        Integer value = Fields.asInt(scalar);
        if (value == null || value < 0 || value > max) {
            problems.add(scalar.location(), path, "expected " + what + " from 0 to " + max + ", found " + scalar.describe());
            return null;
        }
        return value;
    }

    private static RoundingMode rounding(Fields f, String fallback) {
        String name = f.oneOf("rounding", Schema.ROUNDING_MODES, fallback);
        return name == null ? null : RoundingMode.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** {@code { toXml: order }}: the root element's name, a plain XML name (no prefix). */
    private static Conversion toXml(YamlNode.Entry entry, String path, Problems problems) {
        if (entry.value() instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.STRING
                && dev.junction.json.internal.XmlTrees.isName(scalar.text())) {
            return new Conversion.ToXml(scalar.text());
        }
        problems.add(entry.value().location(), path, "expected the root element's name, such as { toXml: order } (ASCII letters, digits, '-', '_', '.'; "
                + "not starting with a digit), found " + entry.value().describe());
        return null;
    }

    private static Conversion dateTime(YamlNode.Entry entry, String path, Problems problems) {
        Fields f = Fields.of(entry.value(), path, entry.keyLocation(), problems);
        if (f == null) {
            return null;
        }
        f.allow(Schema.CONVERT_DATETIME);
        TimeFormat from = format(f, "from");
        TimeFormat to = format(f, "to");
        ZoneId zone = zone(f, "zone", ZoneId.of(Schema.DEFAULT_ZONE));
        ZoneId toZone = zone(f, "toZone", zone);
        String dst = f.oneOf("dst", Schema.DST_RULES, Schema.DEFAULT_DST);
        if (from == null || to == null || zone == null || toZone == null || dst == null) {
            return null;
        }
        return new Conversion.DateTime(from, to, zone, toZone, Conversion.Dst.valueOf(dst.toUpperCase(Locale.ROOT)));
    }

    private static TimeFormat format(Fields f, String key) {
        String text = f.string(key, false, Schema.DEFAULT_TIME_FORMAT);
        if (text == null) {
            return null;
        }
        if (Schema.TIME_FORMATS.contains(text)) {
            return TimeFormat.of(TimeFormat.Kind.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        if (text.isBlank()) {
            f.problem(key, "expected a format (" + String.join(", ", Schema.TIME_FORMATS) + ") or a java.time pattern, found nothing");
            return null;
        }
        try {
            TimePatterns.formatter(text);
            return new TimeFormat(TimeFormat.Kind.PATTERN, text);
        } catch (IllegalArgumentException e) {
            f.problem(key, "'" + text + "' is not a named format (" + String.join(", ", Schema.TIME_FORMATS) + ") nor a valid java.time pattern ("
                    + e.getMessage() + ")" + DidYouMean.hint(text, Schema.TIME_FORMATS));
            return null;
        }
    }

    private static ZoneId zone(Fields f, String key, ZoneId fallback) {
        String text = f.string(key, false);
        if (text == null) {
            return f.has(key) ? null : fallback;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            f.problem(key, "unknown time zone '" + text + "'" + DidYouMean.hint(text, ZoneId.getAvailableZoneIds())
                    + " (use a region such as Europe/Berlin, UTC, or an offset such as +02:00)");
            return null;
        }
    }

    private static String example(String name) {
        return switch (name) {
            case "decimal" -> "{ decimal: 2 } or { decimal: { scale: 2, rounding: half-up } }";
            case "datetime" -> "{ datetime: { from: epoch-millis, to: iso, zone: Europe/Berlin } }";
            case "toXml" -> "{ toXml: order } (the root element's name)";
            default -> "{ " + name + ": 2 } or { " + name + ": EUR }";
        };
    }

    private static List<String> all() {
        List<String> all = new ArrayList<>(Schema.SIMPLE_CONVERSIONS);
        all.addAll(Schema.OPTION_CONVERSIONS);
        return all;
    }
}
