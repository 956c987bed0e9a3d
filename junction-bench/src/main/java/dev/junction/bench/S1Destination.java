package dev.junction.bench;

import java.util.List;

/**
 * The destination of S1 as the scenario sees it: where to send, and what arrived. Either
 * {@link HubSpotLikeDestination} in the scenario's own JVM, or the same server in a JVM of its own
 * ({@link DestinationProcess}), as a remote API would be: the client's GC pauses and JIT then do not
 * delay the server's handler.
 */
interface S1Destination extends AutoCloseable {
    String baseUrl();

    /** What the destination saw so far. Times are {@link System#nanoTime()}, comparable across JVMs of one machine (CLOCK_MONOTONIC). */
    Stats stats();

    @Override
    void close();

    /**
     * @param accepted arrival time and record count of each accepted call
     * @param refused arrival time of each 429
     * @param keys distinct record keys received
     * @param records records accepted
     * @param connections client connections the calls came on (distinct client ports)
     */
    record Stats(List<long[]> accepted, List<Long> refused, int keys, long records, int connections) {}
}
