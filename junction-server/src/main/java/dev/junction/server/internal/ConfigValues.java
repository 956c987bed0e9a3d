package dev.junction.server.internal;

import dev.junction.server.Cidr;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of one config value. Each method throws {@link IllegalArgumentException} whose
 * message says what was expected and what was found; the caller adds where.
 */
public final class ConfigValues {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})\\s*(ms|s|m|h)");

    private ConfigValues() {}

    public static int port(String text) {
        int port = wholeNumber(text, "a port number 0..65535");
        if (port > 65535) {
            throw new IllegalArgumentException("expected a port number 0..65535, got '" + text + "'");
        }
        return port;
    }

    public static int positive(String text) {
        int value = wholeNumber(text, "a whole number of at least 1");
        if (value < 1) {
            throw new IllegalArgumentException("expected a whole number of at least 1, got '" + text + "'");
        }
        return value;
    }

    private static int wholeNumber(String text, String expected) {
        String s = text.strip();
        if (!s.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("expected " + expected + ", got '" + text + "'");
        }
        return Integer.parseInt(s);
    }

    /** {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 2MB} (KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024). */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size like 1MiB, 512KiB or 1048576 (bytes), got '" + text + "'");
        }
        long number = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB" -> 1000L;
            case "KIB" -> 1024L;
            case "MB" -> 1000L * 1000;
            case "MIB" -> 1024L * 1024;
            case "GB" -> 1000L * 1000 * 1000;
            case "GIB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (number < 1 || number > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException("expected a size of at least 1 byte, got '" + text + "'");
        }
        return number * factor;
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT30S}. */
    public static Duration duration(String text) {
        String s = text.strip();
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            Duration d = Duration.parse(s);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected a duration like 30s, 500ms, 2m or PT30S, got '" + text + "'");
    }

    public static URI baseUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected an absolute http(s) URL without query or fragment, like https://junction.example.com, got '" + text + "'");
    }

    public static String host(String text) {
        String s = text.strip();
        if (s.isEmpty() || !s.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("expected a host name or IP address to bind, like 127.0.0.1 or 0.0.0.0, got '" + text + "'");
        }
        return s;
    }

    /** Comma-separated address ranges: {@code 10.0.0.0/8, 127.0.0.1}. */
    public static List<Cidr> cidrs(String text) {
        List<Cidr> list = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                list.add(Cidr.parse(part));
            }
        }
        return list;
    }

    /** {@code true} or {@code false}. */
    public static boolean bool(String text) {
        String s = text.strip();
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        }
        return Boolean.parseBoolean(s);
    }

    /** A whole number of 0 or more. */
    public static int nonNegative(String text) {
        return wholeNumber(text, "a whole number of 0 or more");
    }

    /** Comma-separated items, each trimmed; blank ones left out. */
    public static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.strip());
            }
        }
        return items;
    }
}
