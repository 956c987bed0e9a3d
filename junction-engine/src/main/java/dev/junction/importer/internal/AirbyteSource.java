package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Airbyte low-code manifest ({@code type: DeclarativeSource}) into an {@link ApiDescription}
 * whose streams are written whole, as {@link GraphQlSource} does: references and parameters resolved
 * ({@link AirbyteRefs}), the spec's properties as config and secret fields ({@link AirbyteFields}),
 * each {@code DeclarativeStream} with a {@code SimpleRetriever} as a stream (its requester's path,
 * method, query, headers and a simple JSON body, the extractor's records path, the primary key,
 * pagination by {@link AirbytePaging}, a {@code DatetimeBasedCursor} as incremental reads and a
 * {@code SubstreamPartitionRouter} as a sub-stream), the first stream's authenticator by
 * {@link AirbyteAuth}. Whatever has no Junction form is listed for a human; nothing is dropped silently.
 */
public final class AirbyteSource {
    private static final Set<String> STREAM_KEYS = Set.of("type", "name", "primary_key", "retriever", "incremental_sync", "schema_loader",
            "transformations", "$parameters", "state_migrations", "file_uploader");
    private static final Set<String> RETRIEVER_KEYS = Set.of("type", "requester", "record_selector", "paginator", "partition_router", "$parameters",
            "name", "primary_key");
    private static final Set<String> REQUESTER_KEYS = Set.of("type", "url_base", "path", "http_method", "request_parameters", "request_headers",
            "request_body_json", "authenticator", "$parameters", "name", "error_handler");
    private static final Set<String> TOP_KEYS = Set.of("version", "type", "check", "definitions", "streams", "spec", "metadata", "schemas", "description");
    private final JsonNode manifest;
    private final ApiDescription api = new ApiDescription();
    private final AirbyteFields fields = new AirbyteFields(api);
    private final AirbyteTemplates templates = new AirbyteTemplates(fields, api.needsHuman);
    private final AirbyteAuth auth = new AirbyteAuth(templates, fields, api.needsHuman, api.guessed);
    private final AirbytePaging paging = new AirbytePaging(api.needsHuman, api.guessed);
    private final AirbyteRequest request = new AirbyteRequest(templates, api);
    private final Map<Integer, String> names = new HashMap<>();
    /** The authenticator the connector's auth came from, to tell streams that use another. */
    private JsonNode authFrom;

    /**
     * @param location where the manifest came from, for messages and the connector's name when the spec has no title
     * @param root the manifest as read (with {@code streams}), before its references are resolved
     */
    public AirbyteSource(String location, JsonNode root) {
        this.manifest = new AirbyteRefs(location, root).resolve();
        api.kind = "airbyte";
        String title = manifest.path("spec").path("connection_specification").path("title").asText("");
        if (!title.isBlank()) {
            api.title = title.replaceAll("(?i)\\s*(source\\s*)?spec(ification)?$", "").strip();
            api.titleFrom = "spec.connection_specification.title";
        } else {
            String file = location.replaceAll("[?#].*$", "").replaceAll("^.*[/\\\\]", "");
            api.title = file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
            api.titleFrom = "the file name";
        }
        api.version = manifest.hasNonNull("version") ? "airbyte-cdk " + manifest.get("version").asText() : null;
        api.description = manifest.path("description").isTextual() ? manifest.get("description").asText() : null;
    }

    public ApiDescription read() {
        fields.read(manifest.path("spec"));
        manifest.fieldNames().forEachRemaining(k -> {
            if (!TOP_KEYS.contains(k)) {
                api.needsHuman.add("the manifest's " + k + " is not mapped");
            }
        });
        if (manifest.has("check")) {
            api.needsHuman.add("check (" + manifest.path("check").path("type").asText("") + ") is not mapped; add check: with a cheap request (docs/connectors.md)");
        }
        JsonNode streams = manifest.path("streams");
        for (int i = 0; i < streams.size(); i++) {
            names.put(i, streamName(streams.get(i), i));
        }
        for (int i = 0; i < streams.size(); i++) {
            stream(streams.get(i), "streams[" + i + "]", names.get(i));
        }
        return api;
    }

    private static String streamName(JsonNode s, int i) {
        String name = s.path("name").asText(s.path("$parameters").path("name").asText(""));
        return name.isEmpty() ? null : Names.field(name);
    }

