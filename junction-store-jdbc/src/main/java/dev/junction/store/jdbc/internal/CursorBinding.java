package dev.junction.store.jdbc.internal;

import dev.junction.JunctionException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Binds a stored checkpoint (text, as {@link RowReader} wrote it) as a parameter of the cursor column's type. */
final class CursorBinding {
    private CursorBinding() {}

    static void bind(PreparedStatement statement, int parameter, int type, String columnTypeName, String checkpoint, String sync,
            String cursorColumn) throws SQLException {
        String typeName = columnTypeName == null ? "" : columnTypeName.toLowerCase(Locale.ROOT);
        try {
            switch (type) {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                    Instant instant = OffsetDateTime.parse(checkpoint).toInstant();
                    if (RowReader.zoned(type, typeName)) {
                        statement.setObject(parameter, instant.atOffset(ZoneOffset.UTC));
                    } else {
                        statement.setObject(parameter, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                    }
                }
                case Types.DATE -> statement.setObject(parameter, LocalDate.parse(checkpoint));
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> statement.setLong(parameter, Long.parseLong(checkpoint));
                case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> statement.setBigDecimal(parameter, new BigDecimal(checkpoint));
                default -> statement.setString(parameter, checkpoint);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new JunctionException("sync '" + sync + "': the stored checkpoint '" + checkpoint + "' is not a value of cursor column '"
                    + cursorColumn + "' (" + columnTypeName + "); reset the sync's checkpoint or fix cursorColumn");
        }
    }
}
