package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Runs;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.util.List;
import java.util.Map;

/**
 * Runs, dead letters and exchanges made as real runs make them: one run each of northwind's and
 * globex's per-tenant sync and of the demo's classic sync (of no tenant). Each tenant's and the demo's
 * Helpdesk connection maps only gold contacts' priority, so every other contact fails mapping and
 * becomes a dead letter of its run.
 */
public final class OperationsData {
    public final RunRecord northwindRun;
    public final RunRecord globexRun;
    public final RunRecord classicRun;
    public final List<DeadLetter> northwindDeadLetters;
    public final List<DeadLetter> globexDeadLetters;
    public final List<DeadLetter> classicDeadLetters;

    private OperationsData(ApiFixture api) {
        mapOnlyGoldPriority(api);
        northwindRun = run(api, ApiFixture.TENANT_SYNC, "northwind");
        globexRun = run(api, ApiFixture.TENANT_SYNC, "globex");
        classicRun = run(api, ApiFixture.CLASSIC_SYNC, null);
        northwindDeadLetters = api.engine.deadLetters().list(null, null, northwindRun.id(), 100);
        globexDeadLetters = api.engine.deadLetters().list(null, null, globexRun.id(), 100);
        classicDeadLetters = api.engine.deadLetters().list(null, null, classicRun.id(), 100);
        assertThat(northwindDeadLetters).isNotEmpty();
        assertThat(globexDeadLetters).isNotEmpty();
        assertThat(classicDeadLetters).isNotEmpty();
    }

    public static OperationsData make(ApiFixture api) {
        return new OperationsData(api);
    }

    static RunRecord run(ApiFixture api, String sync, String tenant) {
        RunRecord run = api.engine.runs().run(api.engine.definitions().applied(), new Runs.Request(sync, tenant, "test", false), RunListener.NONE).run();
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.PARTIAL);
        return run;
    }

    /** The Helpdesk connections again, each mapping only gold priorities for its sync; globex keeps its own override too. */
    static void mapOnlyGoldPriority(ApiFixture api) {
        String connections = """
                kind: Connection
                name: northwind-helpdesk
                connector: helpdesk
                tenant: northwind
                config:
                  baseUrl: "${env:NORTHWIND_HELPDESK_URL}"
                secrets:
                  apiKey: "${env:NORTHWIND_HELPDESK_API_KEY}"
                mappingOverrides:
                  contacts-to-helpdesk:
                    priority: { from: properties.tier, values: { gold: 1 } }
                ---
                kind: Connection
                name: globex-helpdesk
                connector: helpdesk
                tenant: globex
                config:
                  baseUrl: "${env:GLOBEX_HELPDESK_URL}"
                secrets:
                  apiKey: "${env:GLOBEX_HELPDESK_API_KEY}"
                mappingOverrides:
                  contacts-to-helpdesk:
                    profile.segment: "= 'globex-' & properties.tier"
                    priority: { from: properties.tier, values: { gold: 1 } }
                ---
                kind: Connection
                name: helpdesk
                connector: helpdesk
                environment: sandbox
                config:
                  baseUrl: "${env:HELPDESK_URL}"
                secrets:
                  apiKey: "${env:HELPDESK_API_KEY}"
                mappingOverrides:
                  crm-contacts-to-helpdesk:
                    priority: { from: properties.tier, values: { gold: 1 } }
                """;
        var applied = api.engine.definitions().apply(List.of(new SourceText("test/gold-only.yaml", connections)), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    /** The values of the sandboxes' secrets (tokens and API keys): none may appear in any answer. */
    static List<String> secrets(ApiFixture api) {
        return api.environment().entrySet().stream()
                .filter(e -> e.getKey().endsWith("_TOKEN") || e.getKey().endsWith("_API_KEY"))
                .map(Map.Entry::getValue).toList();
    }

    static LoadResult definitions(ApiFixture api) {
        return api.engine.definitions().applied();
    }
}
