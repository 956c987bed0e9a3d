-- Envelope encryption: one AES-256 data key per tenant, stored wrapped (AES-256-GCM) by the master
-- key named by master_key_id; rotating the master key re-wraps these rows and nothing else.
create table data_keys (
    tenant         character varying not null,
    wrapped_key    bytea not null,
    master_key_id  character varying not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    constraint data_keys_pk primary key (tenant)
);

-- Credentials Junction obtained for a connection (OAuth access and refresh tokens), as one
-- AES-256-GCM ciphertext under the tenant's data key, bound to tenant and connection.
create table credentials (
    tenant      character varying not null,
    connection  character varying not null,
    ciphertext  bytea not null,
    updated_at  timestamp with time zone not null,
    constraint credentials_pk primary key (tenant, connection)
);
