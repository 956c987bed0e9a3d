package dev.junction.importer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns what a source read ({@link ApiDescription}) into connector YAML: a config field for the base
 * URL, the auth and its secrets, a stream per list endpoint (records path, primary key, pagination,
 * incremental reads and a {@code get:} where a {@code GET /things/{id}} sits beside the list) and an
 * action per write. Every decision the description did not state is written down as a comment: at
 * the top, the summary of what was guessed and what needs a human; above each stream and action,
 * the endpoint it came from and its record fields (the connector YAML has no place for a record
 * schema of its own).
 */
public final class ConnectorDraft {
    private final ApiDescription api;
    private final String name;
    private final Names streamNames = new Names();
    private final Names actionNames = new Names();
    private final Map<String, Map<String, Object>> config = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> secrets = new LinkedHashMap<>();
    private final List<Block> streams = new ArrayList<>();
    private final List<Block> actions = new ArrayList<>();
    private final List<String> guessed = new ArrayList<>();
    private final List<String> needsHuman = new ArrayList<>();

    /** One stream or action: its comments and its keys in order (a value is a scalar, list or flow map). */
    record Block(String name, List<String> comments, Map<String, Object> keys) {}

    public ConnectorDraft(ApiDescription api, String requestedName) {
        this.api = api;
        String wanted = requestedName != null ? requestedName : api.title;
        this.name = Names.connector(wanted);
        if (requestedName != null && !name.equals(requestedName)) {
            guessed.add("name '" + requestedName + "' is not a connector name ([a-z0-9][a-z0-9-]*); used '" + name + "'");
        } else if (requestedName == null) {
            guessed.add("name '" + name + "' from " + api.titleFrom + (api.title == null ? " (there is none)" : " '" + api.title + "'") + "; change it with --name");
        }
        guessed.addAll(api.guessed);
        needsHuman.addAll(api.needsHuman);
        baseUrlField();
        auth();
        api.config.forEach(config::putIfAbsent);
        api.secrets.forEach(secrets::putIfAbsent);
        for (boolean nested : new boolean[] {false, true}) { // plain lists first: they may be the parents of nested ones
            for (Endpoint endpoint : api.endpoints) {
                if (endpoint.method().equals("GET") && endpoint.pathParams().isEmpty() != nested) {
                    stream(endpoint);
                }
            }
        }
        for (Endpoint endpoint : api.endpoints) {
            if (List.of("POST", "PUT", "PATCH", "DELETE").contains(endpoint.method())) {
                action(endpoint);
            }
        }
        for (ApiDescription.Prepared p : api.streams) {
            streams.add(new Block(streamNames.unique(p.name()), p.comments(), p.keys()));
        }
        for (ApiDescription.Prepared p : api.actions) {
            actions.add(new Block(actionNames.unique(p.name()), p.comments(), p.keys()));
        }
        if (streams.isEmpty() && api.kind.equals("graphql")) {
            needsHuman.add("no query field returns a list of records; add streams by hand");
        } else if (streams.isEmpty() && api.kind.equals("airbyte")) {
            needsHuman.add("no stream of the manifest could be imported (see the notes above); add streams by hand");
        } else if (streams.isEmpty()) {
            needsHuman.add("no list endpoint was found (a GET answering an array, or an object wrapping one); add streams by hand");
        }
    }

    public String name() {
        return name;
    }

    public List<String> streams() {
        return streams.stream().map(Block::name).toList();
    }

    public List<String> actions() {
        return actions.stream().map(Block::name).toList();
    }

    public List<String> guessed() {
        return List.copyOf(guessed);
    }

    public List<String> needsHuman() {
        return List.copyOf(needsHuman);
    }

    /** The connector's {@code baseUrl} template. */
    String baseUrl() {
        return api.baseUrlTemplate != null ? api.baseUrlTemplate : "{{ config.baseUrl }}";
    }

    private void baseUrlField() {
        if (api.baseUrlTemplate != null) {
            return; // the source wrote it over its own config fields
        }
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("type", "string");
        boolean absolute = api.baseUrl != null && api.baseUrl.matches("(?i)https?://.+");
        if (absolute) {
            field.put("default", api.baseUrl.replaceAll("/+$", ""));
        }
        field.put("description", "Where the API lives; the description's server is the default");
        config.put("baseUrl", field);
        if (!absolute) {
            if (!api.kind.equals("graphql")) { // the GraphQL source says it itself, with the endpoint's path
                needsHuman.add("the description names no absolute server URL" + (api.baseUrl == null ? "" : " (only '" + api.baseUrl + "')")
                        + "; every connection sets config.baseUrl");
            }
        } else {
            guessed.add("baseUrl is the config field baseUrl, by default " + switch (api.kind) {
                case "graphql" -> "the endpoint's origin ";
                case "airbyte" -> "the manifest's url_base ";
                default -> "the first server ";
            }
                    + field.get("default"));
        }
        if (!api.serverVariables.isEmpty()) {
            StringJoiner vars = new StringJoiner("; ");
            api.serverVariables.forEach((k, v) -> vars.add(k + " = " + v));
            needsHuman.add("the server URL has variables, filled with their defaults in config.baseUrl's default: " + vars);
        }
    }

