package dev.junction.spec.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SourceText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Splits a YAML text into its documents and reads each into a {@link YamlNode} tree, with Jackson's
 * streaming YAML parser. Never throws: syntax errors, duplicate keys and aliases become problems.
 *
 * <p>Documents are split at {@code ---} and {@code ...} lines (YAML forbids these markers at the
 * start of a line inside content), so each document's own text is known and each is parsed on its
 * own: a syntax error in one document does not hide the others. Line numbers are those of the whole
 * text, after the source's own {@link SourceText#lineOffset()} (a document stored on its own keeps
 * the lines it had in its file).
 */
public final class YamlDocuments {
    private static final Pattern BARE_MARKER = Pattern.compile("(---|\\.\\.\\.)[ \\t\\r]*(#.*)?");
    private static final Pattern MARKER = Pattern.compile("(---|\\.\\.\\.)([ \\t\\r].*)?");

    /**
     * One document: its text, the number of lines before it in the whole text, and its root node
     * (null when it could not be parsed; {@code problems} then says why).
     */
    public record Document(String text, int lineOffset, YamlNode root, Problems problems) {}

    /**
     * The longest text read: a definition file is a few kilobytes, an imported connector a few hundred;
     * much more is a mistake (or a hostile input), refused before parsing.
     */
    public static final int MAX_TEXT_CHARS = 4 * 1024 * 1024;
    /**
     * The longest line read. SnakeYAML scans a long flow scalar in time that grows with the square of
     * its length (a 50 MB quoted value took minutes and 2 GB), so lines are measured before parsing.
     */
    public static final int MAX_LINE_CHARS = 256 * 1024;

    private final YAMLFactory factory = new YAMLFactory();

    /**
     * The documents of {@code source}, skipping empty ones (blank lines, comments, directives only).
     * A text over {@link #MAX_TEXT_CHARS} or with a line over {@link #MAX_LINE_CHARS} is one document
     * whose problem says so, unparsed.
     */
    public List<Document> read(SourceText source) {
        List<Document> out = new ArrayList<>();
        String text = source.text().startsWith("\uFEFF") ? source.text().substring(1) : source.text();
        Document tooLong = tooLong(source.origin(), text, source.lineOffset());
        if (tooLong != null) {
            return List.of(tooLong);
        }
        int start = 0; // char offset where the current document starts
        int startLine = source.lineOffset(); // lines of the origin before it
        int lineStart = 0;
        int line = source.lineOffset();
        while (lineStart <= text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.length() : newline;
            String lineText = text.substring(lineStart, lineEnd);
            if (MARKER.matcher(lineText).matches()) {
                addDocument(source, text.substring(start, lineStart), startLine, out);
                if (lineText.startsWith("---") && !BARE_MARKER.matcher(lineText).matches()) {
                    // "--- value": the marker line holds content and belongs to the next document
                    start = lineStart;
                    startLine = line;
                } else {
                    start = newline < 0 ? text.length() : newline + 1;
                    startLine = line + 1;
                }
            }
            if (newline < 0) {
                break;
            }
            lineStart = newline + 1;
            line++;
        }
        addDocument(source, text.substring(start), startLine, out);
        return out;
    }

