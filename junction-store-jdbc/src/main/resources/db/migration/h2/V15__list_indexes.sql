-- Indexes for the API's lists (h2). Keep in step with ../postgresql/V15__list_indexes.sql.
-- Runs, dead letters and exchanges are listed newest first by (time, id) in cursor pages, with
-- optional equality filters. Each filter gets an index that starts with its column and ends in
-- (time, id), so a page is an index range scan read backwards, never a sort of the table: a list of
-- 10,000 runs answers as fast as one of ten. Indexes that are a prefix of a new one are dropped.

drop index if exists runs_started_at;
drop index if exists runs_sync_started_at;
drop index if exists runs_sync_tenant_started_at;
drop index if exists runs_status_started_at; -- V13's, for the run queue's oldest-first lists by status: this one serves them too
create index runs_started_at_id on runs (started_at, id);
create index runs_sync_started_at_id on runs (sync, started_at, id);
create index runs_sync_tenant_started_at_id on runs (sync, tenant, started_at, id);
create index runs_tenant_started_at_id on runs (tenant, started_at, id);
create index runs_status_started_at_id on runs (status, started_at, id);
create index runs_trigger_started_at_id on runs (trigger, started_at, id);

drop index if exists dead_letters_sync_created_at;
drop index if exists dead_letters_sync_tenant_created_at;
drop index if exists dead_letters_run_id;
create index dead_letters_created_at_id on dead_letters (created_at, id);
create index dead_letters_sync_created_at_id on dead_letters (sync, created_at, id);
create index dead_letters_sync_tenant_created_at_id on dead_letters (sync, tenant, created_at, id);
create index dead_letters_tenant_created_at_id on dead_letters (tenant, created_at, id);
create index dead_letters_run_id_created_at_id on dead_letters (run_id, created_at, id);
create index dead_letters_state_created_at_id on dead_letters (state, created_at, id);

-- exchanges is written on every HTTP call: only the filters the API searches by get an index.
drop index if exists exchanges_created_at;
drop index if exists exchanges_run_id;
create index exchanges_created_at_id on exchanges (created_at, id);
create index exchanges_run_id_created_at_id on exchanges (run_id, created_at, id);
create index exchanges_tenant_created_at_id on exchanges (tenant, created_at, id);
create index exchanges_connection_created_at_id on exchanges (connection, created_at, id);
create index exchanges_status_created_at_id on exchanges (status, created_at, id);
