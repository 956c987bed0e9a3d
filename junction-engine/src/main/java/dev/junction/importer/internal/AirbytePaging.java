package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pagination:} of an Airbyte {@code DefaultPaginator}. {@code CursorPagination} becomes
 * {@code cursor} (the {@code cursor_value} {@code {{ response.a.b }}} as {@code nextPath},
 * {@code {{ last_record.id }}} as the last record's key, {@code {{ headers['x'] }}} as
 * {@code nextHeader}), {@code next-url} when the token is the request path, or {@code link} for
 * {@code {{ headers['link']['next']['url'] }}}; a {@code stop_condition} on a has-more flag becomes
 * {@code hasMorePath}. {@code OffsetIncrement} becomes {@code offset} and {@code PageIncrement}
 * {@code page}, both stopping at a short page as Airbyte does. A token sent in the JSON body
 * ({@code inject_into: body_json}) becomes {@code in: body} and a variable of the stream's body.
 */
final class AirbytePaging {
    private static final Pattern NOT = Pattern.compile("\\{\\{\\s*not\\s+(.+?)\\s*}}");
    private static final Pattern IS_NONE = Pattern.compile("\\{\\{\\s*(.+?)\\s*(?:is\\s+[Nn]one|==\\s*None)\\s*}}");
    private static final Pattern IS_FALSE = Pattern.compile("\\{\\{\\s*(.+?)\\s*(?:==|is)\\s*(?:false|False)\\s*}}");
    private final List<String> needsHuman;
    private final List<String> guessed;

    AirbytePaging(List<String> needsHuman, List<String> guessed) {
        this.needsHuman = needsHuman;
        this.guessed = guessed;
    }

    /**
     * @param pagination the {@code pagination:} keys, or null for none
     * @param query page-size parameters to send on every page
     * @param body body fields the pagination fills ({@code 'after': $cursor}), as JSONata values
     */
    record Decision(Map<String, Object> pagination, Map<String, Object> query, Map<String, String> body) {}

    Decision read(JsonNode paginator, String where, String records) {
        Decision none = new Decision(null, Map.of(), Map.of());
        String type = paginator.path("type").asText("");
        if (paginator.isMissingNode() || type.equals("NoPagination")) {
            return none;
        }
        if (!type.equals("DefaultPaginator")) {
            needsHuman.add(where + ": paginator " + type + " is not mapped; the stream reads its first page only until pagination: is set by hand");
            return none;
        }
        JsonNode strategy = paginator.path("pagination_strategy");
        String kind = strategy.path("type").asText("");
        String at = where + ".pagination_strategy";
        Map<String, Object> p = new LinkedHashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        Map<String, String> body = new LinkedHashMap<>();
        JsonNode token = paginator.path("page_token_option");
        JsonNode size = paginator.path("page_size_option");
        switch (kind) {
            case "CursorPagination" -> {
                if (!cursor(strategy, token, at, records, p, body)) {
                    return none;
                }
                sizeParam(strategy, size, where, query, body);
            }
            case "OffsetIncrement" -> {
                p.put("type", "offset");
                if (!position(token, where, p, body, "offsetParam", "$offset")) {
                    return none;
                }
                p.put("limit", strategy.path("page_size").asInt(100));
                String sizeIn = size.isObject() ? in(size, where) : null;
                if ("query".equals(sizeIn)) {
                    p.put("limitParam", size.path("field_name").asText("limit"));
                } else if ("body".equals(sizeIn)) {
                    body.put(size.path("field_name").asText("limit"), "$limit");
                } else if (!size.isObject()) {
                    needsHuman.add(where + ": OffsetIncrement without a page_size_option; Junction still sends the page size as limit=" + p.get("limit")
                            + ": set limitParam to the API's name for it");
                }
                p.put("stopOn", "short");
                if (!strategy.has("page_size")) {
                    needsHuman.add(where + ": OffsetIncrement has no page_size; limit is 100, check it against the API's page size");
                }
            }
            case "PageIncrement" -> {
                p.put("type", "page");
                if (!position(token, where, p, body, "param", "$page")) {
                    return none;
                }
                int start = strategy.path("start_from_page").asInt(0);
                if (start != 0 && start != 1) {
                    needsHuman.add(where + ": start_from_page " + start + " is not 0 or 1; pages start at 1 here, check it");
                    start = 1;
                }
                p.put("start", start);
                if (strategy.has("page_size")) {
                    String sizeIn = size.isObject() ? in(size, where) : null;
                    int pageSize = strategy.path("page_size").asInt();
                    if ("query".equals(sizeIn)) {
                        p.put("sizeParam", size.path("field_name").asText("size"));
                    } else if ("body".equals(sizeIn) && "body".equals(p.get("in"))) {
                        body.put(size.path("field_name").asText("size"), "$size");
                    } else {
                        needsHuman.add(where + ": page_size " + pageSize + " is not sent (no page_size_option Junction can send with this page"
                                + " parameter); the read stops at the first empty page");
                        return new Decision(p, query, body);
                    }
                    p.put("size", pageSize);
                    p.put("stopOn", "short");
                }
            }
            default -> {
                needsHuman.add(at + ": " + (kind.isEmpty() ? "a strategy without a type" : kind) + " is not mapped; the stream reads its first page only until pagination: is set by hand");
                return none;
            }
        }
        return new Decision(p, query, body);
    }

