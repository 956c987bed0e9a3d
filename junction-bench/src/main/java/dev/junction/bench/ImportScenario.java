package dev.junction.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.http.EgressPolicy;
import dev.junction.importer.ConnectorImporter;
import dev.junction.importer.ImportFixture;
import dev.junction.importer.ImportedConnector;
import dev.junction.importer.TaskboardServer;
import dev.junction.spec.SourceText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * From an API description to records, per fixture of the importer's tests: {@code import} (the
 * connector and a connection of {@code ${env:...}} references written to files) → {@code apply}
 * (an engine on a new embedded store, as {@code junction apply} opens one) → the first page read
 * through the connection's pipeline from WireMock stubs built from the description's examples.
 * Wall time of each step, in one process: round 1 pays the class loading (swagger-parser, the
 * store, the HTTP client) as a fresh CLI process would; later rounds show the work itself. The
 * issue's target is under 10 s per fixture; the ratio column is against it.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.ImportScenario [rounds]</pre>
 */
public final class ImportScenario {
    private static final double TARGET_MS = 10_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf(Locale.ROOT, "%-5s  %-26s  %9s  %9s  %9s  %9s  %8s  %s%n", "round", "fixture", "import ms", "apply ms", "read ms", "total ms",
                "/ 10 s", "records on page 1");
        for (int round = 1; round <= rounds; round++) {
            for (ImportFixture fixture : ImportFixture.all()) {
                System.out.println(measure(round, fixture));
            }
            System.out.println(measureGraphQl(round));
        }
    }

    /** The GraphQL fixture: imported from its introspection result, its first page read from graphql-java serving that schema. */
    private static String measureGraphQl(int round) throws Exception {
        Path dir = Files.createTempDirectory("junction-import-bench-");
        try (TaskboardServer api = new TaskboardServer(TaskboardServer.fixture(), "tb-token")) {
            long start = System.nanoTime();
            ImportedConnector c = new ConnectorImporter().graphQl(TaskboardServer.fixture().toString(), null);
            Path connector = Files.writeString(dir.resolve(c.name() + ".yaml"), c.yaml());
            Path connection = Files.writeString(dir.resolve("connection.yaml"), c.connection());
            long imported = System.nanoTime();
            Map<String, String> env = Map.of("TASKBOARD_BASE_URL", api.origin(), "TASKBOARD_TOKEN", "tb-token");
            return timed(round, "taskboard.graphql.json", dir, c, List.of(connector, connection), env, "users", start, imported);
        }
    }

    private static String measure(int round, ImportFixture fixture) throws Exception {
        WireMockServer api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        Path dir = Files.createTempDirectory("junction-import-bench-");
        try {
            Path spec = fixture.path();
            fixture.stub(api, spec);
            long start = System.nanoTime();
            ImportedConnector c = fixture.importWith(new ConnectorImporter(), spec, null);
            Path connector = Files.writeString(dir.resolve(c.name() + ".yaml"), c.yaml());
            Path connection = Files.writeString(dir.resolve("connection.yaml"), c.connection());
            long imported = System.nanoTime();
            Map<String, String> env = fixture.env(c, api);
            return timed(round, fixture.file(), dir, c, List.of(connector, connection), env, fixture.stream(), start, imported);
        } finally {
            api.stop();
        }
    }

    /** Apply (a new embedded store) and the first page read, after an import that took {@code start} to {@code imported}: one result row. */
    private static String timed(int round, String file, Path dir, ImportedConnector c, List<Path> files, Map<String, String> env, String stream,
            long start, long imported) throws Exception {
        List<List<String>> pages;
        long applied;
        try (Engine engine = Engine.open(EngineConfig.embedded(dir.resolve("data"), env::get).withEgress(EgressPolicy.DEFAULT.withAllowPrivate(true)))) {
            List<SourceText> texts = new ArrayList<>();
            for (Path f : files) {
                texts.add(new SourceText(f.toString(), Files.readString(f)));
            }
            if (!engine.definitions().apply(texts).ok()) {
                throw new IllegalStateException(file + ": the imported definitions did not apply");
            }
            applied = System.nanoTime();
            String key = engine.definitions().applied().connectors().get(c.name()).streams().get(stream).primaryKey();
            pages = ImportFixture.read(engine, c.name(), stream, key, 1);
        }
        long read = System.nanoTime();
        if (pages.isEmpty() || pages.get(0).isEmpty()) {
            throw new IllegalStateException(file + ": the first page had no records");
        }
        double total = (read - start) / 1e6;
        return String.format(Locale.ROOT, "%-5d  %-26s  %9.0f  %9.0f  %9.0f  %9.0f  %8.3f  %d", round, file, (imported - start) / 1e6,
                (applied - imported) / 1e6, (read - applied) / 1e6, total, total / TARGET_MS, pages.get(0).size());
    }
}
