package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a row into a JSON record: integers and decimals as numbers, booleans as booleans,
 * timestamps as ISO-8601 instants (a timestamp without a time zone is taken as UTC), dates and
 * times as ISO-8601 text, JSON columns as JSON, binary as base64, anything else as text.
 */
final class RowReader {
    private final ObjectMapper json;
    private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);

    RowReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The record field of each column: its label, in lower case when the database folds unquoted
     * names to upper case (H2, Oracle), so {@code select id} gives {@code id} everywhere.
     */
    List<String> labels(ResultSetMetaData columns, DatabaseMetaData database) throws SQLException {
        boolean folds = database.storesUpperCaseIdentifiers();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            String label = columns.getColumnLabel(i);
            labels.add(folds && label.equals(label.toUpperCase(Locale.ROOT)) ? label.toLowerCase(Locale.ROOT) : label);
        }
        return labels;
    }

    ObjectNode read(ResultSet row, List<String> labels) throws SQLException {
        ObjectNode record = nodes.objectNode();
        ResultSetMetaData columns = row.getMetaData();
        for (int i = 1; i <= labels.size(); i++) {
            record.set(labels.get(i - 1), value(row, i, columns.getColumnType(i), columns.getColumnTypeName(i)));
        }
        return record;
    }

    private JsonNode value(ResultSet row, int i, int type, String typeName) throws SQLException {
        Object raw = row.getObject(i);
        if (raw == null) {
            return nodes.nullNode();
        }
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return switch (type) {
            case Types.BOOLEAN, Types.BIT -> raw instanceof Boolean b ? nodes.booleanNode(b) : nodes.textNode(row.getString(i));
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> nodes.numberNode(row.getLong(i));
            case Types.NUMERIC, Types.DECIMAL -> nodes.numberNode(row.getBigDecimal(i));
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> nodes.numberNode(new BigDecimal(Double.toString(row.getDouble(i))));
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> nodes.textNode(zoned(type, name)
                    ? row.getObject(i, OffsetDateTime.class).toInstant().toString()
                    : row.getObject(i, LocalDateTime.class).toInstant(ZoneOffset.UTC).toString());
            case Types.DATE -> nodes.textNode(row.getObject(i, LocalDate.class).toString());
            case Types.TIME -> nodes.textNode(row.getObject(i, LocalTime.class).toString());
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> nodes.binaryNode(row.getBytes(i));
            default -> name.equals("json") || name.equals("jsonb") ? parse(row.getString(i)) : nodes.textNode(row.getString(i));
        };
    }

    static boolean zoned(int type, String typeName) {
        return type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz") || typeName.contains("with time zone");
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return nodes.textNode(text);
        }
    }
}