    /** A document holding the problem of a text or line too long to parse, or null when it fits. */
    private static Document tooLong(String origin, String text, int lineOffset) {
        Problems problems = new Problems();
        if (text.length() > MAX_TEXT_CHARS) {
            problems.add(new SourceLocation(origin, lineOffset + 1, 1), "", "the text is " + String.format("%,d", text.length()) + " characters long; a definition"
                    + " file may be at most " + String.format("%,d", MAX_TEXT_CHARS) + " (split it into several files)");
            return new Document("", 0, null, problems);
        }
        int line = lineOffset + 1;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int length = (newline < 0 ? text.length() : newline) - lineStart;
            if (length > MAX_LINE_CHARS) {
                problems.add(new SourceLocation(origin, line, 1), "", "line " + line + " is " + String.format("%,d", length) + " characters long;"
                        + " a line of a definition may be at most " + String.format("%,d", MAX_LINE_CHARS) + " (a long value such as a query or a"
                        + " template can be written over several lines with | or >)");
                return new Document("", 0, null, problems);
            }
            if (newline < 0) {
                break;
            }
            lineStart = newline + 1;
            line++;
        }
        return null;
    }

    private void addDocument(SourceText source, String text, int lineOffset, List<Document> out) {
        if (isEmpty(text)) {
            return;
        }
        Problems problems = new Problems();
        YamlNode root = parse(source.origin(), text, lineOffset, problems);
        out.add(new Document(text, lineOffset, root, problems)); // duplicate keys and aliases leave a usable tree
    }

    private static boolean isEmpty(String text) {
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#") && !line.startsWith("%")) {
                return false;
            }
        }
        return true;
    }

    private YamlNode parse(String origin, String text, int lineOffset, Problems problems) {
        try (JsonParser parser = factory.createParser(text)) {
            Builder builder = new Builder(parser, origin, lineOffset, problems);
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            YamlNode root = builder.node(token, "");
            return builder.sawAlias ? null : root; // an alias reads as its name: checking further would mislead
        } catch (JsonProcessingException e) {
            problems.add(syntaxLocation(e, origin, lineOffset), "", syntaxMessage(e, lineOffset));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            problems.add(new SourceLocation(origin, lineOffset + 1, 1), "", "could not read YAML: " + plain(e.getMessage()));
        }
        return null;
    }

    private static SourceLocation syntaxLocation(JsonProcessingException e, String origin, int lineOffset) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            return new SourceLocation(origin, lineOffset + mark.getLine() + 1, mark.getColumn() + 1);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return new SourceLocation(origin, lineOffset + location.getLineNr(), Math.max(1, location.getColumnNr()));
        }
        return new SourceLocation(origin, lineOffset + 1, 1);
    }

    private static String syntaxMessage(JsonProcessingException e, int lineOffset) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String message = "invalid YAML: " + plain(marked.getProblem());
            if (marked.getContext() != null && marked.getContextMark() != null && marked.getProblemMark() != null
                    && marked.getContextMark().getIndex() != marked.getProblemMark().getIndex()) {
                Mark at = marked.getContextMark();
                message += " (" + plain(marked.getContext()) + " that started at line " + (lineOffset + at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")";
            }
            return message;
        }
        return "invalid YAML: " + plain(e.getOriginalMessage());
    }

    /** One line, no Java class names. */
    private static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable input";
        }
        String first = message.strip().lines().findFirst().orElse("").strip();
        if (first.contains("(TAB)")) {
            return "a tab cannot start a token; indent with spaces, not tabs";
        }
        if (first.startsWith("Document nesting depth")) {
            return "the document nests deeper than 1000 levels";
        }
        if (first.startsWith("Expected a field name")) {
            return "a key must be a plain value, not a mapping or a list";
        }
        first = first.replaceAll("<?(org\\.yaml|com\\.fasterxml)[\\w.$]*(\\([^)]*\\))?>?", "").strip(); // no class names
        if (first.startsWith("expected escape sequence")) {
            first = first.replaceFirst(", but found:.*", ""); // do not repeat what may be a secret
        }
        first = first.replaceFirst("but got (\\S.*)$", "but found '$1'");
        for (String[] token : TOKEN_NAMES) {
            first = first.replace("'" + token[0] + "'", token[1]).replace(token[0], token[1]);
        }
        return first;
    }

    /** snakeyaml's token names, in words. */
    private static final String[][] TOKEN_NAMES = {
        {"<stream end>", "the end of the document"},
        {"<document start>", "'---'"},
        {"<block end>", "the end of an indented block"},
        {"<block mapping start>", "an indented mapping"},
        {"<block sequence start>", "an indented list"},
        {"<scalar>", "a value"},
    };

    /** Turns the token stream into nodes, reporting duplicate keys and aliases. */
    private static final class Builder {
        private final JsonParser parser;
        private final String origin;
        private final int lineOffset;
        private final Problems problems;
        private boolean sawAlias;

        Builder(JsonParser parser, String origin, int lineOffset, Problems problems) {
            this.parser = parser;
            this.origin = origin;
            this.lineOffset = lineOffset;
            this.problems = problems;
        }

        private SourceLocation here() {
            JsonLocation l = parser.currentTokenLocation();
            return new SourceLocation(origin, lineOffset + Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }

        YamlNode node(JsonToken token, String path) throws IOException {
            SourceLocation location = here();
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                problems.add(location, path, "aliases ('*" + parser.getText() + "') are not supported; write the value out in full");
                sawAlias = true;
            }
            return switch (token) {
                case START_OBJECT -> mapping(location, path);
                case START_ARRAY -> sequence(location, path);
                case VALUE_STRING -> new YamlNode.Scalar(YamlNode.ScalarType.STRING, parser.getText(), parser.getText(), location);
                case VALUE_NULL -> new YamlNode.Scalar(YamlNode.ScalarType.NULL, parser.getText(), null, location);
                case VALUE_TRUE, VALUE_FALSE -> bool(token, location);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(token, location);
                default -> throw new IOException("unexpected " + token);
            };
        }

        private YamlNode mapping(SourceLocation location, String path) throws IOException {
            List<YamlNode.Entry> entries = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                SourceLocation keyLocation = here();
                String childPath = YamlNode.child(path, key);
                YamlNode value = node(parser.nextToken(), childPath);
                if (seen.contains(key)) {
                    problems.add(keyLocation, childPath, "duplicate key '" + key + "'");
                } else {
                    seen.add(key);
                    entries.add(new YamlNode.Entry(key, keyLocation, value));
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IOException("unexpected end of mapping");
            }
            return new YamlNode.Mapping(entries, location);
        }

        private YamlNode sequence(SourceLocation location, String path) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new IOException("unexpected end of list");
                }
                items.add(node(token, path + "[" + items.size() + "]"));
            }
            return new YamlNode.Sequence(List.copyOf(items), location);
        }

        private YamlNode bool(JsonToken token, SourceLocation location) throws IOException {
            String text = parser.getText();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return new YamlNode.Scalar(YamlNode.ScalarType.BOOLEAN, text, token == JsonToken.VALUE_TRUE, location);
            }
            return new YamlNode.Scalar(YamlNode.ScalarType.STRING, text, text, location); // yes, no, on, off...
        }

        private YamlNode number(JsonToken token, SourceLocation location) throws IOException {
            String text = parser.getText();
            try {
                Number value = parser.getNumberValue();
                YamlNode.ScalarType type = token == JsonToken.VALUE_NUMBER_INT ? YamlNode.ScalarType.INTEGER : YamlNode.ScalarType.FLOAT;
                return new YamlNode.Scalar(type, text, value, location);
            } catch (IOException | RuntimeException e) {
                return new YamlNode.Scalar(YamlNode.ScalarType.STRING, text, text, location); // .inf, .nan
            }
        }
    }
}
