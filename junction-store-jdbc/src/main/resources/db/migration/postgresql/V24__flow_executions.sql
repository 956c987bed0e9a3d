-- Flow executions (postgresql). Keep in step with ../h2/V24__flow_executions.sql.

-- One row per execution of a flow, stored before it starts. version is the flow definition's version
-- it started with: it finishes on that version whatever is applied meanwhile. idempotency is the
-- caller's Idempotency-Key scoped by tenant and flow (null without one; NULLs never collide), with
-- body_hash the SHA-256 of the request body it came with: the same key with another body is refused.
-- status: queued, running, succeeded, failed. response_status and output are the respond (or fail)
-- step's answer; input and output are JSON text.
create table flow_executions (
    id               text not null,
    flow             text not null,
    version          integer not null,
    tenant           text,
    status           text not null,
    input            text not null,
    output           text,
    response_status  integer,
    error            text,
    idempotency      text,
    body_hash        text,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint flow_executions_pk primary key (id),
    constraint flow_executions_idempotency unique (idempotency)
);
create index flow_executions_flow on flow_executions (flow, created_at);
create index flow_executions_status on flow_executions (status, updated_at);

-- One row per step an execution ran, written when the step ends and before the next starts. seq is
-- the order it ran in; output is its result as JSON text, redacted and capped in size.
create table flow_steps (
    execution_id  text not null,
    seq           integer not null,
    step          text not null,
    status        text not null,
    output        text,
    error         text,
    started_at    timestamp with time zone not null,
    finished_at   timestamp with time zone,
    constraint flow_steps_pk primary key (execution_id, seq),
    constraint flow_steps_execution foreign key (execution_id) references flow_executions (id) on delete cascade
);
