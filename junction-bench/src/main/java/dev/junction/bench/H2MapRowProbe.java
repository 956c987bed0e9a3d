package dev.junction.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.type.StringDataType;

/**
 * Per-record state kept in an H2 map beside the SQL tables, in the same transaction (issue 18 item
 * 2, fourteenth stop): what a fingerprint costs written as the run writes it (a look-up of 100 keys,
 * then 100 inserts, one commit per batch) through the store's SQL table, primary key
 * {@code (sync, record_key)}, against a {@code TransactionMap} of the session's own transaction (one
 * B-tree, no SQL, committed and rolled back with the SQL statements). A fresh H2 file database per
 * run at the store's write delay; four rounds of {@code records} keys, each a new sync, each written
 * out (CHECKPOINT) before the next; the process's CPU time per round, the background writer included.
 *
 * <p>Arguments: {@code sql} or {@code map}, the number of records (default 200,000), and
 * {@code random} for keys in scattered order (default: ascending, as an initial load brings them).
 */
public final class H2MapRowProbe {
    private static final int BATCH = 100;

    private H2MapRowProbe() {}

    public static void main(String[] args) throws Exception {
        boolean map = args.length > 0 && args[0].equals("map");
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        boolean random = List.of(args).contains("random");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            keys.add(String.format(Locale.ROOT, "c-%07d", i));
        }
        if (random) {
            Collections.shuffle(keys, new Random(1));
        }
        Path dir = Files.createTempDirectory("junction-h2-map-");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("s") + ";WRITE_DELAY=100", "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table fingerprints (sync varchar(200) not null, record_key varchar(1000) not null, fingerprint varchar(64) not null,"
                        + " updated_at timestamp with time zone, seen_run varchar(64), primary key (sync, record_key))");
            }
            c.setAutoCommit(false);
            for (int round = 0; round < 4; round++) {
                String sync = "default/crm-to-helpdesk-" + round;
                long cpu = cpu();
                for (int from = 0; from < records; from += BATCH) {
                    List<String> batch = keys.subList(from, Math.min(records, from + BATCH));
                    if (map) {
                        viaMap(c, sync, batch);
                    } else {
                        viaSql(c, sync, batch);
                    }
                    c.commit();
                }
                System.out.printf(Locale.ROOT, "%s, %d keys %s, round %d: %,d ms CPU%n", map ? "map" : "sql", records, random ? "scattered" : "ascending",
                        round + 1, (cpu() - cpu) / 1_000_000);
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT"); // the round's pages written before the next round's CPU is counted
                }
            }
        }
        System.out.printf(Locale.ROOT, "file: %,d KiB%n", Files.size(dir.resolve("s.mv.db")) / 1024);
    }

    private static void viaSql(Connection c, String sync, List<String> batch) throws Exception {
        try (PreparedStatement select = c.prepareStatement("select record_key, fingerprint from fingerprints where (sync, record_key) in ("
                + String.join(", ", Collections.nCopies(batch.size(), "(?, ?)")) + ")")) {
            int p = 1;
            for (String key : batch) {
                select.setString(p++, sync);
                select.setString(p++, key);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    rows.getString(2);
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("insert into fingerprints (sync, record_key, fingerprint, updated_at) values "
                + String.join(", ", Collections.nCopies(batch.size(), "(?, ?, ?, ?)")))) {
            int p = 1;
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (String key : batch) {
                insert.setString(p++, sync);
                insert.setString(p++, key);
                insert.setString(p++, fingerprint(key));
                insert.setTimestamp(p++, now);
            }
            insert.executeUpdate();
        }
    }

    private static void viaMap(Connection c, String sync, List<String> batch) throws Exception {
        SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
        synchronized (session) {
            TransactionMap<String, String> map = session.getTransaction().openMap("junction.fingerprints", StringDataType.INSTANCE, StringDataType.INSTANCE);
            for (String key : batch) {
                map.get(sync + '\u0000' + key);
            }
            for (String key : batch) {
                map.put(sync + '\u0000' + key, fingerprint(key) + '|' + System.currentTimeMillis());
            }
        }
    }

    private static String fingerprint(String key) {
        return Integer.toHexString(key.hashCode()) + "0123456789abcdef0123456789ab";
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
