package dev.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;

/**
 * The long-running Junction server. For now it serves health and run history as JSON; the REST
 * API, webhook ingress, scheduler and console grow here. Binds to the given host and port (0 picks
 * a free one).
 */
public final class JunctionServer implements AutoCloseable {
    private final Store store;
    private final ObjectMapper json;
    private final String host;
    private final int port;
    private Javalin app;

    public JunctionServer(Store store, ObjectMapper json, String host, int port) {
        this.store = store;
        this.json = json;
        this.host = host;
        this.port = port;
    }

    public synchronized JunctionServer start() {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.get("/health", this::health);
            config.routes.get("/api/runs", this::runs);
        }).start();
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://" + host + ":" + app.port());
    }

    private void health(Context ctx) {
        ObjectNode body = json.createObjectNode();
        try {
            store.runs().list(null, 1);
            body.put("status", "ok");
            ctx.status(200);
        } catch (RuntimeException e) {
            body.put("status", "unavailable");
            body.put("reason", "the store cannot be read: " + e.getMessage());
            ctx.status(503);
        }
        ctx.contentType("application/json").result(body.toString());
    }

    private void runs(Context ctx) {
        String sync = ctx.queryParam("sync");
        String tenant = ctx.queryParam("tenant");
        String limitText = ctx.queryParam("limit");
        int limit;
        try {
            limit = limitText == null ? 20 : Integer.parseInt(limitText);
            if (limit < 1 || limit > 1000) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            ctx.status(400).contentType("application/json")
                    .result(json.createObjectNode().put("error", "invalid_limit").put("message", "limit must be a whole number from 1 to 1000, got '" + limitText + "'").toString());
            return;
        }
        ArrayNode array = json.createArrayNode();
        for (RunRecord run : store.runs().list(sync, tenant, limit)) {
            ObjectNode node = array.addObject();
            node.put("id", run.id());
            node.put("sync", run.sync());
            if (run.tenant() != null) {
                node.put("tenant", run.tenant());
            }
            node.put("status", run.status().name().toLowerCase(Locale.ROOT));
            node.put("startedAt", run.startedAt().toString());
            node.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
            node.set("counters", json.valueToTree(run.counters()));
            node.put("error", run.error());
        }
        ctx.contentType("application/json").result(array.toString());
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
