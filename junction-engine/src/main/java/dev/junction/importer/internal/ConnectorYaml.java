package dev.junction.importer.internal;

import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link ConnectorDraft} as YAML: the connector, its summary of guesses and open points
 * first, and a connection of it whose every value is an environment reference.
 */
final class ConnectorYaml {
    private ConnectorYaml() {}

    /** The connector YAML, the summary first. */
    static String connector(ConnectorDraft draft, ApiDescription api, String source) {
        YamlText y = new YamlText();
        y.comment(0, "Imported by junction import " + api.kind + " from " + source);
        y.comment(0, (api.title == null ? "(no title)" : api.title) + (api.version == null ? "" : " " + api.version) + ": "
                + draft.streamBlocks().size() + " stream(s), " + draft.actionBlocks().size() + " action(s). How to finish it: docs/import.md");
        y.comment(0, "");
        y.comment(0, "Guessed (check these):");
        for (String g : draft.guessed()) {
            y.comment(0, "- " + g);
        }
        y.comment(0, "");
        y.comment(0, "Needs a human:" + (draft.needsHuman().isEmpty() ? " nothing found" : ""));
        for (String h : draft.needsHuman()) {
            y.comment(0, "- " + h);
        }
        y.entry(0, "kind", "Connector").entry(0, "name", draft.name());
        if (api.version != null) {
            y.entry(0, "version", api.version);
        }
        if (api.description != null) {
            y.entry(0, "description", api.description);
        }
        y.open(0, "config");
        draft.config().forEach((k, v) -> y.entry(2, k, v));
        if (!draft.secrets().isEmpty()) {
            y.open(0, "secrets");
            draft.secrets().forEach((k, v) -> y.entry(2, k, v));
        }
        y.entry(0, "baseUrl", draft.baseUrl());
        if (api.auth != null) {
            y.entry(0, "auth", api.auth.keys());
        }
        blocks(y, "streams", draft.streamBlocks());
        blocks(y, "actions", draft.actionBlocks());
        return y.toString();
    }

    /**
     * A connection of the connector that takes every config and secret field from an environment
     * variable named after the connector and the field ({@code LEDGERLY_API_BASE_URL}): a start for
     * {@code junction apply}. Remove the lines of config fields whose default suits.
     */
    static String connection(ConnectorDraft draft) {
        YamlText y = new YamlText();
        y.entry(0, "kind", "Connection").entry(0, "name", draft.name()).entry(0, "connector", draft.name());
        y.open(0, "config");
        draft.config().keySet().forEach(field -> y.entry(2, field, "${env:" + env(draft.name(), field) + "}"));
        if (!draft.secrets().isEmpty()) {
            y.open(0, "secrets");
            draft.secrets().keySet().forEach(field -> y.entry(2, field, "${env:" + env(draft.name(), field) + "}"));
        }
        return y.toString();
    }

    /** The environment variable of a field: connector and field in upper snake case ({@code _} first when the name starts with a digit). */
    static String env(String connector, String field) {
        String snake = field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_");
        String name = (connector.replace('-', '_') + "_" + snake).toUpperCase(Locale.ROOT);
        return Character.isDigit(name.charAt(0)) ? "_" + name : name; // an environment name starts with a letter or _
    }

    private static void blocks(YamlText y, String key, List<ConnectorDraft.Block> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        y.open(0, key);
        for (ConnectorDraft.Block b : blocks) {
            for (String c : b.comments()) {
                y.comment(2, c);
            }
            y.open(2, b.name());
            b.keys().forEach((k, v) -> y.entry(4, k, v));
        }
    }
}
