-- Flow concurrency limits kept across nodes (postgresql). Keep in step with ../h2/V37__flow_limits.sql.

-- An execution counts against its flow's limits.concurrency and its tenant's limit
-- (JUNCTION_FLOWS_TENANT_CONCURRENCY) while it is running under a live lease, on any node. One past a
-- limit stays queued, held by the lease of the node that waits to start it (lease_owner,
-- lease_expires_at, renewed with its running ones), and marked with the limits it waits for: a node
-- starts no execution created after one another node holds waiting for the same limit, so executions
-- start in the order they were created. The marks count only under a live lease.
alter table flow_executions add column waits_for_flow boolean default false not null;
alter table flow_executions add column waits_for_tenant boolean default false not null;
-- What a node reads to admit under a limit: the flow's (or tenant's) running and queued executions.
create index flow_executions_flow_load on flow_executions (status, flow, created_at);
create index flow_executions_tenant_load on flow_executions (status, tenant, created_at);

-- One row per limit in use (limit_key: flow:NAME, tenant:NAME, or tenant: for the operator's
-- executions), locked (select ... for update) by the node that admits executions under it until its
-- transaction ends, so two nodes never both take the last slot. Made the first time; never changed.
create table flow_limit_locks (
    limit_key text not null,
    constraint flow_limit_locks_pk primary key (limit_key)
);
