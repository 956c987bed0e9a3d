-- Run control, write modes and dead-letter replay (H2). Keep in step with ../postgresql/V3__run_control.sql.

-- one run per sync at a time: the lease's owner is the run id; a lease past expires_at may be taken over
create table run_leases (
    sync         character varying not null,
    owner        character varying not null,
    acquired_at  timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    constraint run_leases_pk primary key (sync)
);

-- set by `junction runs cancel`; the running engine polls it between batches
alter table runs add column cancel_requested_at timestamp with time zone;
-- records the write mode left out (insert: key written before; update: key never written)
alter table runs add column skipped_count bigint not null default 0;

-- the source record, so a replay maps it again with the current mapping
alter table dead_letters add column source_record character varying;
-- open, replayed or discarded; replayed ones name the replay run
alter table dead_letters add column state character varying not null default 'open';
alter table dead_letters add column resolved_run character varying;
alter table dead_letters add column resolved_at timestamp with time zone;
create index dead_letters_state_id on dead_letters (state, id);
