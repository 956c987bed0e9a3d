package dev.junction.engine;

import dev.junction.engine.internal.WebhookRegistration;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.RunQuery;
import dev.junction.store.RunStatus;
import dev.junction.store.StoredDefinition;
import dev.junction.store.jdbc.JdbcStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant as a whole: its data key rotated (every value encrypted with it is encrypted again under a
 * new one), or the tenant erased — its data key destroyed (a crypto-shred of whatever copy survives
 * elsewhere, such as a backup) and its connections, their stored values, tokens and state, its runs,
 * dead letters, exchanges, inbox and outbound events and API tokens removed in one transaction. The
 * audit log is kept. The operator's own tenant ({@value ConnectionSpec#DEFAULT_TENANT}) cannot be erased.
 */
public final class TenantLifecycle {
    /** What a rotation did: how many values were encrypted again under the new key. */
    public record Rotated(String tenant, int values, java.time.Instant at) {}

    /** What an erasure removed: the connections, rows per table, and webhooks that could not be unregistered (left at the provider). */
    public record Erased(String tenant, List<String> connections, Map<String, Integer> deleted, List<WebhookRegistration.Result> webhooks) {}

    private final JdbcStore store;
    private final Definitions definitions;
    private final Connections connections;
    private final WebhookRegistration webhooks;
    private final dev.junction.engine.internal.ConnectionFacts facts;

    TenantLifecycle(JdbcStore store, Definitions definitions, Connections connections) {
        this.store = store;
        this.definitions = definitions;
        this.connections = connections;
        this.facts = new dev.junction.engine.internal.ConnectionFacts(connections::storedValues, java.time.Clock.systemUTC());
        this.webhooks = new WebhookRegistration(connections, facts);
    }

    /**
     * Gives the tenant a new data key and encrypts its credentials, stored values and event secrets again.
     *
     * @throws EngineException.NotFound when the tenant has nothing encrypted (no data key)
     */
    public Rotated rotateKey(String tenant) {
        int values = store.rotateDataKey(connections.cipher().get(), tenant).orElseThrow(() -> new EngineException.NotFound(
                "tenant '" + tenant + "' has no data key: nothing of it is encrypted yet"));
        return new Rotated(tenant, values, store.dataKeyUpdatedAt(tenant).orElse(null));
    }

    /**
     * Erases the tenant (see the class comment), after unregistering the webhooks of its connections
     * made through the API (a failure there is reported, not a reason to keep the tenant).
     *
     * @throws EngineException.Invalid for the operator's tenant
     * @throws EngineException.NotFound when the tenant has no connection and no data key
     * @throws EngineException.Conflict when a definition of another tenant (a classic sync) names one of its
     *     connections, or a run of the tenant is queued or running: nothing was erased then
     */
    public Erased erase(String tenant, URI webhookBase) {
        if (tenant == null || tenant.equals(ConnectionSpec.DEFAULT_TENANT)) {
            throw new EngineException.Invalid("tenant '" + ConnectionSpec.DEFAULT_TENANT + "' is the operator's own (connections that name no tenant);"
                    + " delete its connections one by one instead");
        }
        LoadResult applied = definitions.applied();
        List<ConnectionSpec> own = applied.connections().values().stream().filter(c -> tenant.equals(c.tenant())).toList();
        if (own.isEmpty() && store.dataKeyUpdatedAt(tenant).isEmpty()) {
            throw new EngineException.NotFound("no tenant '" + tenant + "' has a connection or anything encrypted");
        }
        List<String> names = own.stream().map(ConnectionSpec::name).toList();
        checkNothingElseUses(names);
        for (RunStatus active : List.of(RunStatus.RUNNING, RunStatus.QUEUED)) {
            if (!store.runs().find(new RunQuery(null, tenant, active, null, null, null, null, 1)).items().isEmpty()) {
                throw new EngineException.Conflict("tenant '" + tenant + "' has a run " + active.name().toLowerCase(java.util.Locale.ROOT)
                        + "; cancel its runs first (POST /api/v1/runs/{runId}/cancel), then erase it");
            }
        }
        List<WebhookRegistration.Result> failed = new ArrayList<>();
        for (ConnectionSpec connection : own) {
            WebhookRegistration.Result result = webhooks.unregister(applied, connection, webhookBase,
                    facts.registration(connection.tenant(), connection.name()));
            if (result != null && !result.ok()) {
                failed.add(result);
            }
        }
        Map<String, Integer> deleted = store.eraseTenant(tenant, names);
        definitions.changedElsewhere();
        return new Erased(tenant, names, deleted, failed);
    }

    /** The remaining definitions must load without the tenant's connections (a classic sync may name one). */
    private void checkNothingElseUses(List<String> names) {
        List<SourceText> remaining = new ArrayList<>();
        for (StoredDefinition d : definitions.list()) {
            if (!(d.kind().equals("Connection") && names.contains(d.name()))) {
                remaining.add(Definitions.appliedText(d));
            }
        }
        LoadResult result = new SpecLoader().loadTexts(remaining);
        if (!result.ok()) {
            throw new EngineException.Conflict("other definitions use the tenant's connections: " + result.problems().getFirst().location() + " "
                    + result.problems().getFirst().message() + "; change them first (nothing was erased)");
        }
    }
}
