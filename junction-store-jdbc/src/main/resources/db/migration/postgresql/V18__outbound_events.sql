-- Outbound events: subscriptions and the outbox of their deliveries (postgresql).
-- Keep in step with ../h2/V18__outbound_events.sql.

-- A subscriber of Junction's own events. secret (and previous_secret, which still signs until
-- previous_secret_until after a rotation) is AES-256-GCM ciphertext under the tenant's data key
-- (tenant 'default' when tenant is null), never plaintext. event_types: patterns, space-separated.
create table event_subscriptions (
    id                     text not null,
    url                    text not null,
    event_types            text not null,
    tenant                 text,
    description            text,
    status                 text not null,
    disabled_reason        text,
    consecutive_failures   integer not null,
    secret                 bytea not null,
    previous_secret        bytea,
    previous_secret_until  timestamp with time zone,
    created_at             timestamp with time zone not null,
    updated_at             timestamp with time zone not null,
    constraint event_subscriptions_pk primary key (id)
);
create index event_subscriptions_tenant on event_subscriptions (tenant, created_at);

-- The outbox: one row per event and subscription, stored before any attempt. id is the webhook-id.
-- next_attempt_at is set while the delivery is due (pending, failed) and null once it is final
-- (delivered, dead), so the due index holds only what is still to deliver.
create table event_deliveries (
    id                text not null,
    subscription_id   text not null,
    event_type        text not null,
    tenant            text,
    payload           text not null,
    status            text not null,
    attempts          integer not null,
    next_attempt_at   timestamp with time zone,
    last_status_code  integer,
    last_error        text,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    constraint event_deliveries_pk primary key (id),
    constraint event_deliveries_subscription_fk foreign key (subscription_id) references event_subscriptions (id)
);
create index event_deliveries_due on event_deliveries (next_attempt_at) where next_attempt_at is not null;
create index event_deliveries_subscription on event_deliveries (subscription_id, created_at);
create index event_deliveries_final on event_deliveries (updated_at);
