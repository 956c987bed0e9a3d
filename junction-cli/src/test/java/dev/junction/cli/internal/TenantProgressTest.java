package dev.junction.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RunCounters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one progress line of tenants running at once, and the reports printed between its redraws. */
class TenantProgressTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new PrintWriter(out), new PrintWriter(err), true);

    @Test
    void addsUpTheCountersOfEveryTenantAndCountsTenantsDoneRunningAndWaiting() {
        TenantProgress progress = new TenantProgress(console, 3, true, true);
        progress.begin("a");
        progress.begin("b");
        progress.listener("a").progress(new RunCounters(100, 60, 10, 20, 1, 0, 2, 1, 0), Duration.ofSeconds(1));
        progress.listener("b").progress(new RunCounters(50, 50, 0, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));

        assertThat(progress.line()).matches("  tenants 0 done · 2 running · 1 waiting · read 150 · written 120 · unchanged 20 · failed 1 · [0-9,]+ rec/s"
                + " · 429s absorbed 1 · retries 2");
    }

    @Test
    void aTenantsReportIsPrintedWholeWithTheLiveLineClearedBeforeAndDrawnAgainAfter() {
        TenantProgress progress = new TenantProgress(console, 2, true, true);
        progress.begin("a");
        progress.begin("b");
        int before = err.toString().length();

        progress.end("a", true, "  run 1 of s for tenant a succeeded\n", "");

        assertThat(out.toString()).isEqualTo("  run 1 of s for tenant a succeeded\n");
        String drawn = err.toString().substring(before);
        assertThat(drawn).startsWith("\r" + " ".repeat(drawn.indexOf('\r', 1) - 1) + "\r")
                .endsWith("tenants 1 done · 1 running · 0 waiting · read 0 · written 0 · unchanged 0 · failed 0 · 0 rec/s · 429s absorbed 0 · retries 0");

        progress.end("b", true, "  run 2 of s for tenant b succeeded\n", "");
        progress.close();
        assertThat(err.toString()).as("the line is gone once every tenant finished").endsWith("\r");
    }

    @Test
    void plainOutputPrintsWholeLinesOnTheClockOnlyNeverRewritingOne() {
        TenantProgress progress = new TenantProgress(console, 2, true, false);
        progress.begin("a");
        progress.listener("a").progress(new RunCounters(5, 5, 0, 0, 0, 0, 0, 0, 0), Duration.ofSeconds(1));
        progress.end("a", true, "  run 1 of s for tenant a succeeded\n", "tenant b: no connection\n");

        assertThat(err.toString()).doesNotContain("\r")
                .startsWith("  tenants 0 done · 1 running · 1 waiting · read 5 · written 5")
                .endsWith("\ntenant b: no connection\n");
        assertThat(out.toString()).isEqualTo("  run 1 of s for tenant a succeeded\n");
    }
}
