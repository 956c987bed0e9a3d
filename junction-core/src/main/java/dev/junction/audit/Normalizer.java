package dev.junction.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One step of how an audit compares a field ({@code normalize: { email: [lowercase, trim] }}): applied,
 * in the order written, to the field's value on both sides before they are compared. A value a step
 * cannot read (a {@code number} step given {@code 'n/a'}) passes through unchanged, so it still
 * compares as itself. Values are the text of a scalar; null stays null except under {@link #EMPTY}.
 */
public enum Normalizer {
    /** Lower case (root locale): {@code Ada@Example.COM} and {@code ada@example.com} match. */
    LOWERCASE("lowercase") {
        @Override
        String apply(String value) {
            return value.toLowerCase(Locale.ROOT);
        }
    },
    /** Upper case (root locale). */
    UPPERCASE("uppercase") {
        @Override
        String apply(String value) {
            return value.toUpperCase(Locale.ROOT);
        }
    },
    /** Leading and trailing white space removed. */
    TRIM("trim") {
        @Override
        String apply(String value) {
            return value.strip();
        }
    },
    /** Every run of white space becomes one space, and the ends are trimmed: {@code " Ada \n Lovelace"} is {@code "Ada Lovelace"}. */
    WHITESPACE("whitespace") {
        @Override
        String apply(String value) {
            return SPACES.matcher(value.strip()).replaceAll(" ");
        }
    },
    /**
     * A number's value, whatever its format: {@code 1}, {@code 1.0}, {@code "1.00"}, {@code 1e0} and
     * {@code "1,000"} (comma thousands separators) against {@code 1000} match.
     */
    NUMBER("number") {
        @Override
        String apply(String value) {
            String text = value.strip();
            if (GROUPED.matcher(text).matches()) {
                text = text.replace(",", "");
            }
            try {
                BigDecimal number = new BigDecimal(text);
                return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return value;
            }
        }
    },
    /**
     * The calendar day (UTC for a moment with an offset): {@code 2026-01-05},
     * {@code 2026-01-05T10:00:00Z}, {@code 2026-01-05T23:30:00-02:00} ({@code 2026-01-06} in UTC),
     * RFC 1123 ({@code Mon, 5 Jan 2026 10:00:00 GMT}) and epoch milliseconds all read as one day.
     */
    DATE("date") {
        @Override
        String apply(String value) {
            return moment(value.strip()).map(m -> m.toLocalDate().toString()).orElse(value);
        }
    },
    /**
     * The instant (UTC, ISO-8601): {@code 2026-01-05T10:00:00Z}, {@code 2026-01-05T11:00:00+01:00},
     * {@code 2026-01-05T10:00:00.000Z} and epoch milliseconds {@code 1767607200000} match; a
     * date-time without an offset is read as UTC.
     */
    INSTANT("instant") {
        @Override
        String apply(String value) {
            return moment(value.strip()).map(m -> m.toInstant(ZoneOffset.UTC).toString()).orElse(value);
        }
    },
    /** Null, a missing field and an empty (or blank) string are the same: nothing. */
    EMPTY("empty") {
        @Override
        String apply(String value) {
            return value.isBlank() ? null : value;
        }
    };

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern GROUPED = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{11,15}");

    private final String yamlName;

    Normalizer(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The normalized value; null in, null out. */
    abstract String apply(String value);

    /** {@code value} after every step of {@code steps}, in order. */
    public static String applyAll(List<Normalizer> steps, String value) {
        String out = value;
        for (Normalizer step : steps) {
            if (out == null) {
                return null;
            }
            out = step.apply(out);
        }
        return out;
    }

    /** The name written in YAML ({@code lowercase}, {@code number}, ...). */
    public String yamlName() {
        return yamlName;
    }

    /** The normalizer written {@code name} in YAML. */
    public static Optional<Normalizer> of(String name) {
        return Arrays.stream(values()).filter(n -> n.yamlName.equals(name)).findFirst();
    }

    /** Every YAML name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Normalizer::yamlName).toList();
    }

    /** The moment a date or date-time text names, as a UTC date-time; empty when it names none. */
    private static Optional<LocalDateTime> moment(String text) {
        if (EPOCH_MILLIS.matcher(text).matches()) {
            return Optional.of(LocalDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(text)), ZoneOffset.UTC));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(LocalDateTime.parse(text.replace(' ', 'T')));
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
