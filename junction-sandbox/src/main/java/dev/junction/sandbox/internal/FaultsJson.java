package dev.junction.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sandbox.Faults;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * JSON form of {@link Faults}: {@code {"latencyMs":0,"errorRate":0.0,"tooManyRequestsRate":0.0,"resetRate":0.0,
 * "seed":0}}. When reading, missing fields are 0 and {@code latency} may be given instead of {@code latencyMs} as an
 * ISO-8601 duration ({@code "PT0.2S"}).
 */
final class FaultsJson {

    private static final Set<String> FIELDS =
            Set.of("latencyMs", "latency", "errorRate", "tooManyRequestsRate", "resetRate", "seed");

    private final Json json;

    FaultsJson(Json json) {
        this.json = json;
    }

    Map<String, Object> render(Faults faults) {
        return Json.obj("latencyMs", faults.latency().toMillis(), "errorRate", faults.errorRate(),
                "tooManyRequestsRate", faults.tooManyRequestsRate(), "resetRate", faults.resetRate(),
                "seed", faults.seed());
    }

    Faults parse(String body) {
        JsonNode node = json.parse(body);
        if (!node.isObject()) {
            throw invalid("faults must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + field + "', expected one of " + FIELDS);
            }
        }
        try {
            return new Faults(latency(node), rate(node, "errorRate"), rate(node, "tooManyRequestsRate"),
                    rate(node, "resetRate"), seed(node));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Duration latency(JsonNode node) {
        JsonNode ms = node.get("latencyMs");
        JsonNode iso = node.get("latency");
        if (ms != null && !ms.isNull()) {
            if (!ms.canConvertToLong() || !ms.isIntegralNumber()) {
                throw invalid("latencyMs must be an integer number of milliseconds");
            }
            return Duration.ofMillis(ms.asLong());
        }
        if (iso != null && !iso.isNull()) {
            if (iso.isIntegralNumber()) {
                return Duration.ofMillis(iso.asLong());
            }
            try {
                return Duration.parse(iso.asText());
            } catch (DateTimeParseException e) {
                throw invalid("latency must be an ISO-8601 duration such as PT0.2S");
            }
        }
        return Duration.ZERO;
    }

    private static double rate(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0.0;
        }
        if (!value.isNumber()) {
            throw invalid(field + " must be a number between 0 and 1");
        }
        return value.asDouble();
    }

    private static long seed(JsonNode node) {
        JsonNode value = node.get("seed");
        if (value == null || value.isNull()) {
            return 0L;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid("seed must be an integer");
        }
        return value.asLong();
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest("invalid_faults", message);
    }
}
