package dev.junction.schema.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The string formats inference recognises, in the order they are preferred when several fit every
 * value: {@code date-time} (RFC 3339, with an offset or {@code Z}), {@code date} (yyyy-mm-dd),
 * {@code uuid}, {@code email} (one {@code @}, a dot in the domain, no spaces) and {@code uri} (an
 * absolute URI with {@code scheme://}).
 */
public enum Formats {
    DATE_TIME("date-time", Formats::isDateTime),
    DATE("date", Formats::isDate),
    UUID("uuid", s -> Patterns.UUID.matcher(s).matches()),
    EMAIL("email", s -> Patterns.EMAIL.matcher(s).matches()),
    URI("uri", Formats::isUri);

    /** Every format, in order of preference. */
    public static final List<Formats> ALL = List.of(values());

    private final String jsonName;
    private final Predicate<String> test;

    Formats(String jsonName, Predicate<String> test) {
        this.jsonName = jsonName;
        this.test = test;
    }

    /** The JSON Schema {@code format} keyword value. */
    public String jsonName() {
        return jsonName;
    }

    public boolean matches(String value) {
        return test.test(value);
    }

    private static boolean isDateTime(String s) {
        if (s.length() < 20 || !Patterns.DATE_TIME_START.matcher(s).lookingAt()) {
            return false;
        }
        try {
            OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDate(String s) {
        if (s.length() != 10 || !Patterns.DATE.matcher(s).matches()) {
            return false;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isUri(String s) {
        if (!Patterns.URI.matcher(s).matches()) {
            return false;
        }
        try {
            return java.net.URI.create(s).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Compiled once; an enum's constants cannot see its own static fields while they are built. */
    private static final class Patterns {
        static final Pattern DATE_TIME_START = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
        static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
        static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
        static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");
    }
}
