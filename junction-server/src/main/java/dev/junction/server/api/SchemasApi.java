package dev.junction.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.engine.Schemas;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.store.DriftEvent;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * Stream schemas of a connection: inferred from its records (plus the fields its discovery request
 * declares) and stored, shown, and the drift runs found against them. A schema is its connection's
 * tenant's; a connection of no tenant's are operators'.
 */
public final class SchemasApi implements ApiModule {
    /** How many records to read, 1 to 10,000 (default 1000). */
    public record DiscoverRequest(Integer sample) {}

    /** A schema just inferred and stored: from how many records, and how many fields discovery declared (null: the stream declares none). */
    public record DiscoveredSchema(String connection, String stream, long sampled, Integer declared, JsonNode schema) {}

    /** The stored JSON Schema of a stream, from how many records, and when. */
    public record StoredSchemaView(String connection, String stream, long sampled, Instant updatedAt, JsonNode schema) {}

    /** One change of a field's shape a run saw: {@code added}, {@code removed} or {@code type}, with the types before and after. */
    public record DriftView(Instant at, String run, String field, String change, String before, String after) {}

    public record DriftList(String connection, String stream, List<DriftView> items) {}

    private static final int MAX_SAMPLE = 10_000;
    private final Engine engine;
    private final Access access;

    public SchemasApi(Engine engine) {
        this.engine = engine;
        this.access = new Access(engine);
    }

    @Override
    public void register(Routes routes) {
        String path = "/api/v1/connections/{connection}/streams/{stream}/schema";
        Scope owner = Scope.tenantOfObject(ctx -> access.ownerOfConnection(ctx.pathParam("connection")));
        routes.post(path + "/discover", Guard.token(Role.EDITOR, owner))
                .operation("schemas.discover", "schemas", "Infers a stream's JSON Schema from its records and stores it")
                .description("Reads the first 'sample' records of the connection's stream (synchronously, through the connection's usual client and"
                        + " rate budget), infers their JSON Schema, adds the fields the stream's discovery request declares, and stores it as the"
                        + " schema runs check drift against, replacing the stored one.")
                .param(Param.path("connection", "An applied connection"))
                .param(Param.path("stream", "A stream of its connector"))
                .body(DiscoverRequest.class)
                .response(200, "The schema inferred and stored", DiscoveredSchema.class)
                .handle(this::discover);
        routes.get(path, Guard.token(Role.VIEWER, owner))
                .operation("schemas.get", "schemas", "Shows a stream's stored schema")
                .param(Param.path("connection", "A connection"))
                .param(Param.path("stream", "A stream of its connector"))
                .response(200, "The stored schema", StoredSchemaView.class)
                .handle(this::show);
        routes.get(path + "/drift", Guard.token(Role.VIEWER, owner))
                .operation("schemas.drift", "schemas", "Lists the latest drift runs saw against a stream's stored schema, newest first")
                .param(Param.path("connection", "A connection"))
                .param(Param.path("stream", "A stream of its connector"))
                .param(Param.query("limit", "At most this many events, 1 to 1000 (default 20)", Integer.class))
                .response(200, "The drift events", DriftList.class)
                .handle(this::drift);
    }

    private void discover(Context ctx) {
        Integer sample = ApiRequest.of(ctx).body(DiscoverRequest.class).sample();
        int n = sample == null ? 1000 : sample;
        if (n < 1 || n > MAX_SAMPLE) {
            throw new ApiProblem.BadRequest("'sample' must be from 1 to " + MAX_SAMPLE + " records; got " + n + ".");
        }
        String connection = ctx.pathParam("connection");
        String stream = ctx.pathParam("stream");
        ApiRequest.of(ctx).auditObject("schema", connection + "/" + stream);
        Schemas.Discovered found = engine.schemas().discover(engine.definitions().applied(), connection, stream, n);
        ctx.json(new DiscoveredSchema(connection, stream, found.sampled(), found.declared(), found.schema()));
    }

    private void show(Context ctx) {
        Schemas.Shown shown = engine.schemas().show(ctx.pathParam("connection"), ctx.pathParam("stream"), 0);
        ctx.json(new StoredSchemaView(shown.stored().connection(), shown.stored().stream(), shown.stored().sampled(), shown.stored().updatedAt(),
                shown.schema()));
    }

    private void drift(Context ctx) {
        int limit = QueryParams.of(ctx).limit(20);
        String connection = ctx.pathParam("connection");
        String stream = ctx.pathParam("stream");
        List<DriftEvent> events = engine.schemas().show(connection, stream, limit).drift();
        ctx.json(new DriftList(connection, stream,
                events.stream().map(e -> new DriftView(e.at(), e.runId(), e.field(), e.change(), e.before(), e.after())).toList()));
    }
}