    private boolean cursor(JsonNode s, JsonNode token, String at, String records, Map<String, Object> p, Map<String, String> body) {
        String value = s.path("cursor_value").asText("");
        List<String> response = AirbyteTemplates.accessTemplate(value, "response");
        List<String> last = AirbyteTemplates.accessTemplate(value, "last_record");
        List<String> headers = AirbyteTemplates.accessTemplate(value, "headers");
        String nextPath = null;
        if (headers != null && headers.size() == 3 && headers.get(0).equalsIgnoreCase("link") && headers.get(1).equals("next")) {
            p.put("type", "link");
            guessed.add(at + ": the cursor is the Link header's next URL: pagination link");
            return true;
        } else if (response != null && !response.isEmpty()) {
            nextPath = AirbyteTemplates.jsonPath(response);
        } else if (last != null && !last.isEmpty()) {
            nextPath = records + "[-1]" + AirbyteTemplates.jsonPath(last).substring(1);
            guessed.add(at + ": the cursor is the last record's " + String.join(".", last) + " (" + nextPath + ")");
        } else if (headers == null || headers.size() != 1) {
            needsHuman.add(at + ".cursor_value '" + value + "' is not a path into the response, a header or the last record; set pagination: by hand");
            return false;
        }
        if (token.path("type").asText("").equals("RequestPath")) {
            if (nextPath == null) {
                needsHuman.add(at + ": a next URL in a header other than Link is not mapped; set pagination: by hand");
                return false;
            }
            p.put("type", "next-url");
            p.put("nextPath", nextPath);
            return true;
        }
        p.put("type", "cursor");
        if (nextPath != null) {
            p.put("nextPath", nextPath);
        } else {
            p.put("nextHeader", headers.get(0));
        }
        String in = in(token, at);
        if (in == null) {
            return false;
        }
        if (in.equals("body")) {
            p.put("in", "body");
            body.put(token.path("field_name").asText("cursor"), "$cursor");
        } else {
            p.put("param", token.path("field_name").asText("cursor"));
        }
        stop(s.path("stop_condition"), at, nextPath, p);
        return true;
    }

    /** A has-more flag in the stop condition → {@code hasMorePath}; a stop when the cursor is empty needs nothing. */
    private void stop(JsonNode condition, String at, String nextPath, Map<String, Object> p) {
        if (!condition.isTextual()) {
            return;
        }
        String text = condition.asText();
        Matcher not = NOT.matcher(text.strip());
        Matcher isFalse = IS_FALSE.matcher(text.strip());
        String flag = not.matches() ? not.group(1) : isFalse.matches() ? isFalse.group(1) : null;
        List<String> keys = flag == null ? null : AirbyteTemplates.access(flag, "response");
        if (keys != null && !keys.isEmpty()) {
            String path = AirbyteTemplates.jsonPath(keys);
            if (!path.equals(nextPath)) {
                p.put("hasMorePath", path);
            }
            return;
        }
        Matcher none = IS_NONE.matcher(text.strip());
        List<String> empty = none.matches() ? AirbyteTemplates.access(none.group(1), "response") : null;
        if (empty != null && AirbyteTemplates.jsonPath(empty).equals(nextPath)) {
            return; // stop when the cursor is gone: what Junction does anyway
        }
        needsHuman.add(at + ".stop_condition '" + text + "' is not mapped (Junction stops when the cursor is empty, or with hasMorePath/totalPath); check it");
    }

    /** The page or offset parameter: {@code in: query} with the parameter's name, or {@code in: body} and the body variable. */
    private boolean position(JsonNode token, String where, Map<String, Object> p, Map<String, String> body, String paramKey, String variable) {
        if (!token.isObject()) {
            needsHuman.add(where + ": no page_token_option; the " + p.get("type") + " parameter is sent under Junction's default name, check it");
            return true;
        }
        String in = in(token, where);
        if (in == null) {
            return false;
        }
        if (in.equals("body")) {
            p.put("in", "body");
            body.put(token.path("field_name").asText(variable.substring(1)), variable);
        } else {
            p.put(paramKey, token.path("field_name").asText());
        }
        return true;
    }

    private void sizeParam(JsonNode strategy, JsonNode size, String where, Map<String, Object> query, Map<String, String> body) {
        if (!strategy.has("page_size") || !size.isObject()) {
            return;
        }
        String in = in(size, where);
        if ("query".equals(in)) {
            query.put(size.path("field_name").asText("limit"), strategy.path("page_size").asInt());
        } else if ("body".equals(in)) {
            body.put(size.path("field_name").asText("limit"), String.valueOf(strategy.path("page_size").asInt()));
        }
    }

    /** {@code query} or {@code body} for a RequestOption, or null (noted) for a header or form body. */
    private String in(JsonNode option, String where) {
        String inject = option.path("inject_into").asText("request_parameter");
        return switch (inject) {
            case "request_parameter" -> "query";
            case "body_json" -> "body";
            default -> {
                needsHuman.add(where + ": a page token or size sent in " + inject + " (" + option.path("field_name").asText("") + ") is not mapped;"
                        + " set pagination: by hand");
                yield null;
            }
        };
    }
}
