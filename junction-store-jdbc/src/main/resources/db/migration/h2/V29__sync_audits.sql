-- Reconciliation audits of syncs (h2). Keep in step with ../postgresql/V29__sync_audits.sql.

-- One row per audit: stored with status 'running' when it starts, updated once when it ends
-- ('clean', 'differences' or 'failed'). The counts repeat the report's for listing; report is the
-- whole report as JSON text (bounded samples, secret-looking values redacted), null until it ends.
create table sync_audits (
    id                   character varying not null,
    sync                 character varying not null,
    tenant               character varying,
    trigger_name         character varying not null,
    status               character varying not null,
    started_at           timestamp with time zone not null,
    finished_at          timestamp with time zone,
    source_records       bigint not null,
    destination_records  bigint not null,
    missing              bigint not null,
    extra                bigint not null,
    mismatched           bigint not null,
    report               character varying,
    error                character varying,
    constraint sync_audits_pk primary key (id)
);
create index sync_audits_sync on sync_audits (sync, started_at);
create index sync_audits_tenant on sync_audits (tenant, started_at);
