-- The run queue (h2). Keep in step with ../postgresql/V13__run_queue.sql.

-- A run asked for through the queue is a runs row in status QUEUED with its request (sync, tenant,
-- trigger in their columns; force_deletes here) before the caller gets an answer. requested_at is
-- null for a run started directly; attempt is 1, plus one for every time a process died under it.
alter table runs add column requested_at timestamp with time zone;
alter table runs add column attempt integer not null default 1;
alter table runs add column force_deletes boolean not null default false;
-- the reaper and the dispatcher look runs up by status, oldest first
create index runs_status_started_at on runs (status, started_at);

-- db-scheduler 16.x's table (its postgresql_tables.sql) in H2 types: character varying for
-- text, bytea for the task data (not BLOB). One row per execution. Task junction-run: a queued run's
-- dispatch, instance id = run id. Task junction-run-reaper: the recurring check for runs whose
-- process died.
create table scheduled_tasks (
    task_name             character varying not null,
    task_instance         character varying not null,
    task_data             bytea,
    execution_time        timestamp with time zone not null,
    picked                boolean not null,
    picked_by             character varying,
    last_success          timestamp with time zone,
    last_failure          timestamp with time zone,
    consecutive_failures  int,
    last_heartbeat        timestamp with time zone,
    version               bigint not null,
    priority              smallint,
    constraint scheduled_tasks_pk primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
