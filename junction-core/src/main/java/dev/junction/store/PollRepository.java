package dev.junction.store;

import java.util.List;
import java.util.Optional;

/**
 * The durable side of polls: one row per connection and stream that was polled, with its shared
 * cursor and its last tick. Ticks of one poll are serialised by the scheduler (one execution per
 * poll); {@link #record} still refuses a cursor move from a value that is no longer stored, so a
 * tick that lost its execution to another node can never move the cursor back.
 */
public interface PollRepository {
    /** The poll's state; empty when it never ticked. */
    Optional<PollState> find(String connection, String stream);

    /** Every stored poll state, by connection then stream. */
    List<PollState> list();

    /**
     * Stores {@code state} as the poll's last tick and cursor, if the stored cursor is still
     * {@code expectedCursor} (null: none stored, or no row yet).
     *
     * @return false when the stored cursor is another (nothing is stored)
     */
    boolean record(PollState state, String expectedCursor);
}
