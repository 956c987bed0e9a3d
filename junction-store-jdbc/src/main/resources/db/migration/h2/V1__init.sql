-- Junction store schema, H2 (written for MODE=PostgreSQL, valid in H2's default mode too). Keep in
-- step with ../postgresql/V1__init.sql: same tables, columns, constraints and indexes. Differences:
-- strings are "character varying" without a length (outside PostgreSQL mode H2 reads TEXT as CLOB,
-- which we avoid).
-- Instants are timestamp with time zone (microsecond precision), counters bigint.

create table definitions (
    kind        character varying not null,
    name        character varying not null,
    source      character varying not null,
    origin      character varying,
    checksum    character varying,
    applied_at  timestamp with time zone not null,
    constraint definitions_pk primary key (kind, name)
);

create table connections (
    name           character varying not null,
    connector      character varying,
    tenant         character varying,
    environment    character varying,
    status         character varying,
    status_detail  character varying,
    updated_at     timestamp with time zone,
    constraint connections_pk primary key (name)
);

create table runs (
    id               character varying not null,
    sync             character varying not null,
    trigger          character varying,
    status           character varying not null,
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
    error            character varying,
    constraint runs_pk primary key (id)
);
create index runs_sync_started_at on runs (sync, started_at);
create index runs_started_at on runs (started_at);

create table fingerprints (
    sync         character varying not null,
    record_key   character varying not null,
    fingerprint  character varying not null,
    updated_at   timestamp with time zone not null,
    constraint fingerprints_pk primary key (sync, record_key)
);

create table checkpoints (
    sync              character varying not null,
    stream            character varying not null,
    partition_key     character varying not null,
    checkpoint_value  character varying,
    updated_at        timestamp with time zone not null,
    constraint checkpoints_pk primary key (sync, stream, partition_key)
);

create table exchanges (
    id                bigint generated always as identity,
    created_at        timestamp with time zone not null,
    run_id            character varying,
    tenant            character varying,
    connection        character varying,
    method            character varying,
    url               character varying,
    status            integer not null,
    duration_ms       bigint not null,
    attempt           integer not null,
    request_headers   character varying,
    request_body      character varying,
    response_headers  character varying,
    response_body     character varying,
    error             character varying,
    constraint exchanges_pk primary key (id)
);
create index exchanges_run_id on exchanges (run_id);
create index exchanges_created_at on exchanges (created_at);

create table exchange_record_keys (
    exchange_id   bigint not null,
    key_position  integer not null,
    record_key    character varying not null,
    constraint exchange_record_keys_pk primary key (exchange_id, key_position),
    constraint exchange_record_keys_exchange_fk foreign key (exchange_id) references exchanges (id) on delete cascade
);
create index exchange_record_keys_record_key on exchange_record_keys (record_key);

create table dead_letters (
    id          bigint generated always as identity,
    created_at  timestamp with time zone not null,
    run_id      character varying,
    sync        character varying,
    record_key  character varying,
    reason      character varying,
    payload     character varying,
    constraint dead_letters_pk primary key (id)
);
create index dead_letters_sync_created_at on dead_letters (sync, created_at);
create index dead_letters_run_id on dead_letters (run_id);
