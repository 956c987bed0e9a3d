package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Faults;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's CRM and Helpdesk as the peers of the run queue's tests, with the demo's connectors
 * and connections and {@code n} syncs of CRM contacts to Helpdesk users, {@code contacts-00} to
 * {@code contacts-NN}. Each sync writes its own users (external id {@code sNN-<contact id>}), so the
 * Helpdesk's ledger says exactly which sync wrote what, and how often.
 */
final class QueueSandbox implements AutoCloseable {
    static final Path EXAMPLES = Path.of("..", "examples", "demo");

    final Sandbox sandbox;
    final int contacts;

    QueueSandbox(int contacts) {
        this.contacts = contacts;
        this.sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(contacts).withCrmRateLimit(0).withHelpdeskUsers(0));
    }

    /** Slows each Helpdesk call down, so runs stay in flight a while. */
    QueueSandbox withHelpdeskLatency(Duration latency) {
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(latency));
        return this;
    }

    /** The environment the connections' secret references read. */
    Map<String, String> env() {
        return new HashMap<>(DemoEngine.environment(sandbox));
    }

    /** An engine on {@code postgres} (its {@code postgres} database), with the default queue settings; the caller closes it. */
    Engine openOnPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        Map<String, String> env = env();
        env.put(StoreLocation.USER_ENV, "postgres");
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        return Engine.open(new EngineConfig(StoreLocation.choose(url, env::get, null), null, env::get, java.time.Clock.systemUTC(),
                RunQueue.Settings.DEFAULT));
    }

    static String sync(int n) {
        return "contacts-%02d".formatted(n);
    }

    /** The connectors, connections and syncs {@code contacts-00} to {@code contacts-(syncs-1)}. */
    List<SourceText> definitions(int syncs) {
        List<SourceText> texts = new ArrayList<>();
        for (String file : List.of("acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml")) {
            try {
                texts.add(new SourceText(file, Files.readString(EXAMPLES.resolve(file))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (int n = 0; n < syncs; n++) {
            texts.add(new SourceText(sync(n) + ".sync.yaml", """
                    kind: Sync
                    name: %s
                    source: { connection: crm, stream: contacts, mode: full }
                    destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                    mapping:
                      external_id: "= 's%02d-' & id"
                      email: properties.email
                      name: "= properties.firstname & ' ' & properties.lastname"
                    batch: { size: 50, concurrency: 2 }
                    onRowError: dead-letter
                    """.formatted(sync(n), n)));
        }
        return texts;
    }

    /** Applies {@link #definitions} through the engine. */
    void apply(Engine engine, int syncs) {
        Definitions.ApplyResult applied = engine.definitions().apply(definitions(syncs));
        assertThat(applied.result().problems()).isEmpty();
    }

    /** How many users each sync wrote, by sync number. */
    Map<Integer, Integer> usersPerSync() {
        Map<Integer, Integer> perSync = new TreeMap<>();
        sandbox.helpdesk().writeCountsByKey().keySet().forEach(key -> perSync.merge(Integer.parseInt(key.substring(1, 3)), 1, Integer::sum));
        return perSync;
    }

    /** Each of the first {@code syncs} syncs wrote each contact exactly once: nothing missing, nothing twice. */
    void assertEveryRecordWrittenOnce(int syncs) {
        Map<String, Integer> writes = sandbox.helpdesk().writeCountsByKey();
        List<String> twice = writes.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(5).toList();
        assertThat(twice).as("keys written more than once").isEmpty();
        assertThat(writes).as("one write per sync and contact").hasSize(syncs * contacts);
        Map<Integer, Integer> expected = new TreeMap<>();
        for (int n = 0; n < syncs; n++) {
            expected.put(n, contacts);
        }
        assertThat(usersPerSync()).isEqualTo(expected);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
