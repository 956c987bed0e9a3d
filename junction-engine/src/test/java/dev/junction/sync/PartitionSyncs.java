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
import dev.junction.store.RunRecord;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Partitioned syncs against real peers: a source API played by WireMock (at {@code sourceUrl}),
 * whose connector a test writes, and the sandbox's Helpdesk as the destination, with a private
 * in-memory H2 store.
 */
final class PartitionSyncs implements AutoCloseable {
    static final String SYNC = "partitioned";

    final Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(0).withCrmRateLimit(0).withHelpdeskUsers(0));
    final JdbcStore store = JdbcStore.h2InMemory("partitions-" + UUID.randomUUID());
    final ObjectMapper json = new ObjectMapper();
    private final String sourceUrl;
    private final List<PlannedSync> planned = new ArrayList<>();

    PartitionSyncs(String sourceUrl) {
        this.sourceUrl = sourceUrl;
    }

    /** A connector named {@code source} with the given streams (YAML under {@code streams:}, two-space indent). */
    static String connector(String streams) {
        return """
                kind: Connector
                name: source
                config:
                  baseUrl: { type: string }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 2, initialDelay: 10ms, maxDelay: 20ms }
                streams:
                %s
                """.formatted(streams.indent(2));
    }

    /** A sync of {@code stream} to Helpdesk users keyed by the record's id; {@code extraMapping} with two-space indent. */
    static String sync(String stream, String mode, String extraMapping) {
        return """
                kind: Sync
                name: %s
                source: { connection: source, stream: %s, mode: %s }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                  email: email
                  name: name
                  priority: { const: 2 }
                %s
                batch: { size: 50, concurrency: 2 }
                """.formatted(SYNC, stream, mode, extraMapping.indent(2));
    }

    LoadResult definitions(String connectorYaml, String syncYaml) {
        List<SourceText> texts = new ArrayList<>();
        try {
            texts.add(new SourceText("helpdesk.connector.yaml", Files.readString(SandboxSyncs.EXAMPLES.resolve("helpdesk.connector.yaml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        texts.add(new SourceText("source.connector.yaml", connectorYaml));
        texts.add(new SourceText("connections.yaml", """
                kind: Connection
                name: source
                connector: source
                config: { baseUrl: "%s" }
                ---
                kind: Connection
                name: helpdesk
                connector: helpdesk
                config: { baseUrl: "%s" }
                secrets: { apiKey: "${env:HELPDESK_API_KEY}" }
                """.formatted(sourceUrl, sandbox.helpdesk().baseUrl())));
        texts.add(new SourceText("sync.yaml", syncYaml));
        LoadResult result = new SpecLoader().loadTexts(texts);
        assertThat(result.problems()).isEmpty();
        return result;
    }

    SyncJob plan(String connectorYaml, String syncYaml) {
        Map<String, String> env = Map.of("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
        PipelineOptions options = PipelineOptions.builder().exchangeSink(store.exchanges()::append).build();
        PlannedSync plannedSync = new SyncPlanner(new EnvSecretResolver(env::get), options, json).plan(definitions(connectorYaml, syncYaml), SYNC, "test");
        planned.add(plannedSync);
        return plannedSync.job();
    }

    RunRecord run(String connectorYaml, String syncYaml) {
        return new SyncEngine(store, json, Clock.systemUTC()).run(plan(connectorYaml, syncYaml), RunListener.NONE);
    }

    @Override
    public void close() {
        planned.forEach(PlannedSync::close);
        store.close();
        sandbox.close();
    }
}
