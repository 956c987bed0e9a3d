-- The durable inbox (postgresql). Keep in step with ../h2/V16__inbox.sql.
-- One row per event and subscriber (target), stored before the webhook's sender gets its 2xx, then
-- claimed by workers. id is the arrival order. target '' means no subscriber: such an event is
-- stored 'ignored' (visible, never claimed), and the dedup key (source, event_id, target) holds for
-- it too (NULLs would never collide). due_at is set exactly while the event is unfinished: its next
-- attempt ('pending') or the end of its claim ('claimed'); finished_at once it is 'done', 'ignored'
-- or 'dead'. The payload is bytea (H2 maps it to a binary string; never BLOB).
create table inbox_events (
    id           bigint generated always as identity,
    source       text not null,
    tenant       text,
    event_id     text not null,
    event_type   text,
    record_key   text,
    target       text not null,
    payload      bytea not null,
    received_at  timestamp with time zone not null,
    ordered      boolean not null,
    status       text not null,
    attempts     integer not null,
    due_at       timestamp with time zone,
    claimed_by   text,
    reason       text,
    finished_at  timestamp with time zone,
    updated_at   timestamp with time zone not null,
    constraint inbox_events_pk primary key (id),
    constraint inbox_events_dedup unique (source, event_id, target)
);
-- claim: due events oldest due first (finished ones have no due_at, so they are not in the range)
create index inbox_events_due_at_id on inbox_events (due_at, id);
-- claim of an ordered event: is an older event of its target and record key unfinished?
create index inbox_events_target_record_key_id on inbox_events (target, record_key, id);
-- purge: finished before the retention period
create index inbox_events_finished_at on inbox_events (finished_at);
-- stats and lists by status
create index inbox_events_status_id on inbox_events (status, id);
