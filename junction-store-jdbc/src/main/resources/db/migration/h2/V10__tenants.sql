-- Per-tenant syncs (h2). Keep in step with ../postgresql/V10__tenants.sql.
-- A sync that names a connector instead of a connection runs once per tenant. Runs and dead letters
-- say which tenant they were of; null is a classic sync (every row written before this migration).
-- The rest of a tenant's state (checkpoints, fingerprints, run leases, write intents) is keyed by
-- the state key SYNC@TENANT in the existing sync column: a sync name cannot hold '@', so a classic
-- sync keeps its rows and key unchanged.
alter table runs add column tenant character varying;
create index runs_sync_tenant_started_at on runs (sync, tenant, started_at);
alter table dead_letters add column tenant character varying;
create index dead_letters_sync_tenant_created_at on dead_letters (sync, tenant, created_at);
