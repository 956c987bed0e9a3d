package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.spec.Conversion;
import java.util.Locale;

/** The conversions without options: types, trimming and case. */
final class SimpleConverters {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SimpleConverters() {}

    static Converter of(Conversion.Simple simple) {
        return switch (simple) {
            case STRING -> SimpleConverters::string;
            case NUMBER -> value -> value.isNumber() && !value.isDouble() && !value.isFloat() ? value
                    : NumberConverters.number(NumberConverters.decimalOf(value), false);
            case INTEGER -> SimpleConverters::integer;
            case BOOLEAN -> SimpleConverters::bool;
            case TRIM -> value -> NODES.textNode(text(value).strip());
            case LOWER -> value -> NODES.textNode(text(value).toLowerCase(Locale.ROOT));
            case UPPER -> value -> NODES.textNode(text(value).toUpperCase(Locale.ROOT));
        };
    }

    static JsonNode string(JsonNode value) throws Converter.Failure {
        if (value.isTextual()) {
            return value;
        }
        if (value.isNumber()) {
            return NODES.textNode(value.isIntegralNumber() ? value.bigIntegerValue().toString()
                    : NumberConverters.decimalOf(value).toPlainString());
        }
        if (value.isBoolean()) {
            return NODES.textNode(value.asText());
        }
        throw new Converter.Failure("expected a single value, found " + JsonValues.kind(value));
    }

    private static JsonNode integer(JsonNode value) throws Converter.Failure {
        if (value.isIntegralNumber()) {
            return value;
        }
        java.math.BigDecimal number = NumberConverters.decimalOf(value);
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw new Converter.Failure("it has a fractional part; use decimal: 0 to round it");
        }
        return NumberConverters.number(number, true);
    }

    private static JsonNode bool(JsonNode value) throws Converter.Failure {
        if (value.isBoolean()) {
            return value;
        }
        if (value.isTextual()) {
            switch (value.textValue().strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> {
                    return BooleanNode.TRUE;
                }
                case "false", "no", "off", "0" -> {
                    return BooleanNode.FALSE;
                }
                default -> { }
            }
        } else if (value.isNumber() && NumberConverters.decimalOf(value).signum() == 0) {
            return BooleanNode.FALSE;
        } else if (value.isNumber() && NumberConverters.decimalOf(value).compareTo(java.math.BigDecimal.ONE) == 0) {
            return BooleanNode.TRUE;
        }
        throw new Converter.Failure("expected true/false, yes/no, on/off or 1/0");
    }

    static String text(JsonNode value) throws Converter.Failure {
        if (!value.isTextual()) {
            throw new Converter.Failure("expected text, found " + JsonValues.kind(value));
        }
        return value.textValue();
    }
}
