package dev.junction.importer;

import java.util.List;

/**
 * A connector written from an API description.
 *
 * @param name the connector's name
 * @param yaml the connector YAML, with the summary of what was guessed and what needs a human as
 *     comments at its top; it passes {@code junction validate}
 * @param streams the names of the streams it declares
 * @param actions the names of the actions it declares
 * @param guessed what the importer decided without the description saying so (also in the YAML)
 * @param needsHuman what the importer could not decide and a person should finish (also in the YAML)
 * @param connection a connection of this connector (named like it) taking every config and secret field
 *     from an environment variable ({@code ${env:LEDGERLY_API_BASE_URL}}), to start from
 */
public record ImportedConnector(String name, String yaml, List<String> streams, List<String> actions, List<String> guessed,
        List<String> needsHuman, String connection) {
    public ImportedConnector {
        streams = List.copyOf(streams);
        actions = List.copyOf(actions);
        guessed = List.copyOf(guessed);
        needsHuman = List.copyOf(needsHuman);
    }
}
