package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every folder under examples/ is a set of definitions that validates on its own. */
class ExamplesTest {
    @TempDir
    Path dataDir;

    static List<Path> exampleFolders() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of("..", "examples"))) {
            return folders.filter(Files::isDirectory).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFolders")
    void validates(Path folder) {
        CliRunner.Result result = new CliRunner(dataDir).runRaw("validate", folder.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("valid: ");
    }
}
