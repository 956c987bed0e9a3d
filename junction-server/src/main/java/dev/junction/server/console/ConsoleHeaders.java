package dev.junction.server.console;

import io.javalin.http.Context;

/**
 * The headers of every console answer (pages, error pages, redirects, assets): a strict
 * Content-Security-Policy — scripts and styles only from this server's files, no inline script or
 * style, no framing, forms post only here — and no caching of pages, which show a tenant's data.
 */
public final class ConsoleHeaders {
    /** Only the console's own files; htmx's requests go to this server only; nothing inline. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ConsoleHeaders() {}

    /** Sets the security headers; {@code cacheable} for static assets, which hold no data. */
    public static void apply(Context ctx, boolean cacheable) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", cacheable ? "public, max-age=3600" : "no-store");
    }
}
