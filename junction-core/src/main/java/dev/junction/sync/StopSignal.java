package dev.junction.sync;

/**
 * How a process tells the queued runs it executes to stop and go back to the queue: its graceful
 * shutdown. A run that sees the signal raised stops like a cancelled one — it lets its batches in
 * flight finish, saves the checkpoint of the pages written before, and gives its lease up — but
 * ends QUEUED instead of CANCELLED, to be resumed with the same id by any process on the store.
 * One signal may be shared by every run of a process; raising it is final.
 */
public final class StopSignal {
    private volatile boolean raised;

    /** Asks every run watching this signal to stop after its batches in flight. */
    public void raise() {
        raised = true;
    }

    public boolean raised() {
        return raised;
    }
}
