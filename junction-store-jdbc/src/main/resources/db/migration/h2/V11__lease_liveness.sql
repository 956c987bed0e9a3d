-- Run liveness (h2). Keep in step with ../postgresql/V11__lease_liveness.sql.
-- A run lease names the process that holds it, so that another process can tell a dead holder at
-- once instead of waiting for the lease to expire: node (one random id per process; its keeper
-- renews all the node's leases in one statement, hence the index), host name, pid, the process's
-- start (a pid reused by another process starts at another time) and pid_scope (on Linux the boot
-- id and pid namespace: where that pid means that process). All null for a lease taken without a
-- holder (an older version's, or a state reset's placeholder): only its expiry frees it.
-- Runs whose process died end in status ABANDONED; statuses stay stored by name, so no change there.
alter table run_leases add column node character varying;
alter table run_leases add column host character varying;
alter table run_leases add column pid bigint;
alter table run_leases add column process_started_at timestamp with time zone;
alter table run_leases add column pid_scope character varying;
create index run_leases_node on run_leases (node);
