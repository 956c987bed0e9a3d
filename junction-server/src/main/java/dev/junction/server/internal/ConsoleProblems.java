package dev.junction.server.internal;

import dev.junction.server.ApiProblem;
import dev.junction.server.ConsoleSessions;
import dev.junction.server.console.Chrome;
import dev.junction.server.console.ConsoleHeaders;
import dev.junction.server.console.Templates;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Errors of the console's pages for a browser (a request to {@code /console...} that accepts
 * {@code text/html}): 401 sends it to the sign-in form, anything else is an HTML page with the problem's
 * title and detail, escaped, under the console's Content-Security-Policy. API clients (no
 * {@code text/html} in {@code Accept}) still get problem+json.
 */
final class ConsoleProblems {
    private ConsoleProblems() {}

    static boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        String path = ctx.path();
        return (path.equals(ConsoleSessions.PREFIX) || path.startsWith(ConsoleSessions.PREFIX + "/"))
                && accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    static void write(Context ctx, ApiProblem problem) {
        if (problem.status() == 401) {
            ConsoleHeaders.apply(ctx, false);
            ctx.status(303).header("Location", "/console/sign-in").result("");
            return;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", Chrome.of(problem.title(), "error", null, null));
        params.put("status", problem.status());
        params.put("detail", problem.detail());
        Templates.page(ctx, problem.status(), "error.jte", params);
    }
}
