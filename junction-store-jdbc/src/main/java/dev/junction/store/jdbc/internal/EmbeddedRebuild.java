package dev.junction.store.jdbc.internal;

import dev.junction.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds an embedded store's database from its tables' rows, for a file a killed process left with
 * an index that names a row its table lost (H2's "Row not found in primary index", which it reports as
 * a lock timeout; docs/server.md "Embedded store durability"). H2 has no REINDEX, so the whole
 * database goes through H2's {@code SCRIPT} (each table read by its rows, not its indexes) into a new
 * file, whose indexes and constraints are built afresh; the row counts must match; then the new file
 * replaces the old one in a single rename, the old one kept beside the script's directory.
 *
 * <p>It needs the data directory to itself: H2 refuses while any process has it open.
 */
public final class EmbeddedRebuild {
    /** What a rebuild did: rows per table, where the file before it is kept, how long it took. */
    public record Result(Path dataDir, Map<String, Long> rows, Path before, Duration took) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private EmbeddedRebuild() {}

    /**
     * Rebuilds the database in {@code dataDir} ({@code junction.mv.db}); {@code settings} are the
     * store's connection settings ({@code ;MODE=...}), which the new file is written with too.
     *
     * @throws StoreException when there is no database there, another process has it open, or the
     *     rebuilt file does not hold the same rows (the old file is left as it was)
     */
    public static Result rebuild(Path dataDir, String settings, Clock clock) {
        long start = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve("junction.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new StoreException("there is no embedded store in " + dir + " (no junction.mv.db) to repair", null);
        }
        if (dir.toString().contains(";") || dir.toString().contains("'")) {
            throw new StoreException("the data directory " + dir + " must not contain ';' or a quote (it becomes part of a JDBC URL)", null);
        }
        Path work = dir.resolve("repair-" + STAMP.format(clock.instant()));
        Path script = work.resolve("junction.sql.gz");
        Map<String, Long> before;
        boolean swapped = false;
        try {
            Files.createDirectories(work);
            try (Connection old = open(dir.resolve("junction"), settings, dir)) {
                before = rowCounts(old);
                execute(old, "script to '" + script + "' compression gzip");
            }
            Map<String, Long> after;
            try (Connection fresh = open(work.resolve("junction"), settings, dir)) {
                execute(fresh, "runscript from '" + script + "' compression gzip");
                after = rowCounts(fresh);
            }
            if (!after.equals(before)) {
                throw new StoreException("the rebuilt store in " + work + " does not hold the rows of the store in " + dir + " (" + before + " before, "
                        + after + " rebuilt); the store was left as it was", null);
            }
            // the old file stays whole until the new one replaces it in one rename: the directory always has one of the two
            Path kept = work.resolve("junction.mv.db.before");
            Files.copy(file, kept, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(work.resolve("junction.mv.db"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            swapped = true;
            Files.deleteIfExists(script);
            return new Result(dir, before, kept, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new StoreException("could not repair the store in " + dir + ": " + e, e);
        } catch (SQLException e) {
            throw new StoreException("could not repair the store in " + dir + ": " + describe(e), e);
        } finally {
            if (!swapped) {
                deleteQuietly(work); // the store was left as it was: nothing of the attempt stays
            }
        }
    }

    private static void deleteQuietly(Path work) {
        try (java.util.stream.Stream<Path> paths = Files.exists(work) ? Files.walk(work) : java.util.stream.Stream.empty()) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // what is left is the attempt's own directory; the store itself is untouched
        }
    }

    /** The database alone (no auto-server): H2 refuses while another process has it open. */
    private static Connection open(Path base, String settings, Path dir) throws SQLException {
        try {
            return DriverManager.getConnection("jdbc:h2:file:" + base + settings + ";AUTO_SERVER=FALSE;AUTO_COMPACT_FILL_RATE=0", "sa", "");
        } catch (SQLException e) {
            if (e.getErrorCode() == 90020) { // DATABASE_ALREADY_OPEN_1
                throw new StoreException("the store in " + dir + " is open in another process: stop every Junction process that uses it, then"
                        + " repair it", e);
            }
            throw e;
        }
    }

    private static Map<String, Long> rowCounts(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select table_name from information_schema.tables where table_schema = 'public'"
                        + " and table_type = 'BASE TABLE' order by table_name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            // the rows a scan of the table reads, as SCRIPT does: not count(*) alone, which H2 answers from its row map's size (a
            // killed transaction's entry there counts), nor through an index (which may miss or name rows)
            String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("select count(*) from (select 1 from " + quoted + " use index ()) t")) {
                rows.next();
                counts.put(table, rows.getLong(1));
            }
        }
        return counts;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String describe(SQLException e) {
        return EmbeddedH2.stripUrls(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
    }
}
