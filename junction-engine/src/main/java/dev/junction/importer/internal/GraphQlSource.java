package dev.junction.importer.internal;

import dev.junction.importer.internal.GraphQlSchema.Arg;
import dev.junction.importer.internal.GraphQlSchema.Field;
import dev.junction.importer.internal.GraphQlSchema.Ref;
import dev.junction.importer.internal.GraphQlSchema.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Reads a GraphQL schema (from an introspection result) into an {@link ApiDescription} whose
 * streams and actions are written whole, since GraphQL has no endpoints to decide from: a stream
 * for each query field that returns a list (a Relay connection pages with {@code relay}; a list
 * with offset or page arguments with {@code offset} or {@code page}, their values bound as
 * variables; other lists are one answer), an action for each mutation field, sending the record as
 * its input. The query of each selects the record type's scalars and one level of nested objects
 * ({@link GraphQlSelection}). Introspection says nothing about auth: a bearer token is the placeholder.
 */
public final class GraphQlSource {
    private static final Set<String> JSONATA_WORDS = Set.of("and", "or", "in", "true", "false", "null", "function");
    private final GraphQlSchema schema;
    private final GraphQlSelection selection;
    private final ApiDescription api = new ApiDescription();
    private final String path;

    /**
     * @param location where the schema came from (a file or URL), for the connector's name
     * @param endpoint the GraphQL endpoint the schema was read from (its origin becomes the base URL and its path the
     *     request path), or null when it came from a file or a saved result
     */
    public GraphQlSource(GraphQlSchema schema, String location, String endpoint) {
        this.schema = schema;
        this.selection = new GraphQlSelection(schema);
        api.kind = "graphql";
        api.description = schema.description;
        if (endpoint != null) {
            URI uri = URI.create(endpoint);
            api.baseUrl = uri.getScheme() + "://" + uri.getRawAuthority();
            path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            api.title = uri.getHost();
            api.titleFrom = "the endpoint's host";
            api.guessed.add("every call is a POST to " + path + ", the endpoint the schema was read from");
        } else {
            path = "/graphql";
            String file = location.replaceAll("[?#].*$", "").replaceAll("^.*[/\\\\]", "");
            api.title = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
            api.titleFrom = "the file name";
            api.needsHuman.add("an introspection result does not say where the API is: every connection sets config.baseUrl (the server's origin),"
                    + " and every call is a POST to /graphql under it; change request.path if the endpoint is elsewhere");
        }
        api.auth = Auths.bearer();
        api.needsHuman.add("auth: an introspection result does not say how the API authenticates; the connector sends a bearer token"
                + " (secrets.token) in the Authorization header: change auth: for an API key, basic or OAuth 2.0 (docs/connectors.md)");
    }

    public ApiDescription read() {
        for (Field f : schema.rootFields(schema.queryType)) {
            stream(f);
        }
        if (schema.mutationType != null) {
            for (Field f : schema.rootFields(schema.mutationType)) {
                action(f);
            }
        }
        api.needsHuman.add("what introspection does not say: rate limits (rateLimit:), query cost limits (rateLimit.cost: where the answers report the points left) and the page size the API allows; add them from its documentation");
        return api;
    }

