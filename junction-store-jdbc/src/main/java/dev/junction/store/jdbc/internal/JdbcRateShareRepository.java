package dev.junction.store.jdbc.internal;

import dev.junction.store.RateShareRepository;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared rate budgets' nodes in table {@code rate_shares}, one row per budget key and node. Stamps are
 * upserted in one batch; nothing here is flushed to an embedded database's file at once (a lost stamp
 * costs a beat, never a budget).
 */
public final class JdbcRateShareRepository implements RateShareRepository {
    private final Jdbc jdbc;
    private final String upsert;

    public JdbcRateShareRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsert = dialect.upsert("rate_shares", List.of("limiter_key", "node"), List.of("seen_at"));
    }

    @Override
    public void seen(String node, Collection<String> keys, Instant at) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.inTransactionNoFlush("stamp " + keys.size() + " rate budget(s) as used by node '" + node + "'", c -> {
            try (PreparedStatement statement = c.prepareStatement(upsert)) {
                for (String key : keys) {
                    Jdbc.bind(statement, key, node, at);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, Integer> others(String node, Instant since) {
        return jdbc.withHandleNoFlush("count the nodes that use each shared rate budget", c -> {
            Map<String, Integer> counts = new HashMap<>();
            Jdbc.list(c, "select limiter_key, count(*) from rate_shares where seen_at >= ? and node <> ? group by limiter_key",
                    r -> Map.entry(r.getString(1), r.getInt(2)), since, node).forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    @Override
    public int forgetBefore(Instant before) {
        return jdbc.withHandleNoFlush("delete stale rate budget stamps", c -> Jdbc.update(c, "delete from rate_shares where seen_at < ?", before));
    }

    @Override
    public void leave(String node) {
        jdbc.withHandleNoFlush("delete the rate budget stamps of node '" + node + "'", c -> Jdbc.update(c, "delete from rate_shares where node = ?", node));
    }
}
