package dev.junction.bench;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Runs;
import dev.junction.spec.SourceText;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.sync.RunListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job through Junction, as {@code junction run --apply} does it: an embedded engine on a fresh
 * H2 store in a temp dir, the connectors, connections and sync below applied, one run. Every
 * guarantee is on as a user gets it by default: fingerprints (the diff), checkpoints, write intents,
 * the exchange log at its default body limit, dead letters. In the limited modes the destination's
 * connector declares the published limit, {@code rateLimit: { requests: 190, per: 10s,
 * learnFromHeaders: true }}.
 */
final class JunctionPeer implements PeerRunner.Job {

    @Override
    public String run(String source, String destination, long records, PeerJob.Limit limit) throws Exception {
        Path dir = Files.createTempDirectory("junction-peers-");
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        try (Engine engine = Engine.open(EngineConfig.embedded(dir, env::get))) {
            var applied = engine.definitions().apply(List.of(
                    new SourceText("crm.connector.yaml", SOURCE_CONNECTOR),
                    new SourceText("users.connector.yaml", DESTINATION_CONNECTOR.formatted(limit.limited() ? RATE_LIMIT : "")),
                    new SourceText("crm.connection.yaml", CONNECTION.formatted("crm", "crm", source) + exchangeLog()),
                    new SourceText("users.connection.yaml", CONNECTION.formatted("users", "users", destination) + exchangeLog()),
                    new SourceText("peers.sync.yaml", SYNC)), "bench");
            if (!applied.ok()) {
                throw new IllegalStateException("the peers definitions do not apply: " + applied.result().problems());
            }
            RunRecord run = engine.runs().run(engine.definitions().applied(), new Runs.Request("peers", null, "cli", false), RunListener.NONE).run();
            RunCounters c = run.counters();
            // evidence that the exchange log was on: the run's newest exchange and how much of its request body was kept
            var newest = engine.store().exchanges().page(new ExchangeQuery(run.id(), null, null, 1)).items();
            String logged = newest.isEmpty() ? "exchange log: nothing kept"
                    : "exchange log: newest " + newest.getFirst().method() + " " + newest.getFirst().status() + ", request body kept "
                            + (newest.getFirst().requestBody() == null ? 0 : newest.getFirst().requestBody().length()) + " chars";
            return String.format(Locale.ROOT, "%s, read %d, written %d, failed %d, %s%s", run.status().name().toLowerCase(Locale.ROOT), c.read(), c.written(),
                    c.failed(), logged, run.error() == null ? "" : ", error: " + run.error());
        } finally {
            LocalHttp.deleteTree(dir);
        }
    }

    /**
     * {@code -Djunction.peer.exchangeLog=full|head|headers|none} (a child JVM option) sets what both
     * connections' exchange logs keep of bodies, to measure that guarantee's cost; empty: the default.
     */
    private static String exchangeLog() {
        String bodies = System.getProperty("junction.peer.exchangeLog", "");
        return bodies.isBlank() ? "" : "exchangeLog: { bodies: " + bodies.strip() + " }\n";
    }

    static final String SOURCE_CONNECTOR = """
            kind: Connector
            name: crm
            version: "1"
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            streams:
              contacts:
                request: { method: GET, path: /contacts, query: { limit: 100 } }
                records: "$.results"
                primaryKey: id
                pagination: { type: cursor, nextPath: "$.paging.next.after", param: after }
            """;

    static final String RATE_LIMIT = "rateLimit: { requests: 190, per: 10s, learnFromHeaders: true }";

    static final String DESTINATION_CONNECTOR = """
            kind: Connector
            name: users
            version: "1"
            config:
              baseUrl: { type: string }
            baseUrl: "{{ config.baseUrl }}"
            retry: { maxAttempts: 10, initialDelay: 200ms, maxDelay: 5s }
            %s
            actions:
              upsert:
                request: { method: POST, path: /users/batch/upsert, body: "{ 'users': $records }" }
                batch: { maxRecords: 100 }
            """;

    static final String CONNECTION = """
            kind: Connection
            name: %s
            connector: %s
            config:
              baseUrl: "%s"
            """;

    static final String SYNC = """
            kind: Sync
            name: peers
            source: { connection: crm, stream: contacts, mode: full }
            destination: { connection: users, action: upsert, key: external_id }
            mapping:
              external_id: id
              email: { from: properties.email, convert: [trim, lower] }
              first_name: properties.firstname
              last_name: properties.lastname
              phone: properties.phone
              priority: { from: properties.tier, values: { gold: 1, silver: 2, bronze: 3 }, default: 3 }
              lifecycle_stage: properties.lifecyclestage
              company.name: properties.company
              company.domain: properties.website
              company.industry: properties.industry
              updated_at: updatedAt
            batch: { size: 100, concurrency: 4 }
            """;
}
