package dev.junction.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The YAML examples of docs/connectors.md, for tests that load them as written. */
final class DocsExamples {
    private DocsExamples() {}

    /** The {@code ```yaml} blocks between the heading {@code from} and the next heading {@code to}, in order. */
    static List<String> yamlBlocks(String from, String to) throws IOException {
        String docs = Files.readString(Path.of("../docs/connectors.md"));
        int start = docs.indexOf(from);
        String section = docs.substring(start, docs.indexOf(to, start));
        return Arrays.stream(section.split("```yaml\n")).skip(1).map(block -> block.substring(0, block.indexOf("```"))).toList();
    }
}
