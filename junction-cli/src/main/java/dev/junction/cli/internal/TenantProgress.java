package dev.junction.cli.internal;

import dev.junction.store.RunCounters;
import dev.junction.sync.RunListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The progress of the tenants of one {@code junction run} that run at once, and the one place that
 * prints while they run, so that nothing garbles. One aggregated line on standard error (tenants done,
 * running and waiting, and the records of all of them), rewritten in place on an interactive terminal
 * or printed as a plain line at most every two seconds otherwise; a tenant's report (its summary
 * line, on standard output) is printed in one piece when it finishes, with the live line cleared
 * before and drawn again after.
 */
final class TenantProgress {
    private static final long LIVE_REFRESH_NANOS = 100_000_000L;
    private static final long PLAIN_REFRESH_NANOS = 2_000_000_000L;

    private final Console console;
    private final int tenants;
    private final boolean show;
    private final boolean live;
    private final long start = System.nanoTime();
    private final Map<String, RunCounters> counters = new HashMap<>();
    private int running;
    private int done;
    private long lastPrint;
    private int lastWidth;

    /**
     * @param show whether to print progress at all (not with {@code --json})
     * @param live rewrite the line in place (an interactive terminal without {@code --no-color})
     */
    TenantProgress(Console console, int tenants, boolean show, boolean live) {
        this.console = console;
        this.tenants = tenants;
        this.show = show;
        this.live = live;
    }

    /** A tenant's task starts (it plans, takes its lease, runs). */
    synchronized void begin(String tenant) {
        running++;
        draw(true);
    }

    /** What follows one tenant's run: its counters feed the aggregated line. */
    RunListener listener(String tenant) {
        return new RunListener() {
            @Override
            public void progress(RunCounters c, Duration elapsed) {
                update(tenant, c);
            }
        };
    }

    /**
     * A tenant finished (or could not run): prints {@code out} on standard output and {@code err}
     * on standard error, each in one piece (either may be empty).
     */
    synchronized void end(String tenant, boolean began, String out, String err) {
        if (began) {
            running--;
        }
        done++;
        clear();
        print(console.out(), out);
        print(console.err(), err);
        draw(true);
    }

    /** Clears the live line for good. */
    synchronized void close() {
        clear();
    }

    private synchronized void update(String tenant, RunCounters c) {
        counters.put(tenant, c);
        draw(false);
    }

    private void draw(boolean now) {
        if (!show || done == tenants) {
            return;
        }
        long at = System.nanoTime();
        if (!now && lastPrint != 0 && at - lastPrint < (live ? LIVE_REFRESH_NANOS : PLAIN_REFRESH_NANOS)) {
            return;
        }
        if (!live && now) {
            return; // plain lines only on the clock, so that logs get one every two seconds, not one per tenant event
        }
        lastPrint = at;
        String line = line();
        if (live) {
            console.err().print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            console.err().println(line);
        }
        console.err().flush();
    }

    private void clear() {
        if (live && lastWidth > 0) {
            console.err().print("\r" + " ".repeat(lastWidth) + "\r");
            console.err().flush();
            lastWidth = 0;
        }
    }

    private static void print(PrintWriter to, String text) {
        if (!text.isEmpty()) {
            to.print(text);
            to.flush();
        }
    }

    /** {@code tenants 1 done · 2 running · 1 waiting · read 1,234 · written 1,100 · ...}. */
    String line() {
        long read = 0;
        long written = 0;
        long unchanged = 0;
        long failed = 0;
        long throttled = 0;
        long retries = 0;
        for (RunCounters c : counters.values()) {
            read += c.read();
            written += c.written();
            unchanged += c.unchanged();
            failed += c.failed();
            throttled += c.throttled();
            retries += c.retries();
        }
        double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT, "  tenants %d done · %d running · %d waiting · read %,d · written %,d · unchanged %,d · failed %,d · %,.0f rec/s"
                + " · 429s absorbed %d · retries %d", done, running, tenants - done - running, read, written, unchanged, failed, read / seconds, throttled,
                retries);
    }
}
