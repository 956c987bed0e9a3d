package dev.junction.store.jdbc.internal;

import dev.junction.store.DefinitionConflictException;
import dev.junction.store.DefinitionRepository;
import dev.junction.store.StoreException;
import dev.junction.store.StoredDefinition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Definitions: every version in table {@code definition_versions}, keyed by (kind, name, version),
 * and the current one's number in {@code definitions}, keyed by (kind, name).
 *
 * <p>A save is optimistic, in one transaction: read the current version, insert the next version
 * (max + 1), then move the pointer only if it still names the version read. Of two concurrent
 * saves of one definition one inserts the next version first and the other fails on the primary
 * key (or on the pointer): a conditional save then reports the conflict, an unconditional one
 * tries again on top of the winner.
 */
public final class JdbcDefinitionRepository implements DefinitionRepository {
    private static final String VERSION_COLUMNS = "v.kind, v.name, v.source, v.origin, v.checksum, v.applied_at, v.applied_by, v.version, v.line_offset";
    private static final String CURRENT = "select " + VERSION_COLUMNS + " from definitions d join definition_versions v"
            + " on v.kind = d.kind and v.name = d.name and v.version = d.version";
    private static final String INSERT_VERSION = "insert into definition_versions"
            + " (kind, name, version, source, origin, checksum, applied_at, applied_by, line_offset) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** An unconditional save loses a race only to a save that succeeded; this many in a row means something else is wrong. */
    private static final int MAX_ATTEMPTS = 50;

    private final Jdbc jdbc;
    private final String listSql;

