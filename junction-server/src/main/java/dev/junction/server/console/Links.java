package dev.junction.server.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Addresses and small formats the templates use: every name put into a path is URL-encoded here (jte
 * escapes it for HTML on top), and every link points into the console, never at a value from a record.
 */
public final class Links {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Links() {}

    public static String connection(String name) {
        return "/console/connections/" + segment(name);
    }

    public static String checkConnection(String name) {
        return connection(name) + "/check";
    }

    public static String run(String id) {
        return "/console/runs/" + segment(id);
    }

    public static String flow(String name) {
        return "/console/flows/" + segment(name);
    }

    public static String flowExecution(String id) {
        return "/console/flow-executions/" + segment(id);
    }

    public static String audit(String id) {
        return "/console/audits/" + segment(id);
    }

    public static String inboxEvent(long id) {
        return "/console/inbox/" + id;
    }

    /** The inbox list narrowed to a status (null: every status). */
    public static String inbox(String status) {
        return status == null ? "/console/inbox" : "/console/inbox?status=" + segment(status);
    }

    /** A time as UTC, or an em dash for none. */
    public static String time(Instant at) {
        return at == null ? "—" : TIME.format(at);
    }

    /** A value, or an em dash for none. */
    public static String orDash(Object value) {
        return value == null || value.toString().isEmpty() ? "—" : value.toString();
    }

    /** A value as one URL path segment or query value (URL-encoded), for a console path. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
