-- Flow callbacks (h2). Keep in step with ../postgresql/V32__flow_callbacks.sql.

-- A delivery may go to a URL of its own below its subscription's (a flow execution's callback URL,
-- signed with that subscription's secret); null: the subscription's URL. A callback is stored
-- parked (status PENDING, next_attempt_at null: never due) when the execution starts, and made due
-- with its payload when the execution ends.
alter table event_deliveries add column url varchar(2000);
