package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine, one registry: runs, dry runs, schema discovery, mapping previews and suggestions all
 * reach a connection through its one shared JDK client (and with it its one rate budget and token
 * state), and nothing outside the registry builds pipeline options of its own.
 */
class ConnectionRegistryTest {
    private static final String SYNC = DemoEngine.SYNC;

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(60).withCrmRateLimit(0));
        engine = DemoEngine.open(dataDir, sandbox, config -> config);
    }

    @AfterEach
    void stop() {
        engine.close();
        sandbox.close();
    }

    @Test
    void everyKindOfWorkThroughAConnectionSharesItsOneClient() {
        LoadResult definitions = engine.definitions().applied();
        Runs.Request request = new Runs.Request(SYNC, null, "test", false);

        assertThat(engine.runs().run(definitions, request, RunListener.NONE).run().status()).isEqualTo(RunStatus.SUCCEEDED);
        engine.runs().dryRun(definitions, request, 1, RunListener.NONE);
        engine.schemas().discover(definitions, "crm", "contacts", 10);
        engine.mappings().preview(definitions, SYNC, null, 2);
        engine.mappings().suggest(definitions, "crm", "contacts", "helpdesk", "users", 10, 0.6);
        assertThat(engine.runs().run(definitions, request, RunListener.NONE).run().counters().unchanged()).isEqualTo(60);

        // two connections (crm, helpdesk): two clients for everything above, not one per run, sample or preview
        assertThat(engine.connections().httpClients().size()).isEqualTo(2);
    }

    @Test
    void theAppliedDefinitionsAreParsedOnceUntilTheyChange() {
        LoadResult first = engine.definitions().applied();

        assertThat(engine.definitions().applied()).isSameAs(first);
        engine.definitions().apply(List.of(new SourceText("extra.yaml", """
                kind: Connection
                name: crm-2
                connector: acme-crm
                config: { baseUrl: "${env:ACME_CRM_URL}" }
                secrets: { token: "${env:ACME_CRM_TOKEN}" }
                """)));
        assertThat(engine.definitions().applied()).isNotSameAs(first);
        assertThat(engine.definitions().applied().connections()).containsKey("crm-2");
    }

    @Test
    void noAdapterOrEngineClassBuildsPipelineOptionsOutsideTheRegistry() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("junction-engine", "junction-cli", "junction-server", "junction-app")) {
            Path sources = Path.of("..", module, "src", "main", "java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    boolean builds = text.contains("PipelineOptions.builder()") || text.contains("new RateLimiters(") || text.contains("new OAuthTokens(")
                            || text.contains("new HttpClients(") || text.contains("PipelineOptions.defaults()");
                    if (builds && !file.getFileName().toString().equals("Connections.java")) {
                        offenders.add(file.toString());
                    }
                }
            }
        }
        assertThat(offenders).as("only the engine's Connections registry builds pipeline options, budgets, tokens and clients").isEmpty();
    }
}
