package dev.junction.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.spec.Conversion;

/** One compiled {@code convert} step: applied to each non-null value, fails with a reason. */
interface Converter {
    JsonNode apply(JsonNode value) throws Failure;

    static Converter compile(Conversion conversion) {
        return switch (conversion) {
            case Conversion.Simple simple -> SimpleConverters.of(simple);
            case Conversion.Decimal d -> NumberConverters.decimal(d);
            case Conversion.MinorUnits m -> NumberConverters.minorUnits(m);
            case Conversion.DateTime t -> new DateTimeConverter(t);
            case Conversion.FromXml x -> XmlConverters::fromXml;
            case Conversion.ToXml x -> XmlConverters.toXml(x.root());
        };
    }

    /** Why a value could not be converted; the caller adds the field, the step and the value. */
    final class Failure extends Exception {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }
}