    public JdbcDefinitionRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.listSql = CURRENT + " order by " + dialect.orderByText("d.kind") + ", " + dialect.orderByText("d.name");
    }

    @Override
    public StoredDefinition saveIfCurrent(StoredDefinition d, int expectedVersion) {
        if (expectedVersion < ANY_VERSION) {
            throw new IllegalArgumentException("save definition " + d.describe() + ": expected version must be 0 or more (or ANY_VERSION), was " + expectedVersion);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inTransaction("save definition " + d.describe(), c -> saveNextVersion(c, d, expectedVersion));
            } catch (LostRace race) {
                if (expectedVersion != ANY_VERSION) {
                    throw new DefinitionConflictException(d.kind(), d.name(), expectedVersion, currentVersion(d.kind(), d.name()));
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new StoreException("could not save definition " + d.describe() + ": " + MAX_ATTEMPTS
                            + " concurrent saves of it got there first; try again", race.getCause());
                }
            }
        }
    }

    private StoredDefinition saveNextVersion(Connection c, StoredDefinition d, int expectedVersion) throws SQLException {
        int current = currentVersion(c, d.kind(), d.name());
        if (expectedVersion != ANY_VERSION && expectedVersion != current) {
            throw new DefinitionConflictException(d.kind(), d.name(), expectedVersion, current);
        }
        int next = Jdbc.first(c, "select coalesce(max(version), 0) + 1 from definition_versions where kind = ? and name = ?",
                row -> row.getInt(1), d.kind(), d.name()).orElseThrow();
        try {
            Jdbc.update(c, INSERT_VERSION, d.kind(), d.name(), next, d.source(), d.origin(), d.checksum(), d.appliedAt(), d.appliedBy(), d.lineOffset());
            int moved = current == 0
                    ? Jdbc.update(c, "insert into definitions (kind, name, version) values (?, ?, ?)", d.kind(), d.name(), next)
                    : Jdbc.update(c, "update definitions set version = ? where kind = ? and name = ? and version = ?", next, d.kind(), d.name(), current);
            if (moved != 1) {
                throw new LostRace(null);
            }
        } catch (SQLException e) {
            if (lostRace(e)) {
                throw new LostRace(e);
            }
            throw e;
        }
        return new StoredDefinition(d.kind(), d.name(), d.source(), d.origin(), d.checksum(), d.appliedAt(), d.appliedBy(), next, d.lineOffset());
    }

    @Override
    public Optional<StoredDefinition> find(String kind, String name) {
        return jdbc.withHandleNoFlush(
                "find definition " + kind + " '" + name + "'",
                c -> Jdbc.first(c, CURRENT + " where d.kind = ? and d.name = ?", JdbcDefinitionRepository::map, kind, name));
    }

    @Override
    public List<StoredDefinition> list() {
        return jdbc.withHandleNoFlush("list definitions", c -> Jdbc.list(c, listSql, JdbcDefinitionRepository::map));
    }

    @Override
    public List<StoredDefinition> history(String kind, String name) {
        return jdbc.withHandleNoFlush(
                "list the versions of definition " + kind + " '" + name + "'",
                c -> Jdbc.list(c, "select " + VERSION_COLUMNS + " from definition_versions v where v.kind = ? and v.name = ? order by v.version desc",
                        JdbcDefinitionRepository::map, kind, name));
    }

    @Override
    public Optional<StoredDefinition> findVersion(String kind, String name, int version) {
        return jdbc.withHandleNoFlush(
                "find version " + version + " of definition " + kind + " '" + name + "'",
                c -> Jdbc.first(c, "select " + VERSION_COLUMNS + " from definition_versions v where v.kind = ? and v.name = ? and v.version = ?",
                        JdbcDefinitionRepository::map, kind, name, version));
    }

    @Override
    public boolean relocate(String kind, String name, int version, int lineOffset) {
        if (lineOffset < 0) {
            throw new IllegalArgumentException("relocate definition " + kind + " '" + name + "': lineOffset must be 0 or more, was " + lineOffset);
        }
        return jdbc.withHandle("relocate version " + version + " of definition " + kind + " '" + name + "'",
                c -> Jdbc.update(c, "update definition_versions set line_offset = ? where kind = ? and name = ? and version = ?",
                        lineOffset, kind, name, version) > 0);
    }

    @Override
    public boolean deleteIfCurrent(String kind, String name, int expectedVersion) {
        if (expectedVersion == ANY_VERSION) {
            return jdbc.withHandle("delete definition " + kind + " '" + name + "'",
                    c -> Jdbc.update(c, "delete from definitions where kind = ? and name = ?", kind, name) > 0);
        }
        return jdbc.inTransaction("delete version " + expectedVersion + " of definition " + kind + " '" + name + "'", c -> {
            if (Jdbc.update(c, "delete from definitions where kind = ? and name = ? and version = ?", kind, name, expectedVersion) > 0) {
                return true;
            }
            int current = currentVersion(c, kind, name);
            if (current == 0) {
                return false;
            }
            throw new DefinitionConflictException(kind, name, expectedVersion, current);
        });
    }

    private int currentVersion(String kind, String name) {
        return jdbc.withHandle("find the current version of definition " + kind + " '" + name + "'", c -> currentVersion(c, kind, name));
    }

    private static int currentVersion(Connection c, String kind, String name) throws SQLException {
        return Jdbc.first(c, "select version from definitions where kind = ? and name = ?", row -> row.getInt(1), kind, name).orElse(0);
    }

    /**
     * Whether a concurrent save got there first: the version or the pointer row exists already
     * (23505), or, on H2, the pointer row was changed by a transaction not committed yet (90131).
     */
    private static boolean lostRace(SQLException e) {
        return Dialect.duplicateKey(e) || "90131".equals(e.getSQLState()) || e.getErrorCode() == 90131;
    }

    private static StoredDefinition map(ResultSet row) throws SQLException {
        return new StoredDefinition(
                row.getString("kind"),
                row.getString("name"),
                row.getString("source"),
                row.getString("origin"),
                row.getString("checksum"),
                Jdbc.instant(row, "applied_at"),
                row.getString("applied_by"),
                row.getInt("version"),
                row.getInt("line_offset"));
    }

    /** A concurrent save of the same definition committed first; the transaction is rolled back. */
    private static final class LostRace extends RuntimeException {
        LostRace(SQLException cause) {
            super(null, cause, false, false);
        }
    }
}
