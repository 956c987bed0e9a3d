package dev.junction.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies the log format and levels chosen by settings ({@code JUNCTION_LOG_FORMAT},
 * {@code JUNCTION_LOG_LEVEL}, the server config's {@code logging:}) to Logback as configured by
 * {@code logback.xml} (or the file {@code -Dlogback.configurationFile} names, which this leaves alone
 * unless a setting is given).
 *
 * <ul>
 *   <li>format {@code json}: every console appender of the root logger writes one JSON object per line
 *       ({@link RedactingJsonEncoder}); {@code text} (default): the pattern of {@code logback.xml}.
 *   <li>levels {@code dev.junction.http=debug,com.zaxxer=warn}: each logger's level ({@code root} for
 *       the root logger).
 * </ul>
 */
public final class LogSettings {
    public static final String FORMAT_ENV = "JUNCTION_LOG_FORMAT";
    public static final String LEVEL_ENV = "JUNCTION_LOG_LEVEL";

    private LogSettings() {}

    /**
     * {@link #apply} with the environment's {@value #FORMAT_ENV} and {@value #LEVEL_ENV}; a bad value is
     * explained on {@code err}. @return false when a value was bad (the program should exit 2)
     */
    public static boolean fromEnvironment(Map<String, String> env, java.io.PrintWriter err) {
        try {
            apply(env.get(FORMAT_ENV), env.get(LEVEL_ENV));
            return true;
        } catch (IllegalArgumentException e) {
            err.println("junction: " + e.getMessage());
            err.flush();
            return false;
        }
    }

    /**
     * @param format {@code text}, {@code json} or null (as configured)
     * @param levels {@code logger=level} pairs separated by commas, or null
     * @throws IllegalArgumentException naming what is wrong, before anything is changed
     */
    public static void apply(String format, String levels) {
        Map<String, Level> parsed = levels(levels);
        String chosen = format == null || format.isBlank() ? null : format.strip().toLowerCase(Locale.ROOT);
        if (chosen != null && !chosen.equals("text") && !chosen.equals("json")) {
            throw new IllegalArgumentException(FORMAT_ENV + ": expected text or json, got '" + format + "'");
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend: its own configuration rules
        }
        if ("json".equals(chosen)) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender && !(appender.getEncoder() instanceof RedactingJsonEncoder)) {
                    RedactingJsonEncoder json = new RedactingJsonEncoder();
                    json.setContext(context);
                    json.start();
                    replaceEncoder(appender, json);
                }
            }
        }
        parsed.forEach((name, level) -> context.getLogger(name.equals("root") ? Logger.ROOT_LOGGER_NAME : name).setLevel(level));
    }

    private static void replaceEncoder(OutputStreamAppender<ILoggingEvent> appender, Encoder<ILoggingEvent> encoder) {
        appender.stop();
        Encoder<ILoggingEvent> old = appender.getEncoder();
        appender.setEncoder(encoder);
        if (old instanceof PatternLayoutEncoder pattern) {
            pattern.stop();
        }
        appender.start();
    }

    /** The levels by logger name; a level Logback does not know is an error, not a silent DEBUG. */
    static Map<String, Level> levels(String text) {
        Map<String, Level> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        List<String> bad = new ArrayList<>();
        for (String pair : text.split(",")) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            String name = eq < 0 ? "" : trimmed.substring(0, eq).strip();
            String level = eq < 0 ? "" : trimmed.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || !List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(level)) {
                bad.add("'" + trimmed + "'");
                continue;
            }
            out.put(name, Level.toLevel(level));
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(LEVEL_ENV + ": expected logger=level pairs separated by commas (levels: trace, debug, info, warn,"
                    + " error, off), like dev.junction.http=debug,com.zaxxer=warn; could not read " + String.join(", ", bad));
        }
        return out;
    }
}
