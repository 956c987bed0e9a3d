package dev.junction.server.api;

import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Param;
import dev.junction.server.ProblemError;
import dev.junction.store.PageCursor;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query parameters of a route, read strictly: a parameter the route does not declare, one given
 * twice, a limit outside 1..{@value #MAX_LIMIT}, a time that is not ISO 8601, an unknown name of a
 * choice or a cursor no earlier page gave out is a 400 naming the parameter and what it takes.
 */
final class QueryParams {
    static final int MAX_LIMIT = 1000;
    private final Context ctx;

    private QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    /** The request's query, checked against the parameters its route declares. */
    static QueryParams of(Context ctx) {
        Set<String> declared = ApiRequest.of(ctx).route().operation().params().stream().filter(p -> p.in() == Param.In.QUERY).map(Param::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String name : ctx.queryParamMap().keySet()) {
            if (!declared.contains(name)) {
                throw bad(name, "is not a parameter of this route; it takes " + (declared.isEmpty() ? "none" : String.join(", ", declared)));
            }
        }
        return new QueryParams(ctx);
    }

    /** The parameter's text, stripped; null when absent or blank. */
    String text(String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw bad(name, "is given " + values.size() + " times; give it once");
        }
        String value = values.isEmpty() ? null : values.getFirst().strip();
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code limit}: 1..{@value #MAX_LIMIT}, or {@code fallback} when absent. */
    int limit(int fallback) {
        Integer limit = integer("limit", 1, MAX_LIMIT);
        return limit == null ? fallback : limit;
    }

    /** A whole number from {@code min} to {@code max}; null when absent. */
    Integer integer(String name, int min, int max) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw bad(name, "must be a whole number from " + min + " to " + max + "; got '" + echo(value) + "'");
    }

    /** An instant in ISO 8601 with a zone ({@code 2026-05-04T10:15:30Z}, {@code ...+02:00}); null when absent. */
    Instant time(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(name, "must be a time in ISO 8601 with a zone, such as 2026-05-04T10:15:30Z; got '" + echo(value) + "'");
        }
    }

    /** One of an enum's constants, by its lower-case name; null when absent. */
    <E extends Enum<E>> E choice(String name, Class<E> type) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw bad(name, "must be one of " + names(type) + "; got '" + echo(value) + "'");
    }

    /** {@code cursor}, checked to be one a page of the {@code kind} list gave out; null when absent. */
    String cursor(String kind, boolean numericIds) {
        String value = text("cursor");
        if (value == null) {
            return null;
        }
        try {
            if (numericIds) {
                PageCursor.decodeNumeric(kind, value);
            } else {
                PageCursor.decode(kind, value);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw bad("cursor", "is not one an earlier page of this list gave out (take 'next' of the page before); leave it out for the first page");
        }
    }

    /** The lower-case names of an enum's constants, for messages and documentation. */
    static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private static ApiProblem bad(String name, String what) {
        String message = "query parameter '" + name + "' " + what;
        return new ApiProblem.BadRequest(Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".", List.of(ProblemError.at(name, message)));
    }

    private static String echo(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
