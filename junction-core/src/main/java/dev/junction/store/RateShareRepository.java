package dev.junction.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Which nodes (processes on one store) spend which shared rate budgets, so each can keep to an even
 * share of a connection's budget: a row per budget key and node, stamped when the node last used the
 * budget. Nodes compare stamps written with their own clocks, so their clocks must agree within a
 * second or so (as for run leases). The rows are ephemeral: losing the newest in a crash costs nothing
 * but a beat.
 */
public interface RateShareRepository {
    /** Stamps {@code keys} as used by {@code node} at {@code at} (inserted, or updated when there), together. */
    void seen(String node, Collection<String> keys, Instant at);

    /**
     * Per budget key, how many nodes other than {@code node} stamped it at or after {@code since}; keys
     * no other node stamped since then are absent.
     */
    Map<String, Integer> others(String node, Instant since);

    /** Deletes every node's stamps older than {@code before}: budgets unused since, and nodes that stopped without leaving. @return how many */
    int forgetBefore(Instant before);

    /** Deletes {@code node}'s stamps: it stops, and the others may take its share back at once. */
    void leave(String node);
}
