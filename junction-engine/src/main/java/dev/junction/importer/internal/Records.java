package dev.junction.importer.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a list endpoint's records are in its answer, and what identifies them: the records path
 * (the body itself when it is an array, else the array an object wraps, one or two levels down),
 * the primary key and an update-time field for incremental reads.
 */
final class Records {
    static final List<String> WRAPPERS = List.of("data", "items", "results", "records", "entries", "values", "list", "content",
            "elements", "resources", "rows", "nodes", "hits", "objects");
    private static final List<String> KEYS = List.of("id", "uuid", "key", "_id", "guid", "uid", "sku", "code", "number", "slug", "name");
    static final List<String> UPDATED_FIELDS = List.of("updatedat", "updated", "modifiedat", "modified", "lastmodified",
            "lastmodifiedat", "updatedtime", "lastupdated", "changedat", "dateupdated", "datemodified", "updatetime");
    static final Set<String> SINCE_PARAMS = Set.of("updatedsince", "modifiedsince", "updatedafter", "modifiedafter", "since",
            "changedsince", "updatedatgte", "updatedatfrom", "lastmodifiedsince", "updatedmin");

    private Records() {}

    /** A found records array: its JSON path and the shape of one record. */
    record Found(String path, Shape record) {}

    /** The records of an answer, or null when the answer is not a list (a single object, or not described). */
    static Found find(Shape response, String stream) {
        if (response == null) {
            return null;
        }
        if (response.isArray()) {
            return new Found("$", response.items());
        }
        if (!response.isObject()) {
            return null;
        }
        Found one = arrayIn(response, "$", stream);
        if (one != null) {
            return one;
        }
        for (Map.Entry<String, Shape> e : response.properties().entrySet()) {
            if (e.getValue().isObject()) {
                Found two = arrayIn(e.getValue(), path("$", e.getKey()), stream);
                if (two != null) {
                    return two;
                }
            }
        }
        return null;
    }

    /** The array property of an object: a well-known wrapper name or the stream's name first, else the only array. */
    private static Found arrayIn(Shape object, String at, String stream) {
        String only = null;
        int arrays = 0;
        for (Map.Entry<String, Shape> e : object.properties().entrySet()) {
            if (!e.getValue().isArray()) {
                continue;
            }
            arrays++;
            only = e.getKey();
            String plain = Names.plain(e.getKey());
            if (WRAPPERS.contains(plain) || plain.equals(Names.plain(stream))) {
                return new Found(path(at, e.getKey()), e.getValue().items());
            }
        }
        return arrays == 1 ? new Found(path(at, only), object.properties().get(only).items()) : null;
    }

    /** The record's key: id, a {@code <singular>Id}, uuid, ...; null when the record has no such field. */
    static String primaryKey(Shape record, String stream) {
        if (record == null || !record.isObject()) {
            return null;
        }
        String singular = Names.plain(stream).replaceAll("(ies)$", "y").replaceAll("s$", "");
        for (String key : List.of("id", singular + "id", singular + "key", singular + "uuid")) {
            for (String name : record.properties().keySet()) {
                if (Names.plain(name).equals(key)) {
                    return key(name);
                }
            }
        }
        for (String key : KEYS) {
            for (String name : record.properties().keySet()) {
                if (Names.plain(name).equals(key)) {
                    return key(name);
                }
            }
        }
        for (String name : record.properties().keySet()) {
            if (Names.plain(name).endsWith("id") && record.properties().get(name).kind() == Shape.Kind.SCALAR) {
                return key(name);
            }
        }
        return null;
    }

    /** {@code [field, param]} for an incremental read, or null: a since-like parameter and an update-time field. */
    static String[] incremental(Endpoint endpoint, Shape record) {
        String param = null;
        for (Endpoint.Param p : endpoint.query()) {
            if (SINCE_PARAMS.contains(Names.plain(p.name()))) {
                param = p.name();
                break;
            }
        }
        if (param == null || record == null || !record.isObject()) {
            return null;
        }
        for (String wanted : UPDATED_FIELDS) {
            for (String name : record.properties().keySet()) {
                if (Names.plain(name).equals(wanted)) {
                    return new String[] {name, param};
                }
            }
        }
        return null;
    }

    /** A record field as a JSON path without the leading {@code $.}: {@code id}, or {@code $['odd.key']}. */
    static String key(String name) {
        String path = path("$", name);
        return path.startsWith("$.") ? path.substring(2) : path;
    }

    /** A child JSON path: {@code $.a.b}, or {@code $['odd.key']} for a key that is not a plain name. */
    static String path(String parent, String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_-]*") ? parent + "." + key : parent + "['" + key.replace("'", "\\'") + "']";
    }
}
