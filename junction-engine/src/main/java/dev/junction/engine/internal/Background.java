package dev.junction.engine.internal;

import java.time.Duration;

/** Work a process does in the background only where the run queue is started ({@code junction serve}): started and stopped with it. */
public interface Background {
    void start();

    /** Stops, waiting at most {@code grace} for work in progress. @return whether it stopped in time */
    boolean stop(Duration grace);
}
