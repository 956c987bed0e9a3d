package dev.junction.store.jdbc.internal;

import dev.junction.JunctionException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Binds a stored checkpoint (text, as {@link RowReader} wrote it) as a parameter of the cursor
 * column's type, less the source's lookback: a timestamp moves back by the lookback, a date by the
 * lookback rounded up to whole days; any other cursor type with a lookback is refused.
 */
final class CursorBinding {
    private CursorBinding() {}

    /** The cursor column: its JDBC type, the database's name of it, its name, and the lookback (zero: none). */
    record Cursor(int type, String typeName, String column, Duration lookback) {}

    static void bind(PreparedStatement statement, int parameter, Cursor cursor, String checkpoint, String sync) throws SQLException {
        String typeName = cursor.typeName() == null ? "" : cursor.typeName().toLowerCase(Locale.ROOT);
        Duration lookback = cursor.lookback() == null ? Duration.ZERO : cursor.lookback();
        try {
            switch (cursor.type()) {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                    Instant instant = OffsetDateTime.parse(checkpoint).toInstant().minus(lookback);
                    if (RowReader.zoned(cursor.type(), typeName)) {
                        statement.setObject(parameter, instant.atOffset(ZoneOffset.UTC));
                    } else {
                        statement.setObject(parameter, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                    }
                }
                case Types.DATE -> {
                    long days = lookback.toDays() + (lookback.equals(Duration.ofDays(lookback.toDays())) ? 0 : 1);
                    statement.setObject(parameter, LocalDate.parse(checkpoint).minusDays(days));
                }
                default -> bindWithoutLookback(statement, parameter, cursor, checkpoint, sync);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new JunctionException("sync '" + sync + "': the stored checkpoint '" + checkpoint + "' is not a value of cursor column '"
                    + cursor.column() + "' (" + cursor.typeName() + "); reset the sync's checkpoint or fix cursorColumn");
        }
    }

    /**
     * Numbers and text have no "a while before": a lookback on them is refused rather than guessed,
     * on every read (also the first, which has no checkpoint yet), so the mistake shows at once.
     */
    static void checkLookback(Cursor cursor, String sync) {
        boolean temporal = cursor.type() == Types.TIMESTAMP || cursor.type() == Types.TIMESTAMP_WITH_TIMEZONE || cursor.type() == Types.DATE;
        if (cursor.lookback() != null && !cursor.lookback().isZero() && !temporal) {
            throw new JunctionException("sync '" + sync + "' source.sql.lookback: a lookback needs a timestamp or date cursor column, but cursor"
                    + " column '" + cursor.column() + "' is " + cursor.typeName() + "; remove lookback, or make cursorColumn a timestamp column");
        }
    }

    private static void bindWithoutLookback(PreparedStatement statement, int parameter, Cursor cursor, String checkpoint, String sync)
            throws SQLException {
        checkLookback(cursor, sync);
        switch (cursor.type()) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> statement.setLong(parameter, Long.parseLong(checkpoint));
            case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> statement.setBigDecimal(parameter, new BigDecimal(checkpoint));
            default -> statement.setString(parameter, checkpoint);
        }
    }
}
