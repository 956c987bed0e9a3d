-- Rate budgets shared across nodes (postgresql). Keep in step with ../h2/V36__rate_shares.sql.
-- One row per shared budget and node that spends it: limiter_key names the budget the same way in
-- every process (a SHA-256 of tenant, connection and declared rate), node is the process's random id
-- (the one its run leases name), seen_at when the node last stamped it as used (every few seconds
-- while it sends). Each node counts the others seen within a short horizon and keeps to its even
-- share; rows of budgets unused for a while, or of nodes that stopped, are deleted. A small table
-- (budgets times nodes), read and written whole: no index beyond the key.
create table rate_shares (
    limiter_key text not null,
    node        text not null,
    seen_at     timestamp with time zone not null,
    primary key (limiter_key, node)
);
