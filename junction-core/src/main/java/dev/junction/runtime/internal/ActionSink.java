package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.ConnectorException;
import dev.junction.connector.RecordOutcome;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.spec.ActionSpec;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.RecordSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A connector action as a sync's destination. Calls are marked idempotent: the sync writes by key
 * (upsert), so sending a batch twice after a lost response changes nothing twice. A sink for
 * deletes ({@code notFoundIsDone}) takes an HTTP 404 answer as every record of the call done: a
 * record already gone is deleted.
 */
public final class ActionSink implements RecordSink {
    private final ConnectionClient client;
    private final ActionSpec action;
    private final String tenant;
    private final boolean reportsInserts;
    private final boolean notFoundIsDone;

    public ActionSink(ConnectionClient client, ActionSpec action, String tenant) {
        this(client, action, tenant, false);
    }

    public ActionSink(ConnectionClient client, ActionSpec action, String tenant, boolean notFoundIsDone) {
        this.notFoundIsDone = notFoundIsDone;
        this.client = client;
        this.action = action;
        this.tenant = tenant;
        this.reportsInserts = action.results() != null && action.results().statusPath() != null;
    }

    @Override
    public int maxBatchSize() {
        return action.batch() == null ? 1 : action.batch().maxRecords();
    }

    @Override
    public long maxBatchBytes() {
        return action.batch() == null ? 0 : action.batch().maxBytes();
    }

    @Override
    public boolean takesIdempotencyKey() {
        return action.idempotencyKey() != null;
    }

    @Override
    public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
        return write(records, keys, runId, null);
    }

    @Override
    public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId, String idempotencyKey) {
        List<RecordOutcome> outcomes;
        try {
            outcomes = client.call(action.name(), records, new CallContext(runId, tenant, client.name(), keys, true), idempotencyKey).outcomes();
        } catch (ApiException e) {
            if (notFoundIsDone && e.status() == 404) {
                return java.util.Collections.nCopies(records.size(), Outcome.success(false));
            }
            if (e.category() == ApiError.Category.PERMANENT) {
                throw new BatchRejectedException(e.getMessage(), e);
            }
            throw e;
        } catch (ConnectorException e) {
            // the body expression failed for these records: a problem of the records, not the API
            throw new BatchRejectedException(e.getMessage(), e);
        }
        List<Outcome> out = new ArrayList<>(outcomes.size());
        for (RecordOutcome o : outcomes) {
            out.add(o.ok() ? Outcome.success(reportsInserts ? o.inserted() : null) : Outcome.failure(o.error(), o.code()));
        }
        return out;
    }
}
