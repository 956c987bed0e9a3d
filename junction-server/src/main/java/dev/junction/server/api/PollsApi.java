package dev.junction.server.api;

import dev.junction.engine.Engine;
import dev.junction.engine.Polls;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import java.time.Instant;
import java.util.List;

/**
 * Polling triggers ({@code on: { poll: ... }} in syncs): one poll per connection and stream, with
 * its shared cursor and its last and next tick. A poll is its connection's tenant's.
 */
public final class PollsApi implements ApiModule {
    /**
     * One poll: the connection and stream it reads, the connection's tenant, its period ({@code every}, ISO 8601,
     * the shortest of its subscribers'), the syncs that subscribe, its cursor (null before the first tick) and
     * when it was last set, its last tick ({@code baseline}, {@code ok} or {@code failed}, why, how many records it
     * read and new events it stored) and its next tick (null before its execution exists).
     */
    public record PollView(String connection, String stream, String tenant, String every, List<String> subscribers, String cursor,
            Instant cursorMovedAt, Instant lastTickAt, String lastOutcome, String lastReason, long lastRecords, long lastEvents, Instant nextTick) {
        static PollView of(Polls.Entry e) {
            return new PollView(e.connection(), e.stream(), e.tenant(), e.every().toString(), e.subscribers(), e.cursor(), e.cursorMovedAt(),
                    e.lastTickAt(), e.lastOutcome(), e.lastReason(), e.lastRecords(), e.lastEvents(), e.nextTick());
        }
    }

    private final Engine engine;

    public PollsApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/polls", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("polls.list", "polls", "Lists the polls with their cursor, last tick and next tick")
                .description("One poll per connection and stream that a sync polls (on: { poll: { every } }), shared by every sync that does:"
                        + " one cursor, one read per tick. A tenant token sees its own tenant's connections' polls only.")
                .param(Param.query("tenant", "Only the polls of this tenant's connections", String.class))
                .response(200, "The polls, by connection then stream", Schema.arrayOf(PollView.class))
                .handle(ctx -> ctx.json(engine.polls().list(ApiRequest.of(ctx).tenant().orElse(null)).stream().map(PollView::of).toList()));
    }
}
