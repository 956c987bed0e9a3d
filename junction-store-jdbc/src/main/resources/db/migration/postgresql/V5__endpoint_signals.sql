-- Deprecation, Sunset and Warning headers seen per connection, method and path.
create table endpoint_signals (
    connection  text not null,
    method      text not null,
    path        text not null,
    kind        text not null,
    signal      text not null,
    first_seen  timestamp with time zone not null,
    last_seen   timestamp with time zone not null,
    constraint endpoint_signals_pk primary key (connection, method, path, kind)
);