    private void auth() {
        if (api.auth == null) {
            return;
        }
        api.auth.config().forEach((field, about) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "string");
            if (about[1] != null) {
                f.put("default", about[1]);
            }
            f.put("description", about[0]);
            config.putIfAbsent(field, f);
        });
        api.auth.secrets().forEach((field, about) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            if (about[1] != null) {
                f.put("required", false);
            }
            f.put("description", about[0]);
            secrets.putIfAbsent(field, f);
        });
    }

    private void stream(Endpoint endpoint) {
        String wanted = Names.field(lastSegment(endpoint.path(), endpoint.id()));
        Records.Found found = Records.find(endpoint.response(), wanted);
        if (found == null && !endpoint.pathParams().isEmpty()) {
            return; // one record by its key: a get: of the list beside it, when there is one
        }
        if (found == null) {
            if (endpoint.response().kind() == Shape.Kind.UNKNOWN) {
                needsHuman.add(endpoint.where() + ": its answer is not described as JSON; not imported (add a stream by hand if it lists records)");
            } else {
                guessed.add(endpoint.where() + ": answers a single object, not a list; no stream for it");
            }
            return;
        }
        String stream = streamNames.unique(streamNames.taken(wanted) ? Names.field(String.join("_", segments(endpoint.path()))) : wanted);
        List<String> comments = new ArrayList<>();
        comments.add(endpoint.where() + (endpoint.summary() == null ? "" : ": " + endpoint.summary()));
        Map<String, Object> request = new LinkedHashMap<>();
        Map<String, Object> parent = new LinkedHashMap<>();
        request.put("path", nestedPath(endpoint, stream, parent));
        Endpoint one = byKey(endpoint.path());
        String key = Records.primaryKey(found.record(), stream);
        if (one != null && found.record() != null && found.record().properties().containsKey(one.pathParams().get(0))) {
            key = Records.key(one.pathParams().get(0)); // GET /products/{sku} beside the list: sku is the key
        }
        if (key == null) {
            key = "id";
            needsHuman.add("stream '" + stream + "': no field of its records looks like a key; primaryKey is 'id', check it");
        }
        Paging.Decision paging = Paging.decide(endpoint, stream, found.path(), key);
        Map<String, Object> query = new LinkedHashMap<>(paging.query());
        for (Endpoint.Param p : endpoint.query()) {
            if (p.required() && !query.containsKey(p.name()) && !usedByPaging(paging, p.name())) {
                String field = Names.field(p.name());
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("type", "string");
                f.put("description", "Query parameter " + p.name() + " of " + endpoint.where());
                config.putIfAbsent(field, f);
                query.put(p.name(), "{{ config." + field + " }}");
                needsHuman.add("stream '" + stream + "': the required query parameter " + p.name() + " is the config field " + field);
            }
        }
        if (!query.isEmpty()) {
            request.put("query", query);
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("request", request);
        keys.put("records", found.path());
        keys.put("primaryKey", key);
        if (paging.pagination() != null) {
            keys.put("pagination", paging.pagination());
        }
        if (!parent.isEmpty()) {
            keys.put("parent", parent);
        }
        guessed.addAll(paging.guessed());
        needsHuman.addAll(paging.needsHuman());
        String[] incremental = Records.incremental(endpoint, found.record());
        if (incremental != null) {
            Map<String, Object> inc = new LinkedHashMap<>();
            inc.put("cursorField", Records.key(incremental[0]));
            inc.put("param", incremental[1]);
            keys.put("incremental", inc);
            guessed.add("stream '" + stream + "': incremental reads by " + incremental[0] + ", sending the checkpoint as " + incremental[1]);
        }
        if (one != null) {
            String param = one.pathParams().get(0);
            keys.put("get", Map.of("path", one.path().replace("{" + param + "}", "{{ id }}")));
            guessed.add("stream '" + stream + "': get fetches one record with " + one.where() + ", its key as " + param);
        }
        if (found.record() != null && found.record().isObject()) {
            comments.add("records" + (found.record().name() == null ? "" : " (" + found.record().name() + ")") + ": " + found.record().describeFields());
        }
        streams.add(new Block(stream, comments, keys));
    }

    /**
     * The request path of a list under path parameters: read once per record of the plain stream whose
     * path comes before its one parameter ({@code /orgs/{org}/members} under {@code /orgs}: a
     * sub-stream), else with each parameter as a required config field ({@code /repos/{owner}/{repo}/issues}).
     */
    private String nestedPath(Endpoint endpoint, String stream, Map<String, Object> parent) {
        String path = endpoint.path();
        if (endpoint.pathParams().isEmpty()) {
            return path;
        }
        if (endpoint.pathParams().size() == 1) {
            String param = endpoint.pathParams().get(0);
            for (Block b : streams) {
                String parentPath = String.valueOf(((Map<?, ?>) b.keys().get("request")).get("path"));
                String key = String.valueOf(b.keys().get("primaryKey"));
                if (!b.keys().containsKey("parent") && path.startsWith(parentPath + "/{" + param + "}/") && key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                    parent.put("stream", b.name());
                    parent.put("key", key);
                    guessed.add("stream '" + stream + "' reads " + endpoint.where() + " once for each record of stream '" + b.name() + "', with its "
                            + key + " as " + param);
                    return path.replace("{" + param + "}", "{{ parent." + key + " }}");
                }
            }
        }
        for (String param : endpoint.pathParams()) {
            String field = Names.field(param);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "string");
            f.put("description", "Path parameter " + param + " of " + endpoint.where());
            config.putIfAbsent(field, f);
            path = path.replace("{" + param + "}", "{{ config." + field + " }}");
        }
        needsHuman.add("stream '" + stream + "': the path parameters " + String.join(", ", endpoint.pathParams())
                + " are config fields of the same names (one value per connection); make it a sub-stream (parent:) if they come from another stream's records");
        return path;
    }

    private static boolean usedByPaging(Paging.Decision paging, String param) {
        return paging.pagination() != null && paging.pagination().containsValue(param);
    }

    /** A {@code GET <path>/{key}} answering an object, for a stream's {@code get:}. */
    private Endpoint byKey(String listPath) {
        for (Endpoint e : api.endpoints) {
            if (e.method().equals("GET") && e.pathParams().size() == 1 && e.path().equals(listPath + "/{" + e.pathParams().get(0) + "}")
                    && e.response().isObject() && Records.find(e.response(), "") == null) {
                return e;
            }
        }
        return null;
    }

    private void action(Endpoint endpoint) {
        String wanted = endpoint.id() != null ? Names.field(endpoint.id())
                : Names.field(endpoint.method().toLowerCase(Locale.ROOT) + "_" + String.join("_", segments(endpoint.path())));
        String action = actionNames.unique(wanted);
        if (!action.equals(wanted) || (endpoint.id() != null && !wanted.equals(endpoint.id()))) {
            guessed.add("action '" + action + "' named after " + (endpoint.id() != null ? "operation '" + endpoint.id() + "'" : endpoint.where())
                    + (action.equals(wanted) ? "" : " (the name was taken)"));
        }
        String path = endpoint.path();
        for (String param : endpoint.pathParams()) {
            String field = Names.field(param);
            path = path.replace("{" + param + "}", "{{ record." + field + " }}");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", endpoint.method());
        request.put("path", path);
        if (endpoint.hasBody()) {
            request.put("body", "$record");
        }
        List<String> comments = new ArrayList<>();
        comments.add(endpoint.where() + (endpoint.summary() == null ? "" : ": " + endpoint.summary()));
        if (!endpoint.pathParams().isEmpty()) {
            comments.add("one record per call; " + String.join(", ", endpoint.pathParams()) + " come" + (endpoint.pathParams().size() == 1 ? "s" : "")
                    + " from the record's field of that name");
        }
        if (endpoint.hasBody()) {
            comments.add("sends each record as the body; add batch: { maxRecords: N } and a body such as \"{ 'items': $records }\" if the API takes several");
        }
        for (Endpoint.Param p : endpoint.query()) {
            if (p.required()) {
                needsHuman.add("action '" + action + "': the required query parameter " + p.name() + " is not sent; add request.query");
            }
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("request", request);
        actions.add(new Block(action, comments, keys));
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            out.add(segment.startsWith("{") ? "by_" + segment.replaceAll("[{}]", "") : segment);
        }
        return out.isEmpty() ? List.of("root") : out;
    }

    private static String lastSegment(String path, String id) {
        List<String> parts = segments(path);
        String last = parts.get(parts.size() - 1);
        if (last.matches("v[0-9]+") || last.equals("root")) {
            return id != null ? id : "records";
        }
        return last;
    }

    /** The connector YAML, the summary first (see {@link ConnectorYaml}). */
    public String yaml(String source) {
        return ConnectorYaml.connector(this, api, source);
    }

    /** A connection of this connector taking every value from the environment (see {@link ConnectorYaml#connection}). */
    public String connectionYaml() {
        return ConnectorYaml.connection(this);
    }

    Map<String, Map<String, Object>> config() {
        return config;
    }

    Map<String, Map<String, Object>> secrets() {
        return secrets;
    }

    List<Block> streamBlocks() {
        return streams;
    }

    List<Block> actionBlocks() {
        return actions;
    }
}
