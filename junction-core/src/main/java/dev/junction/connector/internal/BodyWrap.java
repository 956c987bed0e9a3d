package dev.junction.connector.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An action body that only passes the records through: {@code $records}, {@code $record}, or one
 * of them wrapped in an object under a literal name ({@code { 'users': $records }}). Such a body is
 * written straight from the records with Jackson, giving the JSON the JSONata expression gives
 * without converting every record to JSONata's values and back; any other body is evaluated as
 * JSONata.
 */
final class BodyWrap {
    private static final Pattern WRAP = Pattern.compile(
            "\\s*(?:\\{\\s*(?:'([A-Za-z0-9_.\\-]*)'|\"([A-Za-z0-9_.\\-]*)\")\\s*:\\s*\\$(records|record)\\s*}|\\$(records|record))\\s*");

    /** The object member name, or null for the bare variable. */
    private final String name;

    private BodyWrap(String name) {
        this.name = name;
    }

    /**
     * The wrap for an expression that is one, when it names the variable the action binds
     * ({@code $records} for a batch action, {@code $record} otherwise); null for any other body.
     */
    static BodyWrap of(String expression, boolean batch) {
        Matcher m = WRAP.matcher(expression);
        if (!m.matches()) {
            return null;
        }
        String variable = m.group(3) != null ? m.group(3) : m.group(4);
        if (!variable.equals(batch ? "records" : "record")) {
            return null;
        }
        return new BodyWrap(m.group(4) != null ? null : m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** The body for these records (a batch action's records as an array, otherwise the one record). */
    byte[] render(ObjectMapper json, List<JsonNode> records, boolean batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size() + 32);
        try (JsonGenerator generator = json.createGenerator(out)) {
            if (name != null) {
                generator.writeStartObject();
                generator.writeFieldName(name);
            }
            if (batch) {
                generator.writeStartArray();
                for (JsonNode record : records) {
                    json.writeTree(generator, record);
                }
                generator.writeEndArray();
            } else {
                json.writeTree(generator, records.get(0));
            }
            if (name != null) {
                generator.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a request body", e);
        }
        return out.toByteArray();
    }
}
