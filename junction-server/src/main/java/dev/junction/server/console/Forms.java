package dev.junction.server.console;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the console's form handlers share: reading a posted field (blank is none), the fields under a
 * prefix ({@code config.NAME}), and the answer every form gets when it worked: 303 to a console page
 * (post, then redirect), so a reload does not post again.
 */
final class Forms {
    private Forms() {}

    /** The posted (or query) field {@code name}, stripped; null when missing or blank. */
    static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The non-empty posted fields named {@code prefix + NAME}, by NAME, in form order. Values are kept as given (a secret may have spaces). */
    static Map<String, String> prefixed(Context ctx, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, values) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length() && !values.isEmpty() && !values.getFirst().isEmpty()) {
                out.put(name.substring(prefix.length()), values.getFirst());
            }
        });
        return out;
    }

    /** 303 to {@code location}, a console path (never one taken from data). */
    static void seeOther(Context ctx, String location) {
        ConsoleHeaders.apply(ctx, false);
        ctx.status(303).header("Location", location).result("");
    }
}
