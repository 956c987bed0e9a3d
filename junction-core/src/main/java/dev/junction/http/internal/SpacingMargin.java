package dev.junction.http.internal;

/**
 * The safety margin a learning budget keeps on its spacing (1.0: none): it starts a little wider than
 * declared, widens on 429s that came at its pace, narrows back slowly while calm, and for a while stays
 * above the spacing that drew the last 429. Permits are counted by their numbers ({@code issued}); a
 * window's worth of permits is what the budget hands out in one window at its spacing. Not thread-safe:
 * {@link AdaptiveBudget} calls it under its lock.
 */
final class SpacingMargin {
    /**
     * A learning budget starts this much wider than declared: sends spaced exactly at the limit reach
     * the API with jitter, and a late one followed by an on-time one puts one request too many into
     * some window.
     */
    static final double START_MARGIN = 1.01;
    /** Each 429 widens the spacing by this share of the declared one, up to {@link #MAX_MARGIN}. */
    static final double MARGIN_STEP = 0.01;
    /** The widest learned margin: the budget never spaces more than 5% slower than declared or learned on its own. */
    static final double MAX_MARGIN = 1.05;
    /** After a window's worth of permits without a 429, the margin narrows by this much (not below {@link #START_MARGIN}). */
    static final double NARROW_STEP = 0.0025;
    /**
     * For this many windows' worth of permits after a 429 (5 minutes at 190 per 10 s), the margin
     * stays above the one that drew it: jitter seldom changes faster, and probing below it again
     * would draw another 429.
     */
    static final int FLOOR_WINDOWS = 30;

    private double margin;
    /** The last permit issued when the margin last grew. */
    private long marginTicket;
    /** The margin that drew the last 429, and the permit number until which the margin stays above it. */
    private double floor;
    private long floorUntil;
    /** The last permit issued when a 429 came or the margin last narrowed: narrowing waits a window's worth of permits after it. */
    private long calmSince;
    /** The last permit issued when the margin last narrowed, and the margin before: requests sent before drew on that one. */
    private long narrowedAt;
    private double beforeNarrowing;

    SpacingMargin(boolean learn) {
        this.margin = learn ? START_MARGIN : 1.0;
    }

    double value() {
        return margin;
    }

    /**
     * A 429 to a request (permit {@code ticket}) sent after the last widening: the margin it was sent
     * with becomes the floor for the next {@link #FLOOR_WINDOWS} windows, and the margin widens one
     * step above it.
     */
    void widen(long ticket, long issued, long windowPermits) {
        if (ticket <= marginTicket) {
            return;
        }
        double drew = ticket <= narrowedAt ? Math.max(margin, beforeNarrowing) : margin;
        floor = drew;
        floorUntil = issued + FLOOR_WINDOWS * windowPermits;
        margin = Math.min(MAX_MARGIN, drew + MARGIN_STEP);
        marginTicket = issued;
        calmSince = issued;
    }

    /**
     * A window's worth of permits since the last 429 (or narrowing) and none refused: the margin
     * narrows one small step, but stays above the one that drew the last 429 for a while, and never
     * goes below {@link #START_MARGIN}. Jitter that came once (warm-up, a pause) then stops costing
     * throughput; jitter that keeps coming is met again at the spacing it last drew a 429 at.
     */
    void narrowWhenCalm(long issued, long windowPermits) {
        if (issued - calmSince < windowPermits || margin <= START_MARGIN) {
            return;
        }
        double lowest = issued < floorUntil ? Math.max(START_MARGIN, floor + NARROW_STEP) : START_MARGIN;
        double narrower = Math.max(lowest, margin - NARROW_STEP);
        calmSince = issued;
        if (narrower < margin) {
            beforeNarrowing = margin;
            narrowedAt = issued;
            margin = narrower;
        }
    }
}
