-- Write intents (h2). Keep in step with ../postgresql/V6__write_intents.sql.
-- A batch saved before its destination call and removed, in the transaction that saves its
-- fingerprints, once the outcome is known; a run that finds one left by a dead process sends the
-- same batch again with the same idempotency key.
create table write_intents (
    sync             character varying not null,
    idempotency_key  character varying not null,
    run_id           character varying not null,
    record_keys      character varying not null,
    fingerprints     character varying not null,
    records          character varying not null,
    created_at       timestamp with time zone not null,
    constraint write_intents_pk primary key (sync, idempotency_key)
);
create index write_intents_sync_created_at on write_intents (sync, created_at);
