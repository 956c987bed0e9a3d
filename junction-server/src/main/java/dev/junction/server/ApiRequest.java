package dev.junction.server;

import dev.junction.engine.Principal;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Optional;

/**
 * What the server knows about a request once its guard let it through: the route, who is calling, the
 * tenant the request is confined to, the parsed body and where the client reached the server. Handlers
 * get it with {@code ApiRequest.of(ctx)}.
 */
public interface ApiRequest {
    /** The request attribute the server keeps it under. */
    String ATTRIBUTE = "dev.junction.server.ApiRequest";

    static ApiRequest of(Context ctx) {
        ApiRequest request = ctx.attribute(ATTRIBUTE);
        if (request == null) {
            throw new IllegalStateException("no ApiRequest for " + ctx.method() + " " + ctx.path()
                    + ": only routes declared through an ApiModule have one");
        }
        return request;
    }

    Route route();

    /** The token's principal; empty on routes not guarded by a token (health, webhooks). */
    Optional<Principal> principal();

    /**
     * The tenant the request is confined to: a tenant token's own tenant; for an operator token, the
     * tenant the request named (path, query or body), if any. Empty: every tenant (an operator's list)
     * or none (a global object). Handlers filter by it.
     */
    Optional<String> tenant();

    /**
     * The JSON body the route declared ({@link RouteBuilder#body}), already read and checked.
     *
     * @throws IllegalStateException when the route declares no such body, or the request sent its body as
     *     text (check {@link #textBody} first on routes that take both)
     */
    <T> T body(Class<T> type);

    /** The body, when the request sent it in one of the route's text media types ({@link RouteBuilder#textBody}). */
    Optional<TextBody> textBody();

    /**
     * Names the object a mutating call acts on, for its audit log entry, e.g. {@code ("Sync", "crm-to-erp")}
     * or {@code ("token", id)} once a token is created. Unset, the entry names the route's tag and its path
     * parameters. Call it early: a call that fails later is audited with it too.
     */
    void auditObject(String type, String id);

    /** Adds a small fact to the call's audit log entry (a count, a version). Never a secret. */
    void auditDetail(String key, Object value);

    /** The client's address: the peer, or the nearest untrusted address of {@code X-Forwarded-For} behind a trusted proxy. */
    String clientAddress();

    /** {@code scheme://host[:port]} as the client reached the server ({@code X-Forwarded-Proto/-Host} from trusted proxies). */
    URI baseUrl();

    /** An absolute URL for a path of this server, for {@code Location} headers and links. */
    default URI location(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a location path starts with '/', was '" + path + "'");
        }
        return URI.create(baseUrl() + path);
    }
}
