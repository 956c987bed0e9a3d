-- Stored connection values and connect sessions (postgresql). Keep in step with ../h2/V23__stored_values.sql.
-- The secrets of a connection made through the API or the connect page (its definition says
-- "stored:FIELD" references), as one AES-256-GCM ciphertext of a JSON object under the tenant's data key,
-- bound to tenant and connection. Never plaintext; never returned by any route.
create table stored_values (
    tenant      text not null,
    connection  text not null,
    ciphertext  bytea not null,
    updated_at  timestamp with time zone not null,
    constraint stored_values_pk primary key (tenant, connection)
);

-- Connect sessions: a tenant's end user connecting an account on the connect page. Only hashes of
-- the session's URL token, its OAuth state and its browser cookie are kept (SHA-256, hex); status
-- moves open -> authorizing (OAuth: sent to the provider) -> connected or failed, each step once.
-- config holds the non-secret values the user typed (JSON); secrets never pass through this table.
create table connect_sessions (
    id_hash        text not null,
    tenant         text not null,
    connector      text not null,
    connection     text not null,
    return_url     text not null,
    scopes         text,
    created_by     text,
    status         text not null,
    browser_hash   text,
    state_hash     text,
    config         text,
    detail         text,
    created_at     timestamp with time zone not null,
    expires_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    constraint connect_sessions_pk primary key (id_hash)
);
create unique index connect_sessions_state_hash on connect_sessions (state_hash);
create index connect_sessions_expires_at on connect_sessions (expires_at);