    private void stream(JsonNode s, String at, String name) {
        String type = s.path("type").asText("DeclarativeStream");
        if (!type.equals("DeclarativeStream")) {
            api.needsHuman.add(at + ": a " + type + " is not mapped; not imported");
            return;
        }
        String where = "stream '" + (name == null ? at : name) + "'";
        if (name == null) {
            api.needsHuman.add(at + ": a stream without a name (nor $parameters.name); not imported");
            return;
        }
        JsonNode retriever = s.path("retriever");
        if (!retriever.path("type").asText("SimpleRetriever").equals("SimpleRetriever")) {
            api.needsHuman.add(where + ": retriever " + retriever.path("type").asText() + " is not mapped; not imported");
            return;
        }
        JsonNode requester = retriever.path("requester");
        if (!requester.path("type").asText("HttpRequester").equals("HttpRequester")) {
            api.needsHuman.add(where + ": requester " + requester.path("type").asText() + " is not mapped; not imported");
            return;
        }
        unmapped(s, where, STREAM_KEYS);
        unmapped(retriever, where + " retriever", RETRIEVER_KEYS);
        unmapped(requester, where + " requester", REQUESTER_KEYS);
        Map<String, Object> keys = new LinkedHashMap<>();
        Map<String, Object> parent = new LinkedHashMap<>();
        Map<String, String> partition = partition(retriever.path("partition_router"), where, parent);
        String records = records(retriever.path("record_selector"), where);
        String key = primaryKey(s.path("primary_key").isMissingNode() ? s.path("$parameters").path("primary_key") : s.path("primary_key"), where);
        AirbytePaging.Decision pages = paging.read(retriever.path("paginator"), where + " paginator", records);
        Map<String, Object> req = request.read(requester, where, partition, pages, s.path("$parameters"));
        if (req == null) {
            return;
        }
        Map<String, Object> incremental = incremental(s.path("incremental_sync"), where);
        keys.put("request", req);
        keys.put("records", records);
        keys.put("primaryKey", key);
        if (pages.pagination() != null) {
            keys.put("pagination", pages.pagination());
        }
        if (incremental != null) {
            keys.put("incremental", incremental);
        }
        if (!parent.isEmpty()) {
            keys.put("parent", parent);
        }
        JsonNode authenticator = withoutParameters(requester.path("authenticator"));
        if (authFrom == null && requester.has("authenticator")) {
            api.auth = auth.read(requester.path("authenticator"), where + " authenticator", requester.path("url_base").asText("").replaceAll("/+$", ""));
            authFrom = authenticator;
        } else if (requester.has("authenticator") && !authFrom.equals(authenticator)) {
            api.needsHuman.add(where + ": its authenticator differs from the first stream's; the connector has one auth (the first)");
        }
        List<String> comments = new ArrayList<>();
        comments.add(at + " of the manifest: " + req.getOrDefault("method", "GET") + " " + req.get("path"));
        api.streams.add(new ApiDescription.Prepared(name, comments, keys));
    }

    /** A copy without the {@code $parameters} {@link AirbyteRefs} left on each object, to compare components. */
    private static JsonNode withoutParameters(JsonNode node) {
        JsonNode copy = node.deepCopy();
        if (copy.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("$parameters");
            copy.fieldNames().forEachRemaining(k -> ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set(k, withoutParameters(copy.get(k))));
        }
        return copy;
    }

