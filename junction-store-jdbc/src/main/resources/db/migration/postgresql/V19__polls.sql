-- Polls (postgresql). Keep in step with ../h2/V19__polls.sql.

-- One row per connection and stream that was polled (on: { poll: ... } in a sync): the cursor its
-- subscribers share (the highest cursor value whose changes are in the inbox) and its last tick.
-- at_cursor: the keys of the records read at exactly the cursor value, one a line, which a tick
-- reading them again at that value skips. When it ticks next is its db-scheduler execution (task junction-poll, instance id
-- CONNECTION/STREAM, in scheduled_tasks). tenant is the connection's, for listing.
create table poll_states (
    connection       text not null,
    stream           text not null,
    tenant           text,
    cursor_value     text,
    at_cursor        text,
    cursor_moved_at  timestamp with time zone,
    last_tick_at     timestamp with time zone,
    last_outcome     text,
    last_reason      text,
    last_records     bigint not null default 0,
    last_events      bigint not null default 0,
    constraint poll_states_pk primary key (connection, stream)
);
