package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The sync engine against real peers: the sandbox's CRM as the source and its Helpdesk as the
 * destination (through the demo's connector and connection files), and a private in-memory H2
 * store. A test writes the sync YAML it needs; {@link #plan} turns it into a job.
 */
final class SandboxSyncs implements AutoCloseable {
    static final Path EXAMPLES = Path.of("..", "examples", "demo");
    static final String SYNC = "contacts";

    final Sandbox sandbox;
    final JdbcStore store;
    final ObjectMapper json = new ObjectMapper();
    private final List<PlannedSync> planned = new ArrayList<>();

    SandboxSyncs(int contacts) {
        this(contacts, Clock.systemUTC());
    }

    /** {@code sandboxClock} is the sandbox's: the time of its changes and writes. */
    SandboxSyncs(int contacts, Clock sandboxClock) {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(contacts).withCrmRateLimit(0).withHelpdeskUsers(0).withClock(sandboxClock));
        store = JdbcStore.h2InMemory("sync-" + UUID.randomUUID());
    }

    /**
     * A sync of CRM contacts to Helpdesk users named {@value #SYNC}; {@code destinationExtra} goes
     * inside {@code destination: {...}}, {@code mappingExtra} adds mapping lines (two-space indent),
     * {@code extra} adds top-level keys.
     */
    static String syncYaml(String destinationExtra, String priority, String extra) {
        return """
                kind: Sync
                name: %s
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id%s }
                mapping:
                  external_id: id
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                  priority: %s
                batch: { size: 50, concurrency: 2 }
                %s
                """.formatted(SYNC, destinationExtra, priority, extra);
    }

    static final String PRIORITY = "{ from: properties.tier, values: { gold: 1, silver: 2, bronze: 3 }, default: 3 }";
    /** Bronze contacts get priority 7, which the Helpdesk refuses (422) record by record. */
    static final String BAD_BRONZE = "{ from: properties.tier, values: { gold: 1, silver: 2, bronze: 7 }, default: 3 }";

    LoadResult definitions(String syncYaml) {
        return definitions(syncYaml, UnaryOperator.identity());
    }

    /** The demo's definitions with {@code syncYaml}; {@code crmConnector} rewrites the text of the CRM's connector. */
    LoadResult definitions(String syncYaml, UnaryOperator<String> crmConnector) {
        List<SourceText> texts = new ArrayList<>();
        for (String file : List.of("acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml")) {
            try {
                String text = Files.readString(EXAMPLES.resolve(file));
                texts.add(new SourceText(file, file.startsWith("acme-crm") ? crmConnector.apply(text) : text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        texts.add(new SourceText("sync.yaml", syncYaml));
        LoadResult result = new SpecLoader().loadTexts(texts);
        assertThat(result.problems()).isEmpty();
        return result;
    }

    SyncJob plan(String syncYaml, String trigger) {
        return plan(syncYaml, trigger, Clock.systemUTC());
    }

    SyncJob plan(String syncYaml, String trigger, Clock clock) {
        return plan(syncYaml, trigger, clock, UnaryOperator.identity());
    }

    /** A job of {@code syncYaml} with the CRM's connector rewritten by {@code crmConnector}. */
    SyncJob plan(String syncYaml, String trigger, UnaryOperator<String> crmConnector) {
        return plan(syncYaml, trigger, Clock.systemUTC(), crmConnector);
    }

    private SyncJob plan(String syncYaml, String trigger, Clock clock, UnaryOperator<String> crmConnector) {
        Map<String, String> env = new HashMap<>();
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", sandbox.crm().token());
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
        Function<String, String> lookup = env::get;
        PipelineOptions options = PipelineOptions.builder().exchangeSink(store.exchanges()::append).clock(clock).build();
        PlannedSync plannedSync = new SyncPlanner(new EnvSecretResolver(lookup), options, json).plan(definitions(syncYaml, crmConnector), SYNC,
                trigger);
        planned.add(plannedSync);
        return plannedSync.job();
    }

    SyncEngine engine() {
        return new SyncEngine(store, json, Clock.systemUTC());
    }

    /** Accepted writes per Helpdesk user key. */
    Map<String, Integer> writesPerKey() {
        return sandbox.helpdesk().writeCountsByKey();
    }

    @Override
    public void close() {
        planned.forEach(PlannedSync::close);
        store.close();
        sandbox.close();
    }
}
