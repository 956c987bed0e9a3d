-- Write intents (postgresql). Keep in step with ../h2/V6__write_intents.sql.
-- A batch saved before its destination call and removed, in the transaction that saves its
-- fingerprints, once the outcome is known; a run that finds one left by a dead process sends the
-- same batch again with the same idempotency key.
create table write_intents (
    sync             text not null,
    idempotency_key  text not null,
    run_id           text not null,
    record_keys      text not null,
    fingerprints     text not null,
    records          text not null,
    created_at       timestamp with time zone not null,
    constraint write_intents_pk primary key (sync, idempotency_key)
);
create index write_intents_sync_created_at on write_intents (sync, created_at);
