package dev.junction.cli.internal;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RunListener;
import java.time.Duration;
import java.util.Locale;

/**
 * The live progress line of a run: live counters, the pace, and an ETA when the run knows how many
 * records to expect ({@link Eta}); rewritten in place on an interactive terminal, printed as plain
 * lines at most every two seconds otherwise (logs and CI).
 */
final class ProgressPrinter implements RunListener {
    private static final long LIVE_REFRESH_NANOS = 100_000_000L;
    private static final long PLAIN_REFRESH_NANOS = 2_000_000_000L;

    private final Console console;
    private final boolean live;
    private final Eta eta = new Eta();
    private long lastPrint;
    private int lastWidth;

    ProgressPrinter(Console console, boolean live) {
        this.console = console;
        this.live = live;
    }

    @Override
    public synchronized void progress(RunCounters c, Duration elapsed) {
        progress(c, elapsed, null);
    }

    @Override
    public synchronized void progress(RunCounters c, Duration elapsed, ExpectedTotal expected) {
        String eta = this.eta.update(c, elapsed, expected);
        long now = System.nanoTime();
        if (lastPrint != 0 && now - lastPrint < (live ? LIVE_REFRESH_NANOS : PLAIN_REFRESH_NANOS)) {
            return;
        }
        lastPrint = now;
        String line = line(c, elapsed, eta);
        if (live) {
            String padded = line + " ".repeat(Math.max(0, lastWidth - line.length()));
            lastWidth = line.length();
            console.err().print("\r" + padded);
        } else {
            console.err().println(line);
        }
        console.err().flush();
    }

    @Override
    public synchronized void finished(RunRecord run) {
        if (live && lastWidth > 0) {
            console.err().print("\r" + " ".repeat(lastWidth) + "\r");
            console.err().flush();
        }
    }

    static String line(RunCounters c, Duration elapsed, String eta) {
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "  read %,d · written %,d · unchanged %,d · failed %,d · %,.0f rec/s · %s · 429s absorbed %d · retries %d",
                c.read(), c.written(), c.unchanged(), c.failed(), c.read() / seconds, eta, c.throttled(), c.retries());
    }
}
