-- Deprecation, Sunset and Warning headers seen per connection, method and path.
create table endpoint_signals (
    connection  character varying not null,
    method      character varying not null,
    path        character varying not null,
    kind        character varying not null,
    signal      character varying not null,
    first_seen  timestamp with time zone not null,
    last_seen   timestamp with time zone not null,
    constraint endpoint_signals_pk primary key (connection, method, path, kind)
);
