package dev.junction.store.jdbc.internal;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowSlots;
import dev.junction.store.FlowStepRecord;
import dev.junction.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Flow executions in {@code flow_executions}, their steps in {@code flow_steps}. A step's full output
 * (what a resumed execution reads) is kept AES-256-GCM encrypted under the execution's tenant's data
 * key, bound to tenant, execution and step ({@link #PURPOSE}), so it is never written in plaintext; the
 * redacted, capped copy next to it is what is shown. Admission under concurrency limits shared by
 * every process on the store is {@link JdbcFlowSlots}'s.
 */
public final class JdbcFlowExecutionRepository implements FlowExecutionRepository {
    /** The context every sealed output is bound to, after the tenant. */
    static final String PURPOSE = "flow-step";
    /** The data key of an execution of no tenant (an operator's). */
    static final String NO_TENANT_KEY = JdbcEventRepository.NO_TENANT_KEY;
    private static final String ENDED = "('succeeded', 'failed', 'cancelled')";
    /** The answer (problem+json members) of an execution cancelled while no process ran it. */
    private static final String CANCELLED_ANSWER = "{\"title\":\"The flow was cancelled\",\"detail\":\"cancelled on request\"}";
    private static final String COLUMNS = "id, flow, version, tenant, status, input, output, response_status, error, idempotency, body_hash,"
            + " created_at, updated_at";
    /**
     * A queued execution no process holds waiting for a concurrency slot (see {@link FlowSlots}); one
     * parameter: now.
     */
    private static final String NOT_HELD = "(lease_expires_at is null or lease_expires_at < ?)";
    private static final String STEP_COLUMNS = "execution_id, seq, step, status, output, error, started_at, finished_at, input";

    private final Jdbc jdbc;
    private final Supplier<DataKeys> dataKeys;

    /** @param dataKeys asked for only when a full output is sealed or opened (null: this repository keeps none) */
    public JdbcFlowExecutionRepository(Jdbc jdbc, Supplier<DataKeys> dataKeys) {
        this.jdbc = jdbc;
        this.dataKeys = dataKeys;
    }

    @Override
    public FlowExecution createOrFind(FlowExecution e) {
        try {
            jdbc.withHandle("store execution " + e.id() + " of flow '" + e.flow() + "'", h -> Jdbc.update(h,
                    "insert into flow_executions (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.flow(), e.version(),
                    e.tenant(), e.status().word(), e.input(), e.output(), e.responseStatus(), e.error(), e.idempotency(), e.bodyHash(),
                    e.createdAt(), e.updatedAt()));
            return e;
        } catch (StoreException failure) {
            if (e.idempotency() != null && failure.getCause() instanceof SQLException s && Dialect.duplicateKey(s)) {
                Optional<FlowExecution> earlier = findByIdempotency(e.idempotency());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            throw failure;
        }
    }

    @Override
    public Optional<FlowExecution> find(String id) {
        return jdbc.withHandleNoFlush("find flow execution " + id, h -> Jdbc.first(h,
                "select " + COLUMNS + " from flow_executions where id = ?", JdbcFlowExecutionRepository::execution, id));
    }

    @Override
    public Optional<FlowExecution> findByIdempotency(String idempotency) {
        return jdbc.withHandleNoFlush("find a flow execution by its idempotency key", h -> Jdbc.first(h,
                "select " + COLUMNS + " from flow_executions where idempotency = ?", JdbcFlowExecutionRepository::execution, idempotency));
    }

    @Override
    public boolean start(String id, Instant at) {
        return jdbc.withHandle("start flow execution " + id, h -> Jdbc.update(h,
                "update flow_executions set status = ?, updated_at = ? where id = ? and status = ?",
                FlowExecutionStatus.RUNNING.word(), at, id, FlowExecutionStatus.QUEUED.word())) == 1;
    }

    @Override
    public boolean start(String id, Instant at, String owner, Instant leaseUntil) {
        return jdbc.withHandle("start flow execution " + id, h -> Jdbc.update(h,
                "update flow_executions set status = ?, updated_at = ?, lease_owner = ?, lease_expires_at = ? where id = ? and status = ?",
                FlowExecutionStatus.RUNNING.word(), at, owner, leaseUntil, id, FlowExecutionStatus.QUEUED.word())) == 1;
    }

    @Override
    public void finish(String id, FlowExecutionStatus status, Integer responseStatus, String output, String error, Instant at) {
        jdbc.withHandle("end flow execution " + id, h -> Jdbc.update(h,
                "update flow_executions set status = ?, response_status = ?, output = ?, error = ?, updated_at = ?, lease_owner = null,"
                        + " lease_expires_at = null, wake_at = null where id = ? and status not in " + ENDED,
                status.word(), responseStatus, output, error, at, id));
    }

    @Override
    public void saveStep(FlowStepRecord s) {
        jdbc.inTransaction("store step '" + s.step() + "' of flow execution " + s.executionId(), h -> {
            Jdbc.update(h, "delete from flow_steps where execution_id = ? and seq = ?", s.executionId(), s.seq());
            return Jdbc.update(h, "insert into flow_steps (" + STEP_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.executionId(), s.seq(),
                    s.step(), s.status(), s.output(), s.error(), s.startedAt(), s.finishedAt(), s.input());
        });
    }

    @Override
    public List<FlowStepRecord> steps(String executionId) {
        return jdbc.withHandleNoFlush("list the steps of flow execution " + executionId, h -> Jdbc.list(h,
                "select " + STEP_COLUMNS + " from flow_steps where execution_id = ? order by seq", JdbcFlowExecutionRepository::step, executionId));
    }

    @Override
    public List<FlowExecution> list(String flow, int limit) {
        int max = Jdbc.positiveLimit("flow executions", limit);
        return jdbc.withHandleNoFlush("list flow executions", h -> flow == null
                ? Jdbc.list(h, "select " + COLUMNS + " from flow_executions order by created_at desc, id desc fetch first " + max + " rows only",
                        JdbcFlowExecutionRepository::execution)
                : Jdbc.list(h, "select " + COLUMNS + " from flow_executions where flow = ? order by created_at desc, id desc fetch first " + max
                        + " rows only", JdbcFlowExecutionRepository::execution, flow));
    }

    @Override
    public List<FlowExecution> inStatus(FlowExecutionStatus status, int limit) {
        int max = Jdbc.positiveLimit("flow executions", limit);
        return jdbc.withHandleNoFlush("list " + status.word() + " flow executions", h -> Jdbc.list(h,
                "select " + COLUMNS + " from flow_executions where status = ? order by updated_at, id fetch first " + max + " rows only",
                JdbcFlowExecutionRepository::execution, status.word()));
    }

    @Override
    public void saveStep(FlowStepRecord s, String tenant, String fullOutput) {
        if (fullOutput == null) {
            saveStep(s);
            return;
        }
        String keyTenant = tenant == null ? NO_TENANT_KEY : tenant;
        DataKeys keys = keys();
        byte[] plaintext = fullOutput.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            // the cached key, not the locked current one: steps of one tenant do not queue behind its key row; a step sealed with a
            // key rotated away meanwhile is read back as having no full output, and a resumed execution runs it again (same key)
            byte[] sealed = keys.cipher().encrypt(keys.of(keyTenant), plaintext, context(keyTenant, s.executionId(), s.seq()));
            jdbc.inTransaction("store step '" + s.step() + "' of flow execution " + s.executionId(), h -> {
                Jdbc.update(h, "delete from flow_steps where execution_id = ? and seq = ?", s.executionId(), s.seq());
                return Jdbc.update(h, "insert into flow_steps (" + STEP_COLUMNS + ", sealed_output, key_tenant) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        s.executionId(), s.seq(), s.step(), s.status(), s.output(), s.error(), s.startedAt(), s.finishedAt(), s.input(), sealed, keyTenant);
            });
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public List<ResumableStep> resumable(String executionId, String tenant) {
        record Row(FlowStepRecord step, byte[] sealed, String keyTenant) {}
        List<Row> rows = jdbc.withHandleNoFlush("read the steps of flow execution " + executionId, h -> Jdbc.list(h,
                "select " + STEP_COLUMNS + ", sealed_output, key_tenant from flow_steps where execution_id = ? order by seq",
                r -> new Row(step(r), r.getBytes("sealed_output"), r.getString("key_tenant")), executionId));
        return rows.stream().map(row -> {
            if (row.sealed() == null) {
                return new ResumableStep(row.step(), null);
            }
            byte[] plaintext;
            try {
                plaintext = keys().decrypt(row.keyTenant(), row.sealed(), context(row.keyTenant(), executionId, row.step().seq()));
            } catch (dev.junction.secret.SecretException e) {
                return new ResumableStep(row.step(), null); // sealed with a key rotated away meanwhile: as if not kept
            }
            try {
                return new ResumableStep(row.step(), new String(plaintext, java.nio.charset.StandardCharsets.UTF_8));
            } finally {
                java.util.Arrays.fill(plaintext, (byte) 0);
            }
        }).toList();
    }

    /** What a sealed output is bound to: a copy in another row (or another execution's) does not decrypt. */
    static String[] context(String keyTenant, String executionId, int seq) {
        return new String[] {keyTenant, PURPOSE, executionId, Integer.toString(seq)};
    }

    private DataKeys keys() {
        if (dataKeys == null) {
            throw new IllegalStateException("this flow execution repository keeps no full step outputs: open it with the master key"
                    + " (JdbcStore.flowExecutions(cipher))");
        }
        return dataKeys.get();
    }

    @Override
    public List<String> claimable(Instant now, Instant queuedBefore, int limit) {
        int max = Jdbc.positiveLimit("flow executions", limit);
        // one asked to cancel whose process died ends here rather than being resumed
        jdbc.withHandle("end cancelled flow executions whose process died", h -> Jdbc.update(h,
                "update flow_executions set status = 'cancelled', response_status = 409, error = ?, output = ?, lease_owner = null,"
                        + " lease_expires_at = null, updated_at = ? where status = 'running' and cancel_requested"
                        + " and (lease_expires_at is null or lease_expires_at < ?)", "cancelled on request", CANCELLED_ANSWER, now, now));
        return jdbc.withHandleNoFlush("find flow executions to run", h -> Jdbc.list(h,
                "select id from flow_executions where (status = 'queued' and updated_at < ? and " + NOT_HELD + ")"
                        + " or (status = 'running' and (lease_expires_at is null or lease_expires_at < ?))"
                        + " or (status = 'waiting' and wake_at <= ?) order by updated_at, id fetch first " + max + " rows only",
                r -> r.getString(1), queuedBefore, now, now, now));
    }

    @Override
    public boolean claim(String id, String owner, Instant now, Instant leaseUntil, Instant queuedBefore) {
        return jdbc.withHandle("claim flow execution " + id, h -> Jdbc.update(h,
                "update flow_executions set status = 'running', lease_owner = ?, lease_expires_at = ?, wake_at = null, updated_at = ?"
                        + " where id = ? and not cancel_requested and ((status = 'queued' and updated_at < ? and " + NOT_HELD + ")"
                        + " or (status = 'running' and (lease_expires_at is null or lease_expires_at < ?))"
                        + " or (status = 'waiting' and wake_at <= ?))",
                owner, leaseUntil, now, id, queuedBefore == null ? now.plus(java.time.Duration.ofDays(1)) : queuedBefore, now, now, now)) == 1;
    }

    @Override
    public <T> T admit(java.util.Collection<FlowSlots.Limit> limits, String owner, Instant now, Instant leaseUntil,
            java.util.function.Function<FlowSlots, T> pass) {
        return JdbcFlowSlots.admit(jdbc, limits, owner, now, leaseUntil, pass);
    }

    @Override
    public Set<String> renew(String owner, Instant leaseUntil, Set<String> except) {
        List<String> left = List.copyOf(except);
        return jdbc.withHandle("renew the leases of flow executions", h -> {
            Object[] params = new Object[2 + left.size()];
            params[0] = leaseUntil;
            params[1] = owner;
            for (int i = 0; i < left.size(); i++) {
                params[2 + i] = left.get(i);
            }
            Jdbc.update(h, "update flow_executions set lease_expires_at = ? where lease_owner = ? and status in ('running', 'queued')"
                    + (left.isEmpty() ? "" : " and id not in (" + String.join(", ", java.util.Collections.nCopies(left.size(), "?")) + ")"), params);
            return Set.copyOf(Jdbc.list(h, "select id from flow_executions where lease_owner = ? and status = 'running' and cancel_requested",
                    r -> r.getString(1), owner));
        });
    }

    @Override
    public void release(String id, String owner, Instant at) {
        jdbc.withHandle("hand flow execution " + id + " back", h -> Jdbc.update(h,
                "update flow_executions set lease_expires_at = null, lease_owner = null, updated_at = ? where id = ? and lease_owner = ?"
                        + " and status = 'running'", at, id, owner));
    }

    @Override
    public void releaseWaiting(String owner) {
        jdbc.withHandle("hand back the flow executions waiting for a slot in " + owner, h -> Jdbc.update(h,
                "update flow_executions set lease_expires_at = null, lease_owner = null where lease_owner = ? and status = 'queued'", owner));
    }

    @Override
    public void park(String id, String owner, Instant wakeAt, Instant at) {
        jdbc.withHandle("park flow execution " + id, h -> Jdbc.update(h,
                "update flow_executions set status = 'waiting', wake_at = ?, lease_owner = null, lease_expires_at = null, updated_at = ?"
                        + " where id = ? and lease_owner = ? and status = 'running'", wakeAt, at, id, owner));
    }

    @Override
    public Optional<FlowExecutionStatus> cancel(String id, Instant at) {
        return jdbc.inTransaction("cancel flow execution " + id, h -> {
            Optional<String> status = Jdbc.first(h, "select status from flow_executions where id = ? for update", r -> r.getString(1), id);
            if (status.isEmpty()) {
                return Optional.<FlowExecutionStatus>empty();
            }
            FlowExecutionStatus now = FlowExecutionStatus.of(status.get());
            if (now == FlowExecutionStatus.QUEUED || now == FlowExecutionStatus.WAITING) {
                Jdbc.update(h, "update flow_executions set status = 'cancelled', response_status = 409, error = ?, output = ?, wake_at = null,"
                        + " updated_at = ? where id = ?", "cancelled on request", CANCELLED_ANSWER,
                        at, id);
                return Optional.of(FlowExecutionStatus.CANCELLED);
            }
            if (now == FlowExecutionStatus.RUNNING) {
                Jdbc.update(h, "update flow_executions set cancel_requested = true where id = ?", id);
            }
            return Optional.of(now);
        });
    }

    @Override
    public boolean retry(String id, int version, Instant at) {
        return jdbc.withHandle("queue flow execution " + id + " again", h -> Jdbc.update(h,
                "update flow_executions set status = 'queued', version = ?, output = null, response_status = null, error = null,"
                        + " cancel_requested = false, lease_owner = null, lease_expires_at = null, wake_at = null, updated_at = ?"
                        + " where id = ? and status = 'failed'", version, at, id)) == 1;
    }

    @Override
    public int purge(Instant endedBefore, int limit) {
        int max = Jdbc.positiveLimit("flow executions", limit);
        return jdbc.inTransaction("purge ended flow executions", h -> {
            List<String> ids = Jdbc.list(h, "select id from flow_executions where status in " + ENDED + " and updated_at < ? order by updated_at"
                    + " fetch first " + max + " rows only", r -> r.getString(1), endedBefore);
            int deleted = 0;
            for (String id : ids) {
                Jdbc.update(h, "delete from flow_steps where execution_id = ?", id);
                deleted += Jdbc.update(h, "delete from flow_executions where id = ?", id);
            }
            return deleted;
        });
    }

    private static FlowExecution execution(ResultSet row) throws SQLException {
        int status = row.getInt("response_status");
        Integer responseStatus = row.wasNull() ? null : status;
        return new FlowExecution(row.getString("id"), row.getString("flow"), row.getInt("version"), row.getString("tenant"),
                FlowExecutionStatus.of(row.getString("status")), row.getString("input"), row.getString("output"),
                responseStatus, row.getString("error"), row.getString("idempotency"), row.getString("body_hash"),
                Jdbc.instant(row, "created_at"), Jdbc.instant(row, "updated_at"));
    }

    private static FlowStepRecord step(ResultSet row) throws SQLException {
        return new FlowStepRecord(row.getString("execution_id"), row.getInt("seq"), row.getString("step"), row.getString("status"),
                row.getString("output"), row.getString("error"), Jdbc.instant(row, "started_at"), Jdbc.instant(row, "finished_at"),
                row.getString("input"));
    }
}
