-- API tokens, the audit log and definition versions (postgresql).
-- Keep in step with ../h2/V12__tokens_audit_definition_versions.sql.

-- API tokens. The secret (jct_...) is shown once and never stored: secret_hash is its SHA-256 in
-- lower-case hex, unique, so authenticating a call is one index lookup. Revoked tokens stay.
create table api_tokens (
    id            text not null,
    secret_hash   text not null,
    name          text,
    role          text not null,
    tenant        text,
    created_at    timestamp with time zone not null,
    created_by    text not null,
    last_used_at  timestamp with time zone,
    expires_at    timestamp with time zone,
    revoked_at    timestamp with time zone,
    constraint api_tokens_pk primary key (id),
    constraint api_tokens_secret_hash_uq unique (secret_hash)
);

-- One row per mutating API or CLI call. Pages go newest first by (created_at, id); each filter
-- has an index that ends in created_at.
create table audit_log (
    id           bigint generated always as identity,
    created_at   timestamp with time zone not null,
    actor        text not null,
    tenant       text,
    action       text not null,
    object_type  text,
    object_id    text,
    outcome      text not null,
    detail       text,
    constraint audit_log_pk primary key (id)
);
create index audit_log_created_at on audit_log (created_at, id);
create index audit_log_actor on audit_log (actor, created_at);
create index audit_log_action on audit_log (action, created_at);
create index audit_log_object on audit_log (object_type, object_id, created_at);
create index audit_log_tenant on audit_log (tenant, created_at);

-- Every version ever applied of a definition, numbered from 1 per (kind, name). The definitions
-- row is now only the pointer to the current version; deleting it keeps the history. A definition
-- applied before this migration becomes its version 1, applied by someone unknown (null).
create table definition_versions (
    kind        text not null,
    name        text not null,
    version     integer not null,
    source      text not null,
    origin      text,
    checksum    text,
    applied_at  timestamp with time zone not null,
    applied_by  text,
    constraint definition_versions_pk primary key (kind, name, version)
);
insert into definition_versions (kind, name, version, source, origin, checksum, applied_at)
    select kind, name, 1, source, origin, checksum, applied_at from definitions;
alter table definitions add column version integer not null default 1;
alter table definitions alter column version drop default;
alter table definitions drop column source;
alter table definitions drop column origin;
alter table definitions drop column checksum;
alter table definitions drop column applied_at;
alter table definitions add constraint definitions_current_version_fk
    foreign key (kind, name, version) references definition_versions (kind, name, version);
