package dev.junction.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.junction.engine.EngineException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The mapping editor's draft: the Sync's YAML text as the user is changing it, carried from step to
 * step in the editor's form (hidden fields; nothing is kept on the server until Save applies it as a
 * new version). Accepting a suggestion writes its line under {@code mapping:} in the text itself, so
 * the user's comments and layout stay; when the text cannot be edited line by line (a flow-style
 * {@code mapping: {...}}), the document is written out again from its parsed tree instead.
 */
final class MappingDraft {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern MAPPING = Pattern.compile("mapping:\\s*(#.*)?");

    private MappingDraft() {}

    /** The draft with {@code target} mapped from the source path {@code source} (replacing a line of the same target). */
    static String accept(String yaml, String target, String source) {
        ObjectNode expected = parse(yaml);
        JsonNode mapping = expected.path("mapping");
        ObjectNode lines = mapping.isObject() ? (ObjectNode) mapping : expected.putObject("mapping");
        lines.put(target, source);
        String edited = byLines(yaml, target, source);
        if (edited != null && parse(edited).equals(expected)) {
            return edited;
        }
        try {
            return YAML.writeValueAsString(expected);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the draft could not be written as YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** The text with the line set under a block {@code mapping:}; null when it has none written line by line. */
    private static String byLines(String yaml, String target, String source) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (MAPPING.matcher(lines.get(i)).matches()) {
                header = i;
                break;
            }
        }
        String line = scalar(target) + ": " + scalar(source);
        if (header < 0) {
            return yaml.contains("mapping") ? null : yaml.stripTrailing() + "\nmapping:\n  " + line + "\n";
        }
        int last = header;
        String indent = null;
        int replace = -1;
        int i = header + 1;
        while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith(" ") || lines.get(i).stripLeading().startsWith("#"))) {
            String text = lines.get(i);
            if (!text.isBlank() && !text.stripLeading().startsWith("#")) {
                String own = text.substring(0, text.length() - text.stripLeading().length());
                indent = indent == null ? own : indent;
                if (own.equals(indent) && keyOf(text.strip()).equals(target)) {
                    replace = i;
                }
                last = i;
            }
            i++;
        }
        indent = indent == null ? "  " : indent;
        if (replace >= 0) {
            int end = replace + 1;
            while (end <= last && (lines.get(end).isBlank() || lines.get(end).startsWith(indent + " "))) {
                end++;
            }
            lines.subList(replace, end).clear();
            lines.add(replace, indent + line);
        } else {
            lines.add(last + 1, indent + line);
        }
        return String.join("\n", lines);
    }

    /** The key of a block mapping line ({@code a.b: x} or {@code "a b": x}), unquoted; empty when it is not one. */
    private static String keyOf(String line) {
        if (line.startsWith("\"")) {
            try {
                return JSON.readValue(line.substring(0, line.indexOf("\":", 1) + 1), String.class);
            } catch (JsonProcessingException | StringIndexOutOfBoundsException e) {
                return "";
            }
        }
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip();
    }

    /** A plain scalar when it is a simple path, else a double-quoted one (JSON's escapes are YAML's). */
    private static String scalar(String text) {
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The draft's one document as a tree. @throws EngineException.Invalid when it is not a YAML mapping */
    static ObjectNode parse(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new EngineException.Invalid("the draft is not valid YAML (" + e.getOriginalMessage() + "); fix it in the text below or start over");
        }
        throw new EngineException.Invalid("the draft must be one YAML mapping (kind: Sync, name, source, destination, mapping)");
    }
}
