package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.spec.Conversion;
import dev.junction.spec.Conversion.TimeFormat.Kind;
import dev.junction.spec.internal.TimePatterns;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Reads a date, local date-time or instant in one format and writes it in another. Local values
 * are placed in {@code zone} (daylight-saving gaps move forward by the gap, overlaps take the
 * earlier or later offset, or either is an error with {@code dst: error}); output is in
 * {@code toZone}. Local in, local out, same zone: no zone is involved at all.
 */
final class DateTimeConverter implements Converter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Conversion.DateTime spec;
    private final DateTimeFormatter fromPattern;
    private final DateTimeFormatter toPattern;
    private final boolean localOut;

    DateTimeConverter(Conversion.DateTime spec) {
        this.spec = spec;
        this.fromPattern = spec.from().kind() == Kind.PATTERN ? TimePatterns.formatter(spec.from().pattern()) : null;
        this.toPattern = spec.to().kind() == Kind.PATTERN ? TimePatterns.formatter(spec.to().pattern()) : null;
        Kind to = spec.to().kind();
        this.localOut = to == Kind.ISO_DATE || to == Kind.ISO_LOCAL || to == Kind.PATTERN && !TimePatterns.hasZone(spec.to().pattern());
    }

    @Override
    public JsonNode apply(JsonNode value) throws Failure {
        try {
            Object read = read(value);
            if (!(read instanceof Instant) && localOut && spec.zone().equals(spec.toZone())) {
                LocalDateTime local = read instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) read;
                return writeLocal(local);
            }
            Instant instant = read instanceof Instant i ? i : place(read);
            return write(instant.atZone(spec.toZone()));
        } catch (DateTimeException | ArithmeticException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** An Instant, a LocalDateTime or a LocalDate. */
    private Object read(JsonNode value) throws Failure {
        switch (spec.from().kind()) {
            case EPOCH_SECONDS -> {
                BigDecimal seconds = NumberConverters.decimalOf(value);
                BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
                return Instant.ofEpochSecond(whole.longValueExact(), seconds.subtract(whole).movePointRight(9).longValue());
            }
            case EPOCH_MILLIS -> {
                BigDecimal millis = NumberConverters.decimalOf(value);
                if (millis.signum() != 0 && millis.stripTrailingZeros().scale() > 0) {
                    throw new Failure("epoch milliseconds must be a whole number");
                }
                return Instant.ofEpochMilli(millis.longValueExact());
            }
            case ISO -> {
                String text = SimpleConverters.text(value).strip();
                if (text.indexOf('T') < 0 && text.indexOf('t') < 0) {
                    return LocalDate.parse(text);
                }
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
                return parsed instanceof ZonedDateTime zoned ? zoned.toInstant() : parsed;
            }
            case ISO_DATE -> {
                return LocalDate.parse(SimpleConverters.text(value).strip());
            }
            case ISO_LOCAL -> {
                return LocalDateTime.parse(SimpleConverters.text(value).strip());
            }
            default -> {
                TemporalAccessor parsed = fromPattern.parse(SimpleConverters.text(value));
                if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                    return Instant.from(parsed);
                }
                LocalDate date = parsed.query(TemporalQueries.localDate());
                LocalTime time = parsed.query(TemporalQueries.localTime());
                if (date == null) {
                    throw new Failure("the pattern " + spec.from() + " reads no full date");
                }
                return time == null ? date : LocalDateTime.of(date, time);
            }
        }
    }

    private Instant place(Object local) throws Failure {
        ZoneId zone = spec.zone();
        if (local instanceof LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }
        LocalDateTime dateTime = (LocalDateTime) local;
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(dateTime);
        if (offsets.size() == 1) {
            return dateTime.toInstant(offsets.get(0));
        }
        ZoneOffsetTransition change = rules.getTransition(dateTime);
        String span = " (clocks change from " + change.getDateTimeBefore().toLocalTime() + " to " + change.getDateTimeAfter().toLocalTime() + ")";
        if (offsets.isEmpty()) {
            if (spec.dst() == Conversion.Dst.ERROR) {
                throw new Failure(dateTime + " does not exist in " + zone + span + "; drop dst: error to move it forward by the gap");
            }
            return dateTime.plus(change.getDuration()).toInstant(change.getOffsetAfter());
        }
        return switch (spec.dst()) {
            case EARLIER -> dateTime.toInstant(change.getOffsetBefore());
            case LATER -> dateTime.toInstant(change.getOffsetAfter());
            case ERROR -> throw new Failure(dateTime + " happens twice in " + zone + span + "; set dst: earlier or later to pick one");
        };
    }

    private JsonNode write(ZonedDateTime time) {
        return switch (spec.to().kind()) {
            case ISO -> NODES.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
            case ISO_DATE -> NODES.textNode(time.toLocalDate().toString());
            case ISO_LOCAL -> NODES.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time.toLocalDateTime()));
            case EPOCH_SECONDS -> NODES.numberNode(time.toEpochSecond());
            case EPOCH_MILLIS -> NODES.numberNode(time.toInstant().toEpochMilli());
            case PATTERN -> NODES.textNode(toPattern.format(time));
        };
    }

    private JsonNode writeLocal(LocalDateTime time) {
        return switch (spec.to().kind()) {
            case ISO_DATE -> NODES.textNode(time.toLocalDate().toString());
            case ISO_LOCAL -> NODES.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time));
            default -> NODES.textNode(toPattern.format(time));
        };
    }
}
