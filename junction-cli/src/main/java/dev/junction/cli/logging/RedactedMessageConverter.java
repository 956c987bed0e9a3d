package dev.junction.cli.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.junction.http.internal.Redactor;

/**
 * {@code %redactedMsg} in a Logback pattern: the formatted message with the values of secret-looking
 * names and {@code Bearer}/{@code Basic} credentials hidden, by the exchange log's naming rule (see
 * {@link Redactor#secretsByName}).
 */
public final class RedactedMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Redactor.secretsByName(event.getFormattedMessage());
    }
}
