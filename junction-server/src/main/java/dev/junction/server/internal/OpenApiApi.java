package dev.junction.server.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.ApiModule;
import dev.junction.server.Guard;
import dev.junction.engine.Role;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import java.util.function.Supplier;

/** {@code GET /api/v1/openapi.json}: the document of every declared route, this one included. */
public final class OpenApiApi implements ApiModule {
    public static final String PATH = "/api/v1/openapi.json";
    private final Supplier<ObjectNode> document;

    public OpenApiApi(Supplier<ObjectNode> document) {
        this.document = document;
    }

    @Override
    public void register(Routes routes) {
        routes.get(PATH, Guard.token(Role.VIEWER, Scope.global()))
                .operation("getOpenApiDocument", "meta", "The OpenAPI 3.1 document of this API")
                .response(200, "The document", Schema.json(JsonNodeFactory.instance.objectNode().put("type", "object")))
                .handle(ctx -> ctx.contentType("application/json").result(document.get().toString()));
    }
}
