-- Durable flow executions (postgresql). Keep in step with ../h2/V25__flow_durability.sql.

-- An execution a process runs holds a lease: lease_owner (the process's flow worker) until
-- lease_expires_at, renewed while it runs. A running execution whose lease expired is claimed again by
-- any process and resumes after its last completed step. status also takes waiting (a wait step
-- parked it until wake_at; no thread holds it) and cancelled. cancel_requested asks the process running
-- it to stop before its next step.
alter table flow_executions add column lease_owner text;
alter table flow_executions add column lease_expires_at timestamp with time zone;
alter table flow_executions add column wake_at timestamp with time zone;
alter table flow_executions add column cancel_requested boolean default false not null;
create index flow_executions_wake on flow_executions (status, wake_at);

-- What a resumed step reads: the step's full output as JSON, AES-256-GCM encrypted under the data key
-- of key_tenant (the execution's tenant; 'default' for an operator's), bound to tenant, execution and
-- seq. output keeps the redacted, capped copy that is shown.
alter table flow_steps add column sealed_output bytea;
alter table flow_steps add column key_tenant text;
create index flow_steps_key_tenant on flow_steps (key_tenant);
