package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.engine.Mappings;
import dev.junction.engine.Role;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.engine.MappingText;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Field mappings: a sync's effective mapping with where each line came from, a preview of source
 * records through it, and suggestions from the records of two streams. Syncs are global, but what a
 * mapping shows depends on connections: a tenant token sees a per-tenant sync as its tenant does,
 * and suggests from its own tenant's connections only.
 */
public final class MappingsApi implements ApiModule {
    /** One effective line: target, its source written roughly as YAML, and where it came from. */
    public record MappingLineView(String target, String source, String origin, boolean overridesDefault, boolean removed) {}

    public record MappingView(String sync, String tenant, String connection, List<MappingLineView> lines) {}

    /** A preview of {@code sample} source records (1 to 1000, default 3); a per-tenant sync's for {@code tenant} (a tenant token's own). */
    public record PreviewRequest(String tenant, Integer sample) {}

    /** One record: what came in, what the mapping made of it, and the fields that failed (target → message). */
    public record PreviewRecord(JsonNode input, JsonNode output, Map<String, String> errors) {}

    /** The records, and why lookups could not be resolved (null when they were or none are used: lookup fields then fail in the records). */
    public record PreviewView(String sync, String tenant, List<PreviewRecord> records, String lookupProblem) {}

    public record StreamRef(@JsonProperty(required = true) String connection, @JsonProperty(required = true) String stream) {}

    /**
     * Suggest mapping lines from {@code source}'s records to {@code destination}'s (a stream of the
     * destination connection whose records look like what is written), reading {@code sample} records
     * of each (1 to 1000, default 100) and keeping pairs scoring at least {@code minScore} (0 to 1, default 0.6).
     */
    public record SuggestRequest(@JsonProperty(required = true) StreamRef source, @JsonProperty(required = true) StreamRef destination,
            Integer sample, Double minScore, String key) {}

    /**
     * A suggested pair, scored 0..1 by name, type and shared values; {@code line} is the mapping line to
     * paste into the sync; {@code key}: the source's key into the destination's external key, made
     * whatever its score.
     */
    public record SuggestionView(String destination, String source, double score, double name, double type, double values, String line,
            boolean key) {}

    public record SuggestionsView(StreamRef source, StreamRef destination, List<SuggestionView> suggestions, List<String> unmatched,
            List<String> assigned, String key) {}

    private final Engine engine;
    private final Access access;

    public MappingsApi(Engine engine) {
        this.engine = engine;
        this.access = new Access(engine);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/syncs/{name}/mapping", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("mappings.get", "mappings", "Shows a sync's effective mapping and where each line came from")
                .description("The sync's own lines with its connections' mappingOverrides on top. A per-tenant sync shows its default lines, or"
                        + " with 'tenant' (a tenant token: always its own) that tenant's; 'connection' shows a classic sync as that connection"
                        + " (of the same connector as one of its sides) would see it.")
                .param(Param.path("name", "An applied sync"))
                .param(Param.query("tenant", "A per-tenant sync: with this tenant's overrides", String.class))
                .param(Param.query("connection", "A classic sync: with this connection in place of its own of the same connector", String.class))
                .response(200, "The effective mapping", MappingView.class)
                .handle(this::show);
        routes.post("/api/v1/syncs/{name}/mapping/preview", Guard.token(Role.EDITOR, Scope.tenantFromBody(PreviewRequest.class, PreviewRequest::tenant)))
                .operation("mappings.preview", "mappings", "Maps the first records of a sync's source, field by field")
                .description("Reads the first records of the source stream (synchronously; the reads are in the request log) and maps each with"
                        + " the effective mapping, reporting every field that fails. Writes nothing.")
                .param(Param.path("name", "An applied sync"))
                .body(PreviewRequest.class)
                .response(200, "Each record beside what the mapping makes of it", PreviewView.class)
                .handle(this::preview);
        routes.post("/api/v1/mappings/suggest", Guard.token(Role.EDITOR, Scope.tenantOfObject(ctx -> owner(ApiRequest.of(ctx).body(SuggestRequest.class)))))
                .operation("mappings.suggest", "mappings", "Proposes source-to-destination field pairs from two streams' records")
                .description("Reads a sample of each stream synchronously; changes nothing. A tenant token uses its own tenant's connections.")
                .body(SuggestRequest.class)
                .response(200, "The suggested pairs, best first", SuggestionsView.class)
                .handle(this::suggest);
    }

    private void show(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        ApiRequest request = ApiRequest.of(ctx);
        String sync = ctx.pathParam("name");
        String connection = query.text("connection");
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        if (tenant != null) {
            Access.requireRunnable(definitions, spec, tenant, request);
        }
        EffectiveMapping effective = engine.mappings().effective(definitions, sync, tenant, connection);
        List<MappingLineView> lines = effective.lines().stream().map(l -> new MappingLineView(l.mapping().target(),
                MappingText.describe(l.mapping().value()), l.origin(), l.overridden(), l.removed())).toList();
        ctx.json(new MappingView(sync, tenant, connection, lines));
    }

    private void preview(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        request.auditObject("Sync", ctx.pathParam("name"));
        Integer sample = request.body(PreviewRequest.class).sample();
        int n = sample == null ? 3 : sample;
        if (n < 1 || n > 1000) {
            throw new ApiProblem.BadRequest("'sample' must be from 1 to 1000 records; got " + n + ".");
        }
        String sync = ctx.pathParam("name");
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        if (spec.perTenant() && tenant == null) {
            throw new ApiProblem.BadRequest("Sync '" + sync + "' runs per tenant; preview it for one tenant with {\"tenant\": \"T\"}.");
        }
        Access.requireRunnable(definitions, spec, tenant, request);
        Mappings.Previews found = engine.mappings().preview(definitions, sync, tenant, n);
        List<PreviewRecord> records = found.records().stream().map(p -> new PreviewRecord(p.input(), p.output(), p.errors())).toList();
        ctx.json(new PreviewView(sync, tenant, records, found.lookupProblem()));
    }

    private void suggest(Context ctx) {
        SuggestRequest body = ApiRequest.of(ctx).body(SuggestRequest.class);
        int sample = body.sample() == null ? 100 : body.sample();
        double minScore = body.minScore() == null ? 0.6 : body.minScore();
        if (sample < 1 || sample > 1000) {
            throw new ApiProblem.BadRequest("'sample' must be from 1 to 1000 records of each stream; got " + sample + ".");
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new ApiProblem.BadRequest("'minScore' must be from 0 to 1; got " + minScore + ".");
        }
        Mappings.Suggestions found = engine.mappings().suggest(engine.definitions().applied(), body.source().connection(), body.source().stream(),
                body.destination().connection(), body.destination().stream(), sample, minScore, body.key());
        List<SuggestionView> pairs = found.pairs().stream().map(p -> new SuggestionView(p.destination().path(), p.source().path(), round(p.score()),
                round(p.name()), round(p.type()), round(p.value()), p.yamlLine(), p.destination().path().equals(found.keyField()))).toList();
        ctx.json(new SuggestionsView(body.source(), body.destination(), pairs, found.unmatched(), found.assigned(), found.keyField()));
    }

    /** Both connections' tenant when they share one; empty otherwise (a tenant token then gets 404). */
    private Optional<String> owner(SuggestRequest body) {
        if (body.source() == null || body.destination() == null) {
            return Optional.empty();
        }
        Optional<String> source = access.ownerOfConnection(body.source().connection());
        Optional<String> destination = access.ownerOfConnection(body.destination().connection());
        return source.isPresent() && Objects.equals(source, destination) ? source : Optional.empty();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
