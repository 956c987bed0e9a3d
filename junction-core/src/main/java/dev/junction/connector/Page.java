package dev.junction.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a stream.
 *
 * @param number 1 for the first page
 * @param records the records found at the stream's {@code records} path, in order
 * @param raw the whole parsed response body
 */
public record Page(int number, List<JsonNode> records, JsonNode raw) {
    public Page {
        records = List.copyOf(records);
    }
}
