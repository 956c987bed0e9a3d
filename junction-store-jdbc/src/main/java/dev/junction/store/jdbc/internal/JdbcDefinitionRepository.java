package dev.junction.store.jdbc.internal;

import dev.junction.store.DefinitionRepository;
import dev.junction.store.StoredDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Definitions in table {@code definitions}, keyed by (kind, name). */
public final class JdbcDefinitionRepository implements DefinitionRepository {
    private static final String COLUMNS = "kind, name, source, origin, checksum, applied_at";

    private final Jdbc jdbc;
    private final String upsertSql;
    private final String listSql;

    public JdbcDefinitionRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsertSql = dialect.upsert("definitions", List.of("kind", "name"), List.of("source", "origin", "checksum", "applied_at"));
        this.listSql = "select " + COLUMNS + " from definitions order by "
                + dialect.orderByText("kind") + ", " + dialect.orderByText("name");
    }

    @Override
    public void save(StoredDefinition d) {
        jdbc.withHandle(
                "save definition " + d.kind() + " '" + d.name() + "'",
                c -> Jdbc.update(c, upsertSql, d.kind(), d.name(), d.source(), d.origin(), d.checksum(), d.appliedAt()));
    }

    @Override
    public Optional<StoredDefinition> find(String kind, String name) {
        return jdbc.withHandle(
                "find definition " + kind + " '" + name + "'",
                c -> Jdbc.first(c, "select " + COLUMNS + " from definitions where kind = ? and name = ?",
                        JdbcDefinitionRepository::map, kind, name));
    }

    @Override
    public List<StoredDefinition> list() {
        return jdbc.withHandle("list definitions", c -> Jdbc.list(c, listSql, JdbcDefinitionRepository::map));
    }

    @Override
    public boolean delete(String kind, String name) {
        return jdbc.withHandle(
                "delete definition " + kind + " '" + name + "'",
                c -> Jdbc.update(c, "delete from definitions where kind = ? and name = ?", kind, name) > 0);
    }

    private static StoredDefinition map(ResultSet row) throws SQLException {
        return new StoredDefinition(
                row.getString("kind"),
                row.getString("name"),
                row.getString("source"),
                row.getString("origin"),
                row.getString("checksum"),
                Jdbc.instant(row, "applied_at"));
    }
}
