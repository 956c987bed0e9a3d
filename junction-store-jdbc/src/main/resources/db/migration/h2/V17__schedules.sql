-- Sync schedules (h2). Keep in step with ../postgresql/V17__schedules.sql.

-- One row per schedule that was paused or has fired: a sync and a tenant ('' for none: a classic
-- sync, or a per-tenant sync paused as a whole). When it fires next is its db-scheduler execution
-- (task junction-schedule, instance id SYNC or SYNC/TENANT, in scheduled_tasks).
create table schedule_states (
    sync          character varying not null,
    tenant_key    character varying not null,
    paused        boolean not null default false,
    paused_at     timestamp with time zone,
    last_fire_at  timestamp with time zone,
    last_due_at   timestamp with time zone,
    last_outcome  character varying,
    last_run_id   character varying,
    last_reason   character varying,
    constraint schedule_states_pk primary key (sync, tenant_key)
);

-- The newest fires of each schedule (queued, skipped, missed, failed) with their reason; older
-- ones are deleted as new ones come, so the table stays small.
create table schedule_ticks (
    id          bigint generated always as identity,
    sync        character varying not null,
    tenant_key  character varying not null,
    due_at      timestamp with time zone not null,
    fired_at    timestamp with time zone not null,
    outcome     character varying not null,
    run_id      character varying,
    reason      character varying,
    constraint schedule_ticks_pk primary key (id)
);
create index schedule_ticks_schedule on schedule_ticks (sync, tenant_key, id);
