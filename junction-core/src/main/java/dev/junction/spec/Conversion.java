package dev.junction.spec;

import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.Locale;

/**
 * One step of a mapping field's {@code convert} list, checked at load time and compiled once by the
 * mapper. See docs/mapping.md for the YAML and the exact rules of each step.
 */
public sealed interface Conversion {

    /** How the step is written in messages, such as {@code integer} or {@code decimal (scale 2, half-even)}. */
    String describe();

    /** The steps without options, written as a plain word in YAML. */
    enum Simple implements Conversion {
        /** Any scalar to its text; numbers in plain notation. */
        STRING,
        /** A number, or text holding one, to a JSON number. */
        NUMBER,
        /** A whole number, or text holding one, to a JSON integer; a fraction is an error. */
        INTEGER,
        /** true/false, yes/no, on/off, 1/0 (text in any case, or numbers 1 and 0) to a JSON boolean. */
        BOOLEAN,
        /** Strips leading and trailing white space from text. */
        TRIM,
        /** Text to lower case (locale-independent). */
        LOWER,
        /** Text to upper case (locale-independent). */
        UPPER;

        @Override
        public String describe() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A number rounded to {@code scale} decimal places. */
    record Decimal(int scale, RoundingMode rounding) implements Conversion {
        @Override
        public String describe() {
            return "decimal (scale " + scale + ", " + roundingName(rounding) + ")";
        }
    }

    /**
     * An amount in minor units (cents) to major units when {@code toMinor} is false, or the other way.
     * {@code digits} is the number of minor-unit digits (2 for EUR, 0 for JPY). {@code rounding} is
     * null when a value that needs rounding is an error.
     */
    record MinorUnits(boolean toMinor, int digits, RoundingMode rounding) implements Conversion {
        @Override
        public String describe() {
            return (toMinor ? "toMinorUnits" : "fromMinorUnits") + " (" + digits + " digits" + (rounding == null ? "" : ", " + roundingName(rounding)) + ")";
        }
    }

    /**
     * A date, time or instant read in {@code from} and written in {@code to}. {@code zone} places
     * local date-times that carry no offset; {@code toZone} is the zone of the output.
     */
    record DateTime(TimeFormat from, TimeFormat to, ZoneId zone, ZoneId toZone, Dst dst) implements Conversion {
        @Override
        public String describe() {
            return "datetime (from " + from + " to " + to + ")";
        }
    }

    /**
     * XML text to JSON: the element tree below the root element, read like a stream in
     * {@code format: xml} (attributes and child elements become keys, repeated elements arrays,
     * text stays text, namespaces are dropped to local names).
     */
    record FromXml() implements Conversion {
        @Override
        public String describe() {
            return "fromXml";
        }
    }

    /**
     * JSON to XML text with root element {@code root}: keys become child elements (arrays repeated
     * elements), keys starting with {@code @} attributes, the key {@code ""} the element's text.
     */
    record ToXml(String root) implements Conversion {
        @Override
        public String describe() {
            return "toXml (root " + root + ")";
        }
    }

    /** A date/time format: one of the named kinds, or a java.time pattern. */
    record TimeFormat(Kind kind, String pattern) {
        public enum Kind {
            /** ISO-8601 date-time with offset, {@code 2024-03-31T03:30:00+02:00}; reads a date-time without offset or a date too. */
            ISO,
            /** ISO-8601 date, {@code 2024-02-29}. */
            ISO_DATE,
            /** ISO-8601 local date-time without offset, {@code 2024-03-31T03:30:00}. */
            ISO_LOCAL,
            /** Seconds since 1970-01-01T00:00Z. */
            EPOCH_SECONDS,
            /** Milliseconds since 1970-01-01T00:00Z. */
            EPOCH_MILLIS,
            /** A {@link java.time.format.DateTimeFormatter} pattern, such as {@code dd.MM.yyyy HH:mm}. */
            PATTERN
        }

        public static TimeFormat of(Kind kind) {
            return new TimeFormat(kind, null);
        }

        @Override
        public String toString() {
            return kind == Kind.PATTERN ? "'" + pattern + "'" : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * How a local date-time that a daylight-saving change makes ambiguous or impossible is placed.
     * In a gap (clocks jump forward) the time is moved forward by the length of the gap, unless
     * {@code ERROR}. In an overlap (clocks fall back) it takes the earlier or later offset.
     */
    enum Dst {
        EARLIER,
        LATER,
        ERROR
    }

    /** {@code half-even} for {@link RoundingMode#HALF_EVEN}, as written in YAML. */
    static String roundingName(RoundingMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
