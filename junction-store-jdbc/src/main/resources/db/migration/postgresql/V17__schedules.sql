-- Sync schedules (postgresql). Keep in step with ../h2/V17__schedules.sql.

-- One row per schedule that was paused or has fired: a sync and a tenant ('' for none: a classic
-- sync, or a per-tenant sync paused as a whole). When it fires next is its db-scheduler execution
-- (task junction-schedule, instance id SYNC or SYNC/TENANT, in scheduled_tasks).
create table schedule_states (
    sync          text not null,
    tenant_key    text not null,
    paused        boolean not null default false,
    paused_at     timestamp with time zone,
    last_fire_at  timestamp with time zone,
    last_due_at   timestamp with time zone,
    last_outcome  text,
    last_run_id   text,
    last_reason   text,
    constraint schedule_states_pk primary key (sync, tenant_key)
);

-- The newest fires of each schedule (queued, skipped, missed, failed) with their reason; older
-- ones are deleted as new ones come, so the table stays small.
create table schedule_ticks (
    id          bigint generated always as identity,
    sync        text not null,
    tenant_key  text not null,
    due_at      timestamp with time zone not null,
    fired_at    timestamp with time zone not null,
    outcome     text not null,
    run_id      text,
    reason      text,
    constraint schedule_ticks_pk primary key (id)
);
create index schedule_ticks_schedule on schedule_ticks (sync, tenant_key, id);
