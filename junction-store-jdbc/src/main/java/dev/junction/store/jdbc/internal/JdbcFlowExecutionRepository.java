package dev.junction.store.jdbc.internal;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import dev.junction.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Flow executions in {@code flow_executions}, their steps in {@code flow_steps}. */
public final class JdbcFlowExecutionRepository implements FlowExecutionRepository {
    private static final String COLUMNS = "id, flow, version, tenant, status, input, output, response_status, error, idempotency, body_hash,"
            + " created_at, updated_at";
    private static final String STEP_COLUMNS = "execution_id, seq, step, status, output, error, started_at, finished_at";

    private final Jdbc jdbc;

    public JdbcFlowExecutionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
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
    public void finish(String id, FlowExecutionStatus status, Integer responseStatus, String output, String error, Instant at) {
        jdbc.withHandle("end flow execution " + id, h -> Jdbc.update(h,
                "update flow_executions set status = ?, response_status = ?, output = ?, error = ?, updated_at = ? where id = ?",
                status.word(), responseStatus, output, error, at, id));
    }

    @Override
    public void saveStep(FlowStepRecord s) {
        jdbc.inTransaction("store step '" + s.step() + "' of flow execution " + s.executionId(), h -> {
            Jdbc.update(h, "delete from flow_steps where execution_id = ? and seq = ?", s.executionId(), s.seq());
            return Jdbc.update(h, "insert into flow_steps (" + STEP_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)", s.executionId(), s.seq(),
                    s.step(), s.status(), s.output(), s.error(), s.startedAt(), s.finishedAt());
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
                row.getString("output"), row.getString("error"), Jdbc.instant(row, "started_at"), Jdbc.instant(row, "finished_at"));
    }
}
