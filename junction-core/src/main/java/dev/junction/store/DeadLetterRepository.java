package dev.junction.store;

import java.util.List;

/** Dead letters. {@link DeadLetter#id()} is assigned by the store on add. */
public interface DeadLetterRepository {
    void add(DeadLetter deadLetter);

    /** Newest first; {@code sync} null means every sync. */
    List<DeadLetter> list(String sync, int limit);

    List<DeadLetter> listForRun(String runId);
}
