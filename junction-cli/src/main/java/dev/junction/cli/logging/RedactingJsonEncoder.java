package dev.junction.cli.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@link JsonEncoder} (one JSON object per line: timestamp, level, thread, logger, the MDC
 * tags under {@code mdc}, the message, the throwable), with the message redacted as
 * {@link RedactedMessageConverter} does and neither the raw message template's arguments nor the
 * logger context written (an argument could be a secret the formatted message no longer shows).
 */
public final class RedactingJsonEncoder extends JsonEncoder {
    public RedactingJsonEncoder() {
        setWithArguments(false);
        setWithMessage(false);
        setWithFormattedMessage(true);
        setWithContext(false);
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(new RedactedEvent(event));
    }
}
