package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.JsonPath;

/**
 * The stop conditions a paginator may have besides its own: a has-more flag ({@code hasMorePath}:
 * stop unless the value there is {@code true} or {@code "true"}) and a total count
 * ({@code totalPath}: stop once that many records were read). Stateful: one per read.
 */
final class StopConditions {
    private final JsonPath hasMore;
    private final JsonPath total;
    private long read;

    StopConditions(String hasMorePath, String totalPath) {
        this.hasMore = hasMorePath == null ? null : JsonPath.parse(hasMorePath);
        this.total = totalPath == null ? null : JsonPath.parse(totalPath);
    }

    static StopConditions none() {
        return new StopConditions(null, null);
    }

    /** Counts the page's records; true when the API says there is nothing after it. */
    boolean lastPage(JsonNode body, int records) {
        read += records;
        if (hasMore != null) {
            JsonNode flag = hasMore.find(body);
            boolean more = flag.isBoolean() ? flag.booleanValue() : flag.isTextual() && flag.asText().equalsIgnoreCase("true");
            if (!more) {
                return true;
            }
        }
        if (total != null) {
            JsonNode count = total.find(body);
            if (count.isNumber() || count.isTextual() && count.asText().matches("\\d{1,18}")) {
                return read >= count.asLong();
            }
            if (!count.isMissingNode() && !count.isNull()) {
                throw new Paginator.Problem("expected a number at '" + total + "' (totalPath) but found " + count.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return false;
    }
}
