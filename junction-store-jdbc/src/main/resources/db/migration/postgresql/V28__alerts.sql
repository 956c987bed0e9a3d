-- Alerts: rules' episodes and the outbox of their channel notifications (postgresql). Keep in step with
-- ../h2/V28__alerts.sql.

-- One episode of an alert rule's condition for one subject (a sync and tenant, a connection, the
-- inbox). open_key is rule|subject while the alert is firing and null once resolved: its unique index
-- lets one process fire it and tells every other it fires already (several nulls are allowed), so a
-- channel hears of a condition once while it holds.
create table alerts (
    id              text not null,
    rule            text not null,
    subject         text not null,
    tenant          text,
    sync            text,
    connection      text,
    severity        text not null,
    status          text not null,
    summary         text not null,
    open_key        text,
    fired_at        timestamp with time zone not null,
    last_seen_at    timestamp with time zone not null,
    resolved_at     timestamp with time zone,
    notified_at     timestamp with time zone,
    updated_at      timestamp with time zone not null,
    constraint alerts_pk primary key (id),
    constraint alerts_open unique (open_key)
);
create index alerts_tenant on alerts (tenant, fired_at);
create index alerts_fired on alerts (fired_at);
create index alerts_rule_subject on alerts (rule, subject, fired_at);

-- Silences and maintenance windows: from starts_at until ends_at, alerts of the rules and subjects a
-- silence matches (rule, sync, connection, tenant: null matches any) fire and resolve as usual but tell
-- no channel; one still firing when the silence ends is sent then.
create table alert_silences (
    id          text not null,
    rule        text,
    sync        text,
    connection  text,
    tenant      text,
    starts_at   timestamp with time zone not null,
    ends_at     timestamp with time zone not null,
    reason      text not null,
    created_by  text,
    created_at  timestamp with time zone not null,
    constraint alert_silences_pk primary key (id)
);
create index alert_silences_ends on alert_silences (ends_at);

-- The outbox of notifications: one row per alert change and channel, stored with the change, before
-- any attempt. payload is the channel-neutral notice (no secrets: the channel's URL, routing key or
-- password is resolved when it sends). next_attempt_at is set while it is due and null once final.
create table alert_notifications (
    id               text not null,
    alert_id         text,
    channel          text not null,
    action           text not null,
    tenant           text,
    payload          text not null,
    status           text not null,
    attempts         integer not null,
    next_attempt_at  timestamp with time zone,
    last_error       text,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint alert_notifications_pk primary key (id)
);
create index alert_notifications_due on alert_notifications (next_attempt_at);
create index alert_notifications_alert on alert_notifications (alert_id, created_at);
create index alert_notifications_final on alert_notifications (updated_at);
