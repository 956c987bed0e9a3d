package dev.junction.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What one row of the sync's guarantees costs on the embedded store, by table shape (issue 18 item
 * 2): each shape gets a fresh H2 file database (the store's write delay), 2,000 transactions of one
 * multi-row insert of 100 rows, four rounds; the CPU time of the process per row of the last round
 * is printed. Keys ascend as the peers job's ids do ({@code 1, 2, ...} as text), or are scattered
 * with {@code random}.
 *
 * <ul>
 *   <li>{@code fingerprints}: today's table, primary key {@code (sync, record_key)};
 *   <li>{@code fingerprints-hash}: keyed by one number, a 64-bit hash of the key (MD5's first half, as a
 *       name-based UUID), no other index;
 *   <li>{@code fingerprints-hash-sync}: the same with an index on {@code sync};
 *   <li>{@code keys-v1}: the record keys before V34, {@code (exchange_id, key_position)} with a
 *       cascading foreign key and an index on the key;
 *   <li>{@code keys-v34}: since V34, one bigint id and an index on the key;
 *   <li>{@code keys-bare}: one bigint id, no index (the floor of a row).
 * </ul>
 *
 * <p>Arguments: the shapes (default: all), then {@code random} and {@code group=N} (commit every N
 * inserts) if wanted.
 */
public final class H2RowCostScenario {
    private static final int ROWS = 100;
    private static final int INSERTS = 2_000;

    private H2RowCostScenario() {}

    public static void main(String[] args) throws Exception {
        List<String> shapes = java.util.Arrays.stream(args).filter(a -> !a.equals("random") && !a.startsWith("group=")).toList();
        if (shapes.isEmpty()) {
            shapes = List.of("fingerprints", "fingerprints-hash", "fingerprints-hash-sync", "keys-v1", "keys-v34", "keys-bare");
        }
        boolean random = List.of(args).contains("random");
        int group = java.util.Arrays.stream(args).filter(a -> a.startsWith("group=")).mapToInt(a -> Integer.parseInt(a.substring(6))).findFirst().orElse(1);
        System.out.printf(Locale.ROOT, "H2 row cost: %d transactions of %d rows a round, keys %s, commit every %d insert(s)%n", INSERTS, ROWS,
                random ? "scattered" : "ascending", group);
        for (String shape : shapes) {
            System.out.printf(Locale.ROOT, "%-24s %6.2f µs CPU per row%n", shape, measure(shape, random, group));
        }
    }

    private static double measure(String shape, boolean random, int group) throws Exception {
        Path dir = Files.createTempDirectory("junction-h2-rows-");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("rows") + ";WRITE_DELAY=100")) {
            create(c, shape);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            OffsetDateTime now = OffsetDateTime.now();
            String sql = insertSql(shape);
            long row = 0;
            double perRow = 0;
            c.setAutoCommit(false);
            for (int round = 0; round < 4; round++) {
                long cpu = os.getProcessCpuTime();
                for (int i = 0; i < INSERTS; i++) {
                    long exchange = round * INSERTS + i + 1;
                    if (shape.equals("keys-v1")) {
                        try (PreparedStatement parent = c.prepareStatement("insert into exchanges (id) values (?)")) {
                            parent.setLong(1, exchange);
                            parent.executeUpdate();
                        }
                    }
                    try (PreparedStatement insert = c.prepareStatement(sql)) {
                        int p = 1;
                        for (int k = 0; k < ROWS; k++) {
                            String key = Long.toString(random ? Math.floorMod(++row * 7_919L, 900_000_007L) : ++row);
                            p = bind(insert, p, shape, key, exchange, k, now);
                        }
                        insert.executeUpdate();
                    }
                    if ((i + 1) % group == 0) {
                        c.commit();
                    }
                }
                c.commit();
                perRow = (os.getProcessCpuTime() - cpu) / 1e3 / ((double) INSERTS * ROWS);
            }
            return perRow;
        } finally {
            LocalHttp.deleteTree(dir);
        }
    }

    private static void create(Connection c, String shape) throws SQLException {
        try (Statement s = c.createStatement()) {
            String fingerprint = " fingerprint varchar not null, updated_at timestamp with time zone not null, seen_run varchar";
            switch (shape) {
                case "fingerprints" -> s.execute("create table t (sync varchar not null, record_key varchar not null," + fingerprint + ", primary key (sync, record_key))");
                case "fingerprints-hash" -> s.execute("create table t (id bigint primary key, sync varchar not null, record_key varchar not null," + fingerprint + ")");
                case "fingerprints-hash-sync" -> {
                    s.execute("create table t (id bigint primary key, sync varchar not null, record_key varchar not null," + fingerprint + ")");
                    s.execute("create index t_sync on t (sync)");
                }
                case "keys-v1" -> {
                    s.execute("create table exchanges (id bigint primary key)");
                    s.execute("create table t (exchange_id bigint not null, key_position integer not null, record_key varchar not null,"
                            + " primary key (exchange_id, key_position), foreign key (exchange_id) references exchanges (id) on delete cascade)");
                    s.execute("create index t_key on t (record_key)");
                }
                case "keys-v34" -> {
                    s.execute("create table t (id bigint primary key, record_key varchar not null)");
                    s.execute("create index t_key on t (record_key)");
                }
                case "keys-bare" -> s.execute("create table t (id bigint primary key, record_key varchar not null)");
                default -> throw new IllegalArgumentException("unknown shape '" + shape + "'");
            }
        }
    }

    private static String insertSql(String shape) {
        String columns = switch (shape) {
            case "fingerprints" -> "(sync, record_key, fingerprint, updated_at)";
            case "fingerprints-hash", "fingerprints-hash-sync" -> "(id, sync, record_key, fingerprint, updated_at)";
            case "keys-v1" -> "(exchange_id, key_position, record_key)";
            default -> "(id, record_key)";
        };
        int params = columns.split(",").length;
        String row = "(" + String.join(", ", Collections.nCopies(params, "?")) + ")";
        return "insert into t " + columns + " values " + String.join(", ", Collections.nCopies(ROWS, row));
    }

    private static int bind(PreparedStatement insert, int p, String shape, String key, long exchange, int position, OffsetDateTime now) throws SQLException {
        switch (shape) {
            case "fingerprints", "fingerprints-hash", "fingerprints-hash-sync" -> {
                if (!shape.equals("fingerprints")) {
                    insert.setLong(p++, java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).getMostSignificantBits());
                }
                insert.setString(p++, "contacts-to-helpdesk");
                insert.setString(p++, key);
                insert.setString(p++, "0123456789abcdef0123456789abcdef");
                insert.setObject(p++, now);
            }
            case "keys-v1" -> {
                insert.setLong(p++, exchange);
                insert.setInt(p++, position);
                insert.setString(p++, key);
            }
            default -> {
                insert.setLong(p++, exchange * (1L << 20) + position);
                insert.setString(p++, key);
            }
        }
        return p;
    }
}
