package dev.junction.server.testing;

import java.util.Map;

/**
 * A request that addresses another tenant's (tenant B's) object on one route: the path parameter
 * values, query parameters and, for routes with a body, a valid JSON body.
 */
public record ForeignRequest(Map<String, String> pathParams, Map<String, String> query, String jsonBody) {
    public ForeignRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
    }

    public static ForeignRequest path(Map<String, String> pathParams) {
        return new ForeignRequest(pathParams, Map.of(), null);
    }
}
