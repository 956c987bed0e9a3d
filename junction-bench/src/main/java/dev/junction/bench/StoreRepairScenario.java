package dev.junction.bench;

import dev.junction.engine.StoreLocation;
import dev.junction.engine.StoreRepair;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How long {@code junction store repair} takes: fills an embedded store with {@code ROWS} fingerprints
 * (1,000 a transaction, 10 syncs), closes it, and rebuilds it through {@link StoreRepair}, printing
 * both times and the file sizes. The baseline in the same run is the fill itself (writing the rows
 * through the store). {@code StoreRepairScenario [ROWS]} (default 1,000,000).
 */
public final class StoreRepairScenario {
    private StoreRepairScenario() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("junction-repair-bench");
        long start = System.nanoTime();
        try (JdbcStore store = JdbcStore.h2(dir)) {
            for (int batch = 0; batch < rows / 1000; batch++) {
                Map<String, String> fingerprints = new LinkedHashMap<>();
                for (int i = 0; i < 1000; i++) {
                    int n = batch * 1000 + i;
                    fingerprints.put("key-" + n, "fp-" + UUID.nameUUIDFromBytes(Integer.toString(n).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                store.fingerprints().saveAll("sync-" + batch % 10, fingerprints);
            }
        }
        double filled = (System.nanoTime() - start) / 1e9;
        long before = Files.size(dir.resolve("junction.mv.db"));
        StoreRepair.Repaired repaired = StoreRepair.repair(StoreLocation.embedded(dir), Clock.systemUTC());
        System.out.printf("filled %,d rows in %.1f s (file %,d bytes); repair: %d tables, %,d rows in %.1f s (file %,d bytes); repair / fill %.2f%n",
                rows, filled, before, repaired.tables(), repaired.rows(), repaired.took().toMillis() / 1000.0, Files.size(dir.resolve("junction.mv.db")),
                repaired.took().toMillis() / 1000.0 / filled);
        LocalHttp.deleteTree(dir);
    }
}