    private void stream(Field f) {
        String at = "query field " + f.name();
        if (f.deprecated()) {
            api.guessed.add(at + ": deprecated; no stream for it");
            return;
        }
        Ref ret = f.type();
        Type returned = schema.type(ret.named());
        List<String> nodeSelection;
        String records;
        String key = null;
        String node;
        boolean relay = false;
        String detail;
        if (schema.isConnection(ret)) {
            Field nodes = GraphQlSchema.field(returned, "nodes");
            Field edges = GraphQlSchema.field(returned, "edges");
            if (nodes != null && schema.isComposite(nodes.type())) {
                node = nodes.type().named();
                records = "$.data." + f.name() + ".nodes";
                detail = "nodes";
            } else {
                Field inner = edges == null ? null : GraphQlSchema.field(schema.type(edges.type().named()), "node");
                if (inner == null || !schema.isComposite(inner.type())) {
                    api.needsHuman.add(at + ": a connection " + ret.named() + " without nodes or edges { node }; not imported");
                    return;
                }
                node = inner.type().named();
                records = "$.data." + f.name() + ".edges";
                key = "node.";
                detail = "edges";
            }
            relay = true;
        } else if (ret.isList() && schema.isComposite(ret)) {
            node = ret.named();
            records = "$.data." + f.name();
            detail = null;
        } else if (!ret.isList() && schema.isComposite(ret) && wrapped(returned) != null) {
            Field list = wrapped(returned);
            node = list.type().named();
            records = "$.data." + f.name() + "." + list.name();
            detail = list.name();
        } else {
            api.guessed.add(at + ": answers " + (ret.isList() ? "a list of " + ret.named() + " values" : "a single " + ret.named()) + ", not a list of records; no stream for it");
            return;
        }
        if (schema.type(node).kind().equals("UNION")) {
            api.needsHuman.add(at + ": its records are the union " + node + "; not imported (select its types with fragments by hand)");
            return;
        }
        String stream = Names.field(f.name());
        Arg first = relay ? f.arg("first") : null;
        Arg after = relay ? f.arg("after") : null;
        Arg offset = arg(f, Paging.OFFSET_PARAMS);
        Arg page = arg(f, Paging.PAGE_PARAMS);
        Arg size = first != null ? first : arg(f, sizeNames());
        Arg since = arg(f, Records.SINCE_PARAMS);
        List<String> required = new ArrayList<>();
        for (Arg a : f.args()) {
            if (a.required() && a != size && a != offset && a != page && a != after) {
                required.add(a.name() + ": " + a.type().text());
            }
        }
        if (!required.isEmpty()) {
            api.needsHuman.add(at + ": takes the required argument(s) " + String.join(", ", required)
                    + "; not imported (add a stream by hand, with a parent: when the values come from another stream's records)");
            return;
        }
        GraphQlSelection.Selected selected = selection.of(node);
        int pageSize = pageSize(size);
        Map<String, Object> pagination = null;
        Map<String, String> variables = new LinkedHashMap<>();
        String where = "stream '" + stream + "' (" + at + ")";
        if (relay && after != null) {
            pagination = ordered("type", "relay");
            if (first != null) {
                variables.put(first.name(), String.valueOf(pageSize));
            }
            variables.put(after.name(), "$cursor");
            api.guessed.add(where + ": pagination relay, " + (first == null ? "" : pageSize + " records a page in " + first.name() + ", ")
                    + "the pageInfo's endCursor as " + after.name());
        } else if (relay) {
            api.needsHuman.add(where + ": a connection without an 'after' argument; it reads the first page only");
        } else if (offset != null) {
            pagination = ordered("type", "offset");
            pagination.put("limit", pageSize);
            pagination.put("stopOn", "empty");
            variables.put(offset.name(), "$offset");
            if (size != null) {
                variables.put(size.name(), "$limit");
            } else {
                api.needsHuman.add(where + ": it takes an offset '" + offset.name() + "' but no page size argument; check pagination.limit");
            }
            api.guessed.add(where + ": pagination offset in " + offset.name() + (size == null ? "" : ", " + pageSize + " records a page in " + size.name())
                    + "; it stops at the first empty page");
        } else if (page != null) {
            pagination = ordered("type", "page");
            pagination.put("start", "0".equals(page.defaultValue()) ? 0 : 1);
            variables.put(page.name(), "$page");
            if (size != null) {
                pagination.put("size", pageSize);
                variables.put(size.name(), "$size");
            }
            api.guessed.add(where + ": pagination page, numbering pages from " + pagination.get("start") + " in " + page.name()
                    + (size == null ? "" : ", " + pageSize + " records a page in " + size.name()) + "; it stops at the first empty page");
        } else if (size != null) {
            variables.put(size.name(), String.valueOf(pageSize));
            api.needsHuman.add(where + ": it takes a page size '" + size.name() + "' but nothing says how to ask for the next page; it reads the first page only");
        } else {
            api.guessed.add(where + ": no paging arguments; the whole list is one answer");
        }
        Map<String, Object> incremental = null;
        if (since != null) {
            String field = updatedField(selected.shape());
            if (field != null) {
                incremental = ordered("cursorField", (key == null ? "" : key) + field);
                variables.put(since.name(), "$since");
                api.guessed.add(where + ": incremental reads by " + field + ", sending the checkpoint as " + since.name());
            }
        }
        String pk = Records.primaryKey(selected.shape(), stream);
        if (pk == null) {
            pk = "id";
            api.needsHuman.add("stream '" + stream + "': no field of its records looks like a key; primaryKey is 'id', check it");
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("request", Map.of("path", path));
        keys.put("graphql", graphql(query("query", f, variables.keySet(), body(detail, selected.lines())), variables));
        keys.put("records", records);
        keys.put("primaryKey", (key == null ? "" : key) + pk);
        if (pagination != null) {
            keys.put("pagination", pagination);
        }
        if (incremental != null) {
            keys.put("incremental", incremental);
        }
        List<String> comments = new ArrayList<>();
        comments.add(at + (f.description() == null ? "" : ": " + oneLine(f.description())));
        comments.add("records (" + node + "): " + selected.shape().describeFields());
        if (!selected.skipped().isEmpty()) {
            comments.add("not selected: " + String.join(", ", selected.skipped()));
        }
        api.streams.add(new ApiDescription.Prepared(stream, comments, keys));
    }

    private void action(Field f) {
        String at = "mutation field " + f.name();
        if (f.deprecated()) {
            api.guessed.add(at + ": deprecated; no action for it");
            return;
        }
        String action = Names.field(f.name());
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> comments = new ArrayList<>();
        comments.add(at + (f.description() == null ? "" : ": " + oneLine(f.description())));
        for (Arg a : f.args()) {
            Type t = schema.type(a.type().named());
            if (t != null && t.kind().equals("INPUT_OBJECT")) {
                StringJoiner input = new StringJoiner(", ", "{ ", " }");
                t.inputFields().forEach(in -> input.add("'" + in.name() + "': " + recordField(in.name())));
                String one = t.inputFields().isEmpty() ? "$record" : input.toString();
                variables.put(a.name(), a.type().isList() ? "[" + one + "]" : one); // a list input: the one record of the call
                comments.add(a.name() + " (" + a.type().text() + ") from the record's fields of the same names: " + GraphQlSelection.describe(t.inputFields()));
            } else {
                variables.put(a.name(), recordField(a.name()));
                comments.add(a.name() + " (" + a.type().text() + ") from the record's field " + a.name());
            }
        }
        List<String> selected = schema.isLeaf(f.type()) ? null : selection.of(f.type().named()).lines();
        comments.add("one record per call; add batch: and results: if the API has a bulk mutation");
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("request", Map.of("path", path));
        keys.put("graphql", graphql(query("mutation", f, variables.keySet(), selected), variables));
        api.actions.add(new ApiDescription.Prepared(action, comments, keys));
    }

    /** The operation's text: {@code query Users($first: Int, $after: String) { users(first: $first, after: $after) { ... } }}. */
    private static String query(String operation, Field f, Iterable<String> variables, List<String> body) {
        StringJoiner declared = new StringJoiner(", ", "(", ")").setEmptyValue("");
        StringJoiner passed = new StringJoiner(", ", "(", ")").setEmptyValue("");
        for (String v : variables) {
            declared.add("$" + v + ": " + f.arg(v).type().text());
            passed.add(v + ": $" + v);
        }
        StringBuilder q = new StringBuilder(operation).append(' ').append(Character.toUpperCase(f.name().charAt(0))).append(f.name().substring(1))
                .append(declared).append(" {\n  ").append(f.name()).append(passed);
        if (body == null) {
            return q.append("\n}\n").toString();
        }
        q.append(" {\n");
        body.forEach(line -> q.append("    ").append(line).append('\n'));
        return q.append("  }\n}\n").toString();
    }

    /** The selection under the field: the records' own, under nodes, edges { node } or the wrapping list, with the page info for Relay. */
    private static List<String> body(String detail, List<String> record) {
        if (detail == null) {
            return record;
        }
        List<String> out = new ArrayList<>();
        if (detail.equals("edges")) {
            out.add("edges {");
            out.add("  node {");
            record.forEach(l -> out.add("    " + l));
            out.add("  }");
            out.add("}");
        } else {
            out.add(detail + " {");
            record.forEach(l -> out.add("  " + l));
            out.add("}");
        }
        if (detail.equals("edges") || detail.equals("nodes")) {
            out.add("pageInfo { hasNextPage endCursor }");
        }
        return out;
    }

    private static Map<String, Object> graphql(String query, Map<String, String> variables) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("query", new YamlText.Literal(query));
        if (!variables.isEmpty()) {
            StringJoiner v = new StringJoiner(", ", "{ ", " }");
            variables.forEach((k, value) -> v.add("'" + k + "': " + value));
            g.put("variables", v.toString());
        }
        return g;
    }

