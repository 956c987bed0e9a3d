-- Connection health and token refreshes across processes (postgresql). Keep in step with
-- ../h2/V22__connection_health.sql.

-- Who is refreshing a connection's OAuth tokens right now: a short lease per (tenant, connection),
-- taken with a conditional insert or update before a token request and removed after the new tokens
-- are saved. Every process sharing the store takes it first, so a rotating refresh token is spent
-- once: a process that finds the lease held waits, then reads the tokens the holder saved.
create table credential_refreshes (
    tenant      text not null,
    connection  text not null,
    holder      text not null,
    expires_at  timestamp with time zone not null,
    constraint credential_refreshes_pk primary key (tenant, connection)
);

-- The last health checks of each connection (a connector's check: request, or the auth's token call),
-- newest kept, older ones purged. status: ok, failing or needs_reauth; error: the reason when not ok
-- (redacted, as in the exchange log); trigger: who asked (api, cli, schedule). The connection's
-- current status and last error stay in connections.status / status_detail.
create table connection_checks (
    id           bigint generated always as identity,
    connection   text not null,
    tenant       text,
    checked_at   timestamp with time zone not null,
    status       text not null,
    http_status  integer,
    duration_ms  bigint not null default 0,
    error        text,
    trigger      text,
    constraint connection_checks_pk primary key (id)
);
create index connection_checks_connection_id on connection_checks (connection, id);
