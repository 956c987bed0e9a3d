-- Junction store schema, PostgreSQL. Keep in step with ../h2/V1__init.sql: the tables, columns and
-- indexes are the same; only type names may differ.
-- Instants are timestamp with time zone (microsecond precision), counters bigint, text unbounded.

create table definitions (
    kind        text not null,
    name        text not null,
    source      text not null,
    origin      text,
    checksum    text,
    applied_at  timestamp with time zone not null,
    constraint definitions_pk primary key (kind, name)
);

create table connections (
    name           text not null,
    connector      text,
    tenant         text,
    environment    text,
    status         text,
    status_detail  text,
    updated_at     timestamp with time zone,
    constraint connections_pk primary key (name)
);

create table runs (
    id               text not null,
    sync             text not null,
    trigger          text,
    status           text not null,
    started_at       timestamp with time zone not null,
    finished_at      timestamp with time zone,
    read_count       bigint not null default 0,
    inserted_count   bigint not null default 0,
    updated_count    bigint not null default 0,
    unchanged_count  bigint not null default 0,
    failed_count     bigint not null default 0,
    deleted_count    bigint not null default 0,
    retry_count      bigint not null default 0,
    throttled_count  bigint not null default 0,
    error            text,
    constraint runs_pk primary key (id)
);
create index runs_sync_started_at on runs (sync, started_at);
create index runs_started_at on runs (started_at);

create table fingerprints (
    sync         text not null,
    record_key   text not null,
    fingerprint  text not null,
    updated_at   timestamp with time zone not null,
    constraint fingerprints_pk primary key (sync, record_key)
);

create table checkpoints (
    sync              text not null,
    stream            text not null,
    partition_key     text not null,
    checkpoint_value  text,
    updated_at        timestamp with time zone not null,
    constraint checkpoints_pk primary key (sync, stream, partition_key)
);

create table exchanges (
    id                bigint generated always as identity,
    created_at        timestamp with time zone not null,
    run_id            text,
    tenant            text,
    connection        text,
    method            text,
    url               text,
    status            integer not null,
    duration_ms       bigint not null,
    attempt           integer not null,
    request_headers   text,
    request_body      text,
    response_headers  text,
    response_body     text,
    error             text,
    constraint exchanges_pk primary key (id)
);
create index exchanges_run_id on exchanges (run_id);
create index exchanges_created_at on exchanges (created_at);

create table exchange_record_keys (
    exchange_id   bigint not null,
    key_position  integer not null,
    record_key    text not null,
    constraint exchange_record_keys_pk primary key (exchange_id, key_position),
    constraint exchange_record_keys_exchange_fk foreign key (exchange_id) references exchanges (id) on delete cascade
);
create index exchange_record_keys_record_key on exchange_record_keys (record_key);

create table dead_letters (
    id          bigint generated always as identity,
    created_at  timestamp with time zone not null,
    run_id      text,
    sync        text,
    record_key  text,
    reason      text,
    payload     text,
    constraint dead_letters_pk primary key (id)
);
create index dead_letters_sync_created_at on dead_letters (sync, created_at);
create index dead_letters_run_id on dead_letters (run_id);
