package dev.junction.spec.internal;

import dev.junction.spec.ExchangeLogSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code exchangeLog: { bodies: full | head | headers | none, headBytes: N }} of a connector or
 * a connection: what the exchange log keeps of successful attempts.
 */
final class ExchangeLogReader {
    private static final List<String> BODIES = Arrays.stream(ExchangeLogSpec.Bodies.values()).map(ExchangeLogSpec.Bodies::word).toList();

    private ExchangeLogReader() {}

    /** Null when absent or wrong (reported). */
    static ExchangeLogSpec read(Fields root) {
        Fields e = root.has("exchangeLog") ? root.fields("exchangeLog", false) : null;
        if (e == null) {
            return null;
        }
        e.allow(Schema.EXCHANGE_LOG);
        String bodies = e.oneOf("bodies", BODIES, null);
        if (bodies == null) {
            return null;
        }
        ExchangeLogSpec.Bodies kept = ExchangeLogSpec.Bodies.valueOf(bodies.toUpperCase(Locale.ROOT));
        if (e.has("headBytes") && kept != ExchangeLogSpec.Bodies.HEAD) {
            e.problem("headBytes", "headBytes applies only to bodies: head (bodies is " + bodies + ")");
            return null;
        }
        Integer head = e.positiveInt("headBytes", false, ExchangeLogSpec.DEFAULT_HEAD_BYTES);
        return head == null ? null : new ExchangeLogSpec(kept, head);
    }
}
