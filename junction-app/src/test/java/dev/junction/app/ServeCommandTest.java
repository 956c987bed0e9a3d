package dev.junction.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction serve} is part of the same program as the CLI's commands. */
class ServeCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void serveStartsOnAFreePortAndStops() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"serve", "--port", "0", "--seconds", "0", "--data-dir", dataDir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false);

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).containsPattern("Junction server at http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void theCliCommandsAreThereToo() {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Map.of(), false);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("serve").contains("run").contains("apply");
    }
}
