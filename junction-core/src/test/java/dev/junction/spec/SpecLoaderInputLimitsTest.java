package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Texts too big to be definitions are refused before parsing (a long quoted value costs the YAML
 * scanner time that grows with the square of its length), and a file with no definition in it is a
 * warning, since whatever was in it is not loaded.
 */
class SpecLoaderInputLimitsTest {
    private final SpecLoader loader = new SpecLoader();

    @TempDir
    Path dir;

    @Test
    void aLineLongerThanTheCapIsAProblemAtItsLineAndNothingIsParsed() {
        String text = "kind: Connector\nname: big\nbaseUrl: http://x\ndescription: \"" + "a".repeat(SpecLoader.MAX_LINE_CHARS) + "\"\n";

        LoadResult result = loader.loadTexts(List.of(new SourceText("big.yaml", text)));

        assertThat(result.specs()).isEmpty();
        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly("big.yaml:4:1: line 4 is 262,159 characters long; a line of a"
                + " definition may be at most 262,144 (a long value such as a query or a template can be written over several lines with | or >)");
    }

    @Test
    void aTextLongerThanTheCapIsAProblem() {
        String line = "# " + "x".repeat(1000) + "\n";
        String text = "kind: Connector\nname: big\nbaseUrl: http://x\n" + line.repeat(SpecLoader.MAX_TEXT_CHARS / line.length() + 1);

        LoadResult result = loader.loadTexts(List.of(new SourceText("big.yaml", text)));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems().getFirst().message()).startsWith("the text is ").endsWith("characters long; a definition file may be at most"
                + " 4,194,304 (split it into several files)");
    }

    @Test
    void aFileTooBigToBeADefinitionIsNotEvenRead() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(20L * 1024 * 1024);
        }

        LoadResult result = loader.load(List.of(file));

        assertThat(result.problems()).extracting(SpecProblem::message).containsExactly("the file is 20,971,520 bytes long; a definition file may be"
                + " at most 4,194,304 characters (split it into several files)");
    }

    @Test
    void aFileWithNoDefinitionIsAWarningNotAProblem() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("empty.sync.yaml", "# emptied by mistake\n\n"),
                new SourceText("connector.yaml", "kind: Connector\nname: api\nbaseUrl: http://127.0.0.1:1\n")));

        assertThat(result.ok()).isTrue();
        assertThat(result.connectors()).containsKey("api");
        assertThat(result.warnings()).extracting(SpecProblem::toString).containsExactly("empty.sync.yaml:1:1: holds no definition (it is empty, or only"
                + " comments); a definition that was in it is not loaded");
    }
}