    /** The list field of an object that wraps one page ({@code AuditPage { items: [AuditEvent!]! }}): a wrapper name, else the only list of objects. */
    private Field wrapped(Type type) {
        if (type == null || !type.kind().equals("OBJECT")) {
            return null;
        }
        List<Field> lists = type.fields().stream().filter(x -> x.type().isList() && schema.isComposite(x.type()) && x.selectable()).toList();
        for (Field x : lists) {
            if (Records.WRAPPERS.contains(Names.plain(x.name()))) {
                return x;
            }
        }
        return lists.size() == 1 ? lists.get(0) : null;
    }

    private static Arg arg(Field f, Set<String> names) {
        return f.args().stream().filter(a -> names.contains(Names.plain(a.name()))).findFirst().orElse(null);
    }

    private static Set<String> sizeNames() {
        Set<String> names = new java.util.HashSet<>(Paging.SIZE_PARAMS);
        names.add("take");
        return names;
    }

    /** The page size: the argument's default, else 100. */
    private static int pageSize(Arg size) {
        return size != null && size.defaultValue() != null && size.defaultValue().matches("[1-9][0-9]{0,5}") ? Integer.parseInt(size.defaultValue())
                : Paging.DEFAULT_SIZE;
    }

    private static String updatedField(Shape record) {
        for (String wanted : Records.UPDATED_FIELDS) {
            for (String name : record.properties().keySet()) {
                if (Names.plain(name).equals(wanted) && !record.properties().get(name).isObject()) {
                    return name;
                }
            }
        }
        return null;
    }

    /** {@code $record.title}; a name JSONata reads as an operator is quoted ({@code $record.`in`}). */
    private static String recordField(String name) {
        return "$record." + (JSONATA_WORDS.contains(name.toLowerCase(Locale.ROOT)) ? "`" + name + "`" : name);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static Map<String, Object> ordered(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
