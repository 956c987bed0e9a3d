package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The bodies the definitions routes take and answer. */
public final class DefinitionBodies {
    private DefinitionBodies() {}

    /** Definition files as JSON, for clients that cannot send YAML: {@code {"files":[{"name":"crm.yaml","text":"kind: ..."}]}}. */
    public record DefinitionFiles(@JsonProperty(required = true) List<DefinitionFile> files) {
        public DefinitionFiles {
            if (files == null || files.isEmpty()) {
                throw new IllegalArgumentException("files must list at least one file, like [{\"name\":\"crm.yaml\",\"text\":\"kind: Connector ...\"}]");
            }
            Set<String> names = new HashSet<>();
            for (DefinitionFile file : files) {
                if (file == null) {
                    throw new IllegalArgumentException("files must not hold null; each is {\"name\":...,\"text\":...}");
                }
                if (!names.add(file.name())) {
                    throw new IllegalArgumentException("two files are named '" + file.name() + "'; give each its own name (problems name the file)");
                }
            }
            files = List.copyOf(files);
        }
    }

    /** One file: a name (problems are reported against it) and its YAML text, possibly several documents. */
    public record DefinitionFile(@JsonProperty(required = true) String name, @JsonProperty(required = true) String text) {
        public DefinitionFile {
            FileNames.check(name, "name");
            if (text == null) {
                throw new IllegalArgumentException("text is missing: the file's YAML text");
            }
        }
    }

    /** Roll back to an earlier version. */
    public record Rollback(@JsonProperty(required = true) int version) {
        public Rollback {
            if (version < 1) {
                throw new IllegalArgumentException("version is a version number of the definition's history, 1 or more; was " + version);
            }
        }
    }

    /** One problem of a definition: where (file, 1-based line and column, YAML path) and what. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DefinitionProblem(String file, Integer line, Integer column, String path, String message) {}

    /** What {@code validate} found: {@code valid} when applying these files would succeed. */
    public record Validation(boolean valid, List<DefinitionProblem> problems) {}

    /** What applying did to one definition: {@code outcome} is new, changed or unchanged. */
    public record AppliedDefinition(String kind, String name, String outcome, int version) {}

    /** What applying a bundle did, definition by definition; {@code changed} counts the new and changed ones. */
    public record Applied(List<AppliedDefinition> definitions, long changed) {}

    /** An applied definition's current version, without its text. */
    public record DefinitionSummary(String kind, String name, int version, Instant appliedAt, String appliedBy, String checksum, String origin) {}

    /** One version of a definition with its YAML text ({@code source}). */
    public record DefinitionView(String kind, String name, int version, boolean current, Instant appliedAt, String appliedBy, String checksum,
            String origin, String source) {}

    /** One entry of a definition's history, newest first. */
    public record VersionSummary(int version, boolean current, Instant appliedAt, String appliedBy, String checksum, String origin) {}

    /** File names as given by clients: shown in problems and stored as the definition's origin. */
    static final class FileNames {
        static final int MAX_CHARS = 200;

        private FileNames() {}

        static String check(String name, String what) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(what + " is missing: a file name such as crm.yaml, shown in problems");
            }
            if (name.length() > MAX_CHARS || name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(what + " must be at most " + MAX_CHARS + " characters without control characters");
            }
            return name;
        }
    }
}
