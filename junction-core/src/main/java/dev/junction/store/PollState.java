package dev.junction.store;

import java.time.Instant;

/**
 * What the store keeps of one poll: a connection's stream read for changes on behalf of every sync
 * that subscribes to it ({@code on: { poll: ... }}). One cursor per connection and stream, shared by
 * its subscribers; its timing is the subscribers' definitions, when it ticks next its scheduler execution.
 *
 * @param connection the connection read
 * @param stream the stream of that connection read
 * @param tenant the connection's tenant (as the connection says: {@code default} for an operator's connection that names none)
 * @param cursor the highest cursor value whose changes are durably in the inbox; null before the first tick
 * @param atCursor the keys of the records read at exactly the cursor value, as far as the tick that set it
 *     saw (at most {@link #MAX_AT_CURSOR}): a tick reading them again at that value skips them, so the
 *     records of a baseline, which stored no event, are not taken for changes by the next tick
 * @param cursorMovedAt when the cursor was last set (the first tick sets it, even to none for an empty stream); null before
 * @param lastTickAt when the last tick ended; null before the first
 * @param lastOutcome {@code baseline} (the first tick: the cursor set, nothing emitted), {@code ok} or {@code failed}
 * @param lastReason why the last tick failed, or what it skipped; null otherwise
 * @param lastRecords how many records the last tick read
 * @param lastEvents how many new inbox events the last tick stored (duplicates of events stored before not counted)
 */
public record PollState(String connection, String stream, String tenant, String cursor, java.util.List<String> atCursor, Instant cursorMovedAt, Instant lastTickAt, String lastOutcome,
        String lastReason, long lastRecords, long lastEvents) {
    /** How many keys {@code atCursor} keeps at most. */
    public static final int MAX_AT_CURSOR = 1000;

    public PollState {
        atCursor = atCursor == null ? java.util.List.of() : java.util.List.copyOf(atCursor);
    }

    /** A poll that never ticked. */
    public static PollState fresh(String connection, String stream, String tenant) {
        return new PollState(connection, stream, tenant, null, null, null, null, null, null, 0, 0);
    }
}
