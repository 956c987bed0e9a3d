package dev.junction.server.api;

import dev.junction.server.ApiRequest;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Answers one page of a list: the body ({@code {items, next}}) and, when a next page exists, a
 * {@code Link: <...>; rel="next"} header with the same query and the next cursor (RFC 8288).
 */
final class Pages {
    private Pages() {}

    static void write(Context ctx, Object page, String next) {
        if (next != null) {
            ctx.header("Link", "<" + nextUrl(ctx, next) + ">; rel=\"next\"");
        }
        ctx.json(page);
    }

    /** This request's URL with {@code cursor} set to {@code next}. */
    static String nextUrl(Context ctx, String next) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            if (!param.getKey().equals("cursor")) {
                for (String value : param.getValue()) {
                    query.add(encode(param.getKey()) + "=" + encode(value));
                }
            }
        }
        query.add("cursor=" + encode(next));
        return ApiRequest.of(ctx).location(ctx.req().getRequestURI()) + "?" + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
