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
    void serveAnswersMetricsOnItsOwnPortToTheAllowedNetwork() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("JUNCTION_METRICS_ALLOW_FROM", "127.0.0.1/32", "JUNCTION_METRICS_PORT", "0");
        int[] code = {-1};
        Thread serve = Thread.ofPlatform().start(() -> code[0] = Main.run(
                new String[] {"serve", "--port", "0", "--seconds", "5", "--data-dir", dataDir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), env, false));
        java.util.regex.Pattern metrics = java.util.regex.Pattern.compile("metrics (http://127\\.0\\.0\\.1:\\d+/metrics)");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> metrics.matcher(out.toString()).find());
        java.util.regex.Matcher url = metrics.matcher(out.toString());
        assertThat(url.find()).isTrue();
        java.util.regex.Matcher api = java.util.regex.Pattern.compile("Junction server at (http://127\\.0\\.0\\.1:\\d+)").matcher(out.toString());
        assertThat(api.find()).isTrue();
        assertThat(java.net.URI.create(url.group(1)).getPort()).as("its own port").isNotEqualTo(java.net.URI.create(api.group(1)).getPort());

        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.group(1))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("no token needed from 127.0.0.1").isEqualTo(200);
            assertThat(answer.body()).contains("# TYPE jvm_memory_used_bytes gauge").contains("hikaricp_connections");
        }
        serve.join();
        assertThat(code[0]).as(out + "\n" + err).isZero();
    }

    @Test
    void theCliCommandsAreThereToo() {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Map.of(), false);

        assertThat(code).isZero();
        assertThat(out.toString()).contains("serve").contains("run").contains("apply");
    }
}