    private void unmapped(JsonNode node, String where, Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                api.needsHuman.add(where + ": " + k + " (" + node.path(k).path("type").asText("") + ") is not mapped");
            }
        });
        if (node.has("transformations")) {
            api.needsHuman.add(where + ": transformations (" + types(node.get("transformations"))
                    + ") are not mapped; records are read as the API sends them (use a mapping in the flow to add or remove fields)");
        }
    }

    private static String types(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("type").asText("?")));
        return String.join(", ", out);
    }

    private String records(JsonNode selector, String where) {
        JsonNode extractor = selector.path("extractor");
        if (selector.has("record_filter")) {
            api.needsHuman.add(where + ": record_filter '" + selector.path("record_filter").path("condition").asText("") + "' is not mapped; every record is read");
        }
        if (!extractor.path("type").asText("DpathExtractor").equals("DpathExtractor")) {
            api.needsHuman.add(where + ": extractor " + extractor.path("type").asText() + " is not mapped; records is $, check it");
            return "$";
        }
        List<String> path = new ArrayList<>();
        for (JsonNode step : extractor.path("field_path")) {
            String k = step.asText();
            if (k.equals("*") || AirbyteTemplates.isTemplate(k)) {
                api.needsHuman.add(where + ": the field_path step '" + k + "' (a wildcard or template) has no JSON path form; records stops before it, check it");
                break;
            }
            path.add(k);
        }
        return AirbyteTemplates.jsonPath(path);
    }

    private String primaryKey(JsonNode pk, String where) {
        JsonNode one = pk.isArray() && pk.size() == 1 ? pk.get(0) : pk;
        if (one.isTextual() && !one.asText().isEmpty()) {
            return AirbyteTemplates.field(one.asText());
        }
        if (pk.isArray() && pk.size() > 1 && pk.get(0).isTextual()) {
            api.needsHuman.add(where + ": the composite primary key " + pk + " has no Junction form (one JSON path); primaryKey is " + pk.get(0).asText()
                    + ", make it unique");
            return AirbyteTemplates.field(pk.get(0).asText());
        }
        api.needsHuman.add(where + ": no primary_key" + (pk.isMissingNode() ? "" : " Junction can use (" + pk + ")") + "; primaryKey is 'id', check it");
        return "id";
    }

    /** A SubstreamPartitionRouter with one parent: {@code parent: { stream, key }} and partition field → parent key. */
    private Map<String, String> partition(JsonNode router, String where, Map<String, Object> parent) {
        if (router.isMissingNode()) {
            return Map.of();
        }
        String type = router.path("type").asText("");
        JsonNode configs = router.path("parent_stream_configs");
        if (!type.equals("SubstreamPartitionRouter") || configs.size() != 1) {
            api.needsHuman.add(where + ": partition_router " + type + (type.equals("SubstreamPartitionRouter") ? " with " + configs.size() + " parents" : "")
                    + " is not mapped (Junction has sub-streams with one parent, parent:, and date slices, slice:); the path's partition values are left out");
            return Map.of();
        }
        JsonNode config = configs.get(0);
        String parentName = streamName(config.path("stream"), -1);
        String parentKey = config.path("parent_key").asText("");
        String field = config.path("partition_field").asText("");
        if (parentName == null || !names.containsValue(parentName) || parentKey.isEmpty() || field.isEmpty()
                || config.path("stream").path("retriever").has("partition_router")) {
            api.needsHuman.add(where + ": the SubstreamPartitionRouter's parent " + (parentName == null ? "(no name)" : "'" + parentName + "'")
                    + " is not a plain stream of this manifest, or parent_key/partition_field is missing; make it a sub-stream (parent:) by hand");
            return Map.of();
        }
        parent.put("stream", parentName);
        parent.put("key", AirbyteTemplates.field(parentKey));
        for (String extra : List.of("request_option", "incremental_dependency", "extra_fields", "lazy_read_pointer")) {
            if (config.has(extra)) {
                api.needsHuman.add(where + ": the parent config's " + extra + " is not mapped");
            }
        }
        api.guessed.add(where + " is read once for each record of stream '" + parentName + "', with its " + parentKey + " as stream_partition." + field);
        return Map.of(field, parentKey);
    }

    private Map<String, Object> incremental(JsonNode cursor, String where) {
        if (cursor.isMissingNode()) {
            return null;
        }
        String type = cursor.path("type").asText("");
        String field = cursor.path("cursor_field").asText("");
        JsonNode start = cursor.path("start_time_option");
        if (!type.equals("DatetimeBasedCursor") || field.isEmpty() || AirbyteTemplates.isTemplate(field)) {
            api.needsHuman.add(where + ": incremental_sync " + type + " is not mapped; the stream reads in full every time");
            return null;
        }
        if (!start.isObject() || !start.path("inject_into").asText("request_parameter").equals("request_parameter")) {
            api.needsHuman.add(where + ": incremental_sync sends its start time " + (start.isObject() ? "in " + start.path("inject_into").asText() : "nowhere")
                    + "; incremental needs a query parameter (or $since in a body): set incremental: by hand");
            return null;
        }
        Map<String, Object> inc = new LinkedHashMap<>();
        inc.put("cursorField", AirbyteTemplates.field(field));
        inc.put("param", start.path("field_name").asText());
        api.guessed.add(where + ": incremental reads by " + field + ", sending the checkpoint as " + inc.get("param") + " (Airbyte's datetime_format "
                + cursor.path("datetime_format").asText("?") + ": check the API takes Junction's checkpoint as it is)");
        for (String extra : List.of("end_time_option", "step", "cursor_granularity", "lookback_window", "start_datetime", "end_datetime", "is_data_feed",
                "global_substream_cursor", "clamping")) {
            if (cursor.has(extra)) {
                api.needsHuman.add(where + ": incremental_sync." + extra + " is not mapped" + (extra.equals("step") ? " (date slices: slice: by hand)" : "")
                        + (extra.equals("start_datetime") ? " (the first read is a full read)" : ""));
            }
        }
        return inc;
    }
}
