package dev.junction.server.api.internal;

import dev.junction.engine.ConnectSessions;
import dev.junction.spec.FieldSpec;
import java.util.List;

/**
 * The connect page: plain server-rendered HTML that works without JavaScript. Every value that comes
 * from a definition or a request (connector name, field names and descriptions, defaults) is escaped
 * for HTML text and attributes. Secret fields are password inputs that are never filled in.
 */
public final class ConnectPage {
    private ConnectPage() {}

    /** The response headers the page goes with: no caching, no framing, no referrer (the URL holds the session's token), no scripts. */
    public static final String CSP = dev.junction.server.internal.BrowserProblems.CSP;

    public static String render(ConnectSessions.Page page, String action) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>Connect ").append(escape(page.connectorName())).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:1rem 0 .25rem}")
                .append("input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1.5rem;padding:.5rem 1.25rem}small{color:#555}</style>")
                .append("</head><body>\n<h1>Connect ").append(escape(page.connectorName())).append("</h1>\n")
                .append("<p>Connection <strong>").append(escape(page.session().connection())).append("</strong> for <strong>")
                .append(escape(page.session().tenant())).append("</strong>.</p>\n")
                .append("<form method=\"post\" action=\"").append(escape(action)).append("\">\n")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(page.csrf())).append("\">\n");
        fields(html, "config", page.configFields(), false);
        fields(html, "secrets", page.secretFields(), true);
        html.append("<button type=\"submit\">").append(page.oauth() ? "Continue to sign in" : "Connect").append("</button>\n</form>\n</body></html>\n");
        return html.toString();
    }

    private static void fields(StringBuilder html, String kind, List<FieldSpec> fields, boolean secret) {
        for (FieldSpec field : fields) {
            String id = kind + "." + field.name();
            html.append("<label for=\"").append(escape(id)).append("\">").append(escape(field.name()))
                    .append(field.required() && field.defaultValue() == null ? " (required)" : "").append("</label>");
            if (field.description() != null) {
                html.append("<small>").append(escape(field.description())).append("</small>");
            }
            html.append("<input id=\"").append(escape(id)).append("\" name=\"").append(escape(id)).append("\" type=\"")
                    .append(secret ? "password" : "text").append("\" autocomplete=\"off\"");
            if (!secret && field.defaultValue() != null) {
                html.append(" value=\"").append(escape(field.defaultValue())).append("\"");
            }
            if (field.required() && field.defaultValue() == null) {
                html.append(" required");
            }
            html.append(">\n");
        }
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    public static String escape(String text) {
        return dev.junction.server.internal.BrowserProblems.escape(text);
    }
}
