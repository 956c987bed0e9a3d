package dev.junction.server.internal;

import dev.junction.server.ApiProblem;
import io.javalin.http.Context;

/**
 * Errors of the browser-facing connect routes ({@code /connect/...}) for a browser: a request that
 * accepts {@code text/html} gets, instead of problem+json, either a redirect back to the product (when
 * the connect session is known, its return URL — checked against the allow-list when the session was
 * made — with {@code status=error&connection=NAME&error=CODE}) or a small HTML page with the problem's
 * title and detail, escaped, under the connect page's Content-Security-Policy. Neither carries more
 * than the problem's detail, which never holds a secret; the redirect carries only a code.
 */
public final class BrowserProblems {
    /** The context attribute a connect route sets once it knows the session: its return URL and connection ({@link Back}). */
    public static final String BACK = "dev.junction.server.connect.back";
    /** The connect page's policy: no scripts, no framing, inline styles only. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

    /** Where a known session's browser goes back to. */
    public record Back(String returnUrl, String connection) {}

    private BrowserProblems() {}

    /** Whether this error is a browser's on a connect route: it accepts text/html (an API client asks for JSON or nothing). */
    static boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.path().startsWith("/connect/") && accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    /** The code a product reads in {@code error=}: what kind of problem, nothing more. */
    static String code(ApiProblem problem) {
        return switch (problem.status()) {
            case 400 -> "invalid_request";
            case 401, 404 -> "link_expired";
            case 409 -> "refused";
            default -> "server_error";
        };
    }

    static void write(Context ctx, ApiProblem problem) {
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", CSP);
        if (ctx.attribute(BACK) instanceof Back back && back.returnUrl() != null) {
            ctx.status(303).header("Location", withParams(back.returnUrl(), back.connection(), code(problem)));
            ctx.result("");
            return;
        }
        ctx.status(problem.status()).contentType("text/html; charset=utf-8").result(page(problem));
    }

    static String page(ApiProblem problem) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + escape(problem.title()) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style></head><body>\n"
                + "<h1>" + escape(problem.title()) + "</h1>\n<p>" + escape(problem.detail()) + "</p>\n</body></html>\n";
    }

    private static String withParams(String returnUrl, String connection, String code) {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("status", "error");
        params.put("connection", connection);
        params.put("error", code);
        return dev.junction.engine.internal.ConnectDrafts.withParams(returnUrl, params).toString();
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
