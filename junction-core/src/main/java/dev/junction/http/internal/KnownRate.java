package dev.junction.http.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * What a budget knows of the API's rate: the declared spacing and window ({@code requests} per
 * {@code per}), and the spacing and window learned from a {@code RateLimit-Policy} ({@code q} per
 * {@code w}). The slower spacing is kept; the learned window, once known, is the API's window length.
 * Immutable: a learning budget replaces its copy when a policy says more, under its lock.
 *
 * @param declaredNanos the declared spacing, 0 for none
 * @param declaredWindow the declared {@code per}, or null
 * @param learnedNanos the spacing a policy asks for ({@code w / q}), 0 until one is seen
 * @param learnedWindow a policy's window ({@code w=}), or null until one is seen
 */
record KnownRate(long declaredNanos, Duration declaredWindow, long learnedNanos, Duration learnedWindow) {
    /** How many permits {@link #permitsPerWindow} counts when no window is known. */
    static final long UNKNOWN_WINDOW_PERMITS = 100;

    /** @param interval the declared spacing, or null/zero for none; @param per the declared window, or null */
    static KnownRate declared(Duration interval, Duration per) {
        return new KnownRate(interval == null ? 0 : Math.max(0, interval.toNanos()), per, 0, null);
    }

    /** The same, with a policy's {@code quota} per {@code window} learned (both positive). */
    KnownRate learned(Duration window, long quota) {
        return new KnownRate(declaredNanos, declaredWindow, window.toNanos() / quota, window);
    }

    /** Whether a limit per window is declared: a spacing and a {@code per} both. */
    boolean windowDeclared() {
        return declaredWindow != null && declaredNanos > 0;
    }

    /** How many requests the declared limit allows per window, at least 1; only when {@link #windowDeclared()}. */
    long declaredRequests() {
        return Math.max(1, Math.round(declaredWindow.toNanos() / (double) declaredNanos));
    }

    /** The spacing the API asks for: the declared or the learned one, whichever is slower (0: none known). */
    long nanos() {
        return Math.max(declaredNanos, learnedNanos);
    }

    /** The API's window length: the learned one, else the declared one; null when neither is known. */
    Duration window() {
        return learnedWindow != null ? learnedWindow : declaredWindow;
    }

    /**
     * Where the window that used the API's count up ends, for a {@code Remaining: 0} without a reset: a
     * window's length (at most {@code longest}) after {@code oldest}, the oldest of the last window's
     * worth of sends (null when fewer were sent), when that still lies ahead (the API's window cannot
     * have begun before it), else a window's length from now. Null when no window is declared or learned.
     */
    Instant usedUpWindowEnd(Instant now, Instant oldest, Duration longest) {
        Duration length = window();
        if (length == null || !length.isPositive()) {
            return null;
        }
        Duration cap = length.compareTo(longest) > 0 ? longest : length;
        if (oldest != null && oldest.plus(cap).isAfter(now)) {
            return oldest.plus(cap);
        }
        return now.plus(cap);
    }

    /** How many permits one window holds at {@code spacingNanos} apart ({@value #UNKNOWN_WINDOW_PERMITS} when no window or spacing is known). */
    long permitsPerWindow(long spacingNanos) {
        Duration window = window();
        return spacingNanos > 0 && window != null ? Math.max(1, Math.round(window.toNanos() / (double) spacingNanos)) : UNKNOWN_WINDOW_PERMITS;
    }
}
