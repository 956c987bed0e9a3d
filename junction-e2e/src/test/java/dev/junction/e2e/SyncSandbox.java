package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Faults;
import dev.junction.sandbox.RequestHook;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's CRM and Helpdesk, in the test JVM, as the outside systems of the {@code junction serve}
 * processes: the demo's connectors and connections, and syncs {@code contacts-00}, {@code contacts-01},
 * ... of the CRM's contacts to Helpdesk users. Each sync writes users of its own (external id
 * {@code sNN-<contact id>}), so the Helpdesk's ledger says which sync wrote what, and how often.
 */
final class SyncSandbox implements AutoCloseable {
    private static final Duration WRITE_HOLD_BOUND = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    private final Sandbox sandbox;
    private final int contacts;
    private volatile CountDownLatch writes = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    SyncSandbox(int contacts) {
        this.contacts = contacts;
        this.sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(contacts).withCrmRateLimit(0).withHelpdeskUsers(0));
    }

    /** Every CRM page (50 contacts) takes {@code crm} longer, every Helpdesk batch (50 users) {@code helpdesk}: runs stay in flight a while. */
    SyncSandbox slowedBy(Duration crm, Duration helpdesk) {
        sandbox.crm().setFaults(Faults.NONE.withLatency(crm));
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(helpdesk));
        return this;
    }

    /**
     * Holds every Helpdesk write (a batch upsert) as it arrives, until {@link #releaseWrites}: runs get
     * claimed and read, but write nothing yet. At most {@code WRITE_HOLD_BOUND} each.
     */
    void holdWrites() {
        CountDownLatch gate = new CountDownLatch(1);
        writes = gate;
        held.set(0);
        sandbox.helpdesk().setRequestHook((method, path) -> {
            if (method.equals("POST") && path.startsWith("/api/users/batch")) {
                held.incrementAndGet();
                gate.await(WRITE_HOLD_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** How many writes arrived since {@link #holdWrites} (held until {@link #releaseWrites}). */
    int heldWrites() {
        return held.get();
    }

    /** Lets the held writes, and every later one, go on. */
    void releaseWrites() {
        sandbox.helpdesk().setRequestHook(RequestHook.NONE);
        writes.countDown();
    }

    int contacts() {
        return contacts;
    }

    /** The environment the connections' secret references read (the serve processes get it). */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", sandbox.crm().token());
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
        return env;
    }

    static String sync(int n) {
        return "contacts-%02d".formatted(n);
    }

    /** The connectors, connections and syncs {@code contacts-00} to {@code contacts-(syncs-1)}, as one YAML body for POST /api/v1/definitions. */
    String definitions(int syncs) {
        StringBuilder yaml = new StringBuilder();
        for (String file : List.of("acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml")) {
            try {
                yaml.append(Files.readString(EXAMPLES.resolve(file)).strip()).append("\n---\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (int n = 0; n < syncs; n++) {
            yaml.append(n == 0 ? "" : "---\n").append("""
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
                    """.formatted(sync(n), n));
        }
        return yaml.toString();
    }

    /** How many Helpdesk users each sync wrote, by sync number. */
    Map<Integer, Integer> usersPerSync() {
        Map<Integer, Integer> perSync = new TreeMap<>();
        sandbox.helpdesk().writeCountsByKey().keySet().forEach(key -> perSync.merge(Integer.parseInt(key.substring(1, 3)), 1, Integer::sum));
        return perSync;
    }

    /** The Helpdesk's ledger: each of the first {@code syncs} syncs wrote each CRM contact exactly once, nothing missing, nothing twice. */
    void assertEveryRecordWrittenOnce(int syncs) {
        Map<String, Integer> writes = sandbox.helpdesk().writeCountsByKey();
        List<String> twice = writes.entrySet().stream().filter(e -> e.getValue() != 1).map(e -> e.getKey() + "=" + e.getValue()).limit(10).toList();
        assertThat(twice).as("Helpdesk users written other than once").isEmpty();
        assertThat(writes).as("one Helpdesk write per sync and contact").hasSize(syncs * contacts);
        Map<Integer, Integer> expected = new TreeMap<>();
        for (int n = 0; n < syncs; n++) {
            expected.put(n, contacts);
        }
        assertThat(usersPerSync()).isEqualTo(expected);
    }

    @Override
    public void close() {
        releaseWrites();
        sandbox.close();
    }
}
