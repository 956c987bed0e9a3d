package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The flow concurrency limits every process on one store keeps together, as
 * {@link FlowExecutionRepository#admit} shows them to one process's admission pass while it holds
 * their locks. An execution counts against its flow's limit and its tenant's while it is
 * {@code running} under a live lease (of any process): a process that died stops counting once its
 * leases expire, one that stopped once it handed them back. An execution waiting for a slot stays
 * {@code queued}, held by one process's lease and marked with the limits it waits for; a process
 * admits its own waiting executions oldest first, and never one created after an execution another
 * process holds waiting for the same limit, so the executions of a flow (or tenant) start in the
 * order they were created across processes.
 */
public interface FlowSlots {
    /**
     * A limit executions count against: one flow's ({@code limits.concurrency}) or one tenant's, all
     * its flows together.
     *
     * @param name the flow, or the tenant; null: the operator's executions (tenant only)
     */
    record Limit(Kind kind, String name) implements Comparable<Limit> {
        /** What a limit counts: one flow's executions, or one tenant's. */
        public enum Kind {
            FLOW,
            TENANT
        }

        public Limit {
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.FLOW && name == null) {
                throw new IllegalArgumentException("a flow's limit needs the flow's name");
            }
        }

        public static Limit flow(String flow) {
            return new Limit(Kind.FLOW, flow);
        }

        /** @param tenant null: the operator's executions */
        public static Limit tenant(String tenant) {
            return new Limit(Kind.TENANT, tenant);
        }

        /** The limit's one name in the store: {@code flow:NAME}, {@code tenant:NAME}, {@code tenant:} for the operator's. */
        public String key() {
            return (kind == Kind.FLOW ? "flow:" : "tenant:") + (name == null ? "" : name);
        }

        /** Its {@link #key}. */
        @Override
        public String toString() {
            return key();
        }

        /** In the order their locks are taken, the same in every process. */
        @Override
        public int compareTo(Limit other) {
            return key().compareTo(other.key());
        }
    }

    /**
     * A limit as the store has it now.
     *
     * @param running its executions running under a live lease, in any process
     * @param firstWaitingElsewhere when the oldest execution another process holds waiting for this
     *     limit was created; null when there is none
     */
    record Load(int running, Instant firstWaitingElsewhere) {}

    /** The limit's load; only a limit the pass was opened with. */
    Load load(Limit limit);

    /**
     * Starts the execution: {@code running} under this process's lease. It must be one this process
     * may take: queued (not held by another process's live lease), running under an expired lease, or
     * waiting with its wake time come; and not asked to cancel.
     *
     * @return false when it is not (another process took it, it was cancelled, it ended)
     */
    boolean claim(String id);

    /**
     * Keeps the execution waiting, held by this process's lease and marked with the limits it waits
     * for: {@code queued} (a resumed one goes back to queued, its steps kept). The same executions
     * as {@link #claim} may be held.
     *
     * @return false when it may not be held (another process took it, it was cancelled, it ended)
     */
    boolean hold(String id, boolean waitsForFlow, boolean waitsForTenant);
}
