package dev.junction.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The console's jte templates ({@code src/main/jte}), compiled to classes at build time by the
 * jte-maven-plugin: nothing is compiled at run time. Templates escape every value they print as HTML
 * (jte's {@code Html} content type), so record data and API text cannot become markup.
 */
public final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {}

    /** The template {@code name} (e.g. {@code "overview.jte"}) with its parameters, as HTML. */
    public static String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(name, params, out);
        return out.toString();
    }

    /** Answers {@code status} with the rendered page and the console's headers. */
    public static void page(Context ctx, int status, String name, Map<String, Object> params) {
        ConsoleHeaders.apply(ctx, false);
        ctx.status(status).contentType("text/html; charset=utf-8").result(render(name, params));
    }
}
