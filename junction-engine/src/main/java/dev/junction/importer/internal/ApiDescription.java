package dev.junction.importer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a source (OpenAPI, Postman or a GraphQL schema) read from a description, before any connector decision:
 * its title, where it lives, how it authenticates and its operations. Filled by one source, then
 * turned into a connector by {@link ConnectorDraft}.
 */
public final class ApiDescription {
    String kind;
    String title;
    /** Where the title came from, for the note on the connector's name. */
    String titleFrom = "the title";
    String version;
    String description;
    /** The base URL with server variables replaced by their defaults, or null when none is given. */
    String baseUrl;
    /**
     * The connector's {@code baseUrl} template when the source wrote it itself (an Airbyte {@code url_base} over
     * config fields); null for the config field {@code baseUrl} defaulting to {@link #baseUrl}.
     */
    String baseUrlTemplate;
    /** Config and secret fields a source declares itself (an Airbyte spec), by name: the field's keys in order. */
    final Map<String, Map<String, Object>> config = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> secrets = new LinkedHashMap<>();
    /** Server variables: name → "default (one of a, b)" text for a note. */
    final Map<String, String> serverVariables = new LinkedHashMap<>();
    /** The chosen auth, as the connector's {@code auth:} keys, or null for none. */
    Auth auth;
    final List<Endpoint> endpoints = new ArrayList<>();
    final List<String> guessed = new ArrayList<>();
    final List<String> needsHuman = new ArrayList<>();
    /** Streams and actions a source wrote whole (GraphQL: there are no endpoints to decide from). */
    final List<Prepared> streams = new ArrayList<>();
    final List<Prepared> actions = new ArrayList<>();

    /** A stream or action as its source wrote it: its name, its comments and its keys in order. */
    record Prepared(String name, List<String> comments, Map<String, Object> keys) {}

    /**
     * An auth scheme as connector keys plus the config and secret fields its templates name.
     *
     * @param keys the {@code auth:} mapping, in order
     * @param config config fields it needs: name → [description, default or null]
     * @param secrets secret fields it needs: name → [description, "optional" or null]
     */
    record Auth(Map<String, Object> keys, Map<String, String[]> config, Map<String, String[]> secrets) {}

    /** Adds a note for a human about the description itself (what its parser reported). */
    public void noteProblems(String note) {
        needsHuman.add(note);
    }

    static Auth auth() {
        return new Auth(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }
}
