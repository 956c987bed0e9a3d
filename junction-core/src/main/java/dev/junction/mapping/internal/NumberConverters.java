package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.spec.Conversion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Numbers from JSON numbers or text, decimals with scale and rounding, minor units (cents). */
final class NumberConverters {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,4})?");
    /** Digits before the point past which a value is refused, so a hostile exponent cannot exhaust memory. */
    private static final int MAX_INTEGER_DIGITS = 400;

    private NumberConverters() {}

    static Converter decimal(Conversion.Decimal spec) {
        return value -> {
            BigDecimal number = decimalOf(value);
            try {
                return NODES.numberNode(number.setScale(spec.scale(), spec.rounding()));
            } catch (ArithmeticException e) {
                throw new Converter.Failure("it has more than " + spec.scale() + " decimal places and rounding is unnecessary");
            }
        };
    }

    static Converter minorUnits(Conversion.MinorUnits spec) {
        if (!spec.toMinor()) {
            return value -> {
                BigDecimal minor = decimalOf(value);
                if (minor.signum() != 0 && minor.stripTrailingZeros().scale() > 0) {
                    if (spec.rounding() == null) {
                        throw new Converter.Failure("an amount in minor units must be whole; set rounding to round it");
                    }
                    minor = minor.setScale(0, spec.rounding());
                }
                return NODES.numberNode(minor.movePointLeft(spec.digits()).setScale(spec.digits(), RoundingMode.UNNECESSARY));
            };
        }
        return value -> {
            BigDecimal minor = decimalOf(value).movePointRight(spec.digits());
            if (minor.signum() != 0 && minor.stripTrailingZeros().scale() > 0) {
                if (spec.rounding() == null) {
                    throw new Converter.Failure("it has more than " + spec.digits() + " decimal places; set rounding to round it");
                }
            }
            return number(minor.setScale(0, spec.rounding() == null ? RoundingMode.UNNECESSARY : spec.rounding()), true);
        };
    }

    /** A JSON number, or text holding one, as a BigDecimal (doubles by their shortest text, so 2.675 stays 2.675). */
    static BigDecimal decimalOf(JsonNode value) throws Converter.Failure {
        BigDecimal number;
        if (value.isNumber()) {
            if (value.isDouble() || value.isFloat()) {
                double d = value.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new Converter.Failure("not a finite number");
                }
                number = BigDecimal.valueOf(d).stripTrailingZeros(); // 1.0E-5 is 0.00001, not 0.000010
                number = number.scale() < 0 ? number.setScale(0) : number;
            } else {
                number = value.decimalValue();
            }
        } else if (value.isTextual() && NUMBER.matcher(value.textValue().strip()).matches()) {
            number = new BigDecimal(value.textValue().strip());
        } else if (value.isTextual()) {
            throw new Converter.Failure("not a number");
        } else {
            throw new Converter.Failure("expected a number or text holding one, found " + JsonValues.kind(value));
        }
        if (number.precision() - number.scale() > MAX_INTEGER_DIGITS) {
            throw new Converter.Failure("the number is too large (more than " + MAX_INTEGER_DIGITS + " digits)");
        }
        return number;
    }

    /** An integer node when {@code number} is whole (or {@code whole} is asked for), else a decimal node. */
    static JsonNode number(BigDecimal number, boolean whole) {
        if (whole || number.signum() == 0 || number.stripTrailingZeros().scale() <= 0) {
            BigInteger integer = number.toBigIntegerExact();
            return integer.bitLength() < 32 ? NODES.numberNode(integer.intValue())
                    : integer.bitLength() < 64 ? NODES.numberNode(integer.longValue()) : NODES.numberNode(integer);
        }
        return NODES.numberNode(number);
    }
}
