package dev.junction.spec.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.RequestSpec;

/**
 * {@code graphql: { query, variables }} on a stream or an action, turned into what the runtime
 * already knows: a POST whose body is {@code {"query": ..., "variables": ...}} (a JSONata
 * expression, so {@code variables} sees {@code $cursor}, {@code $offset}, {@code $page},
 * {@code $since} and a partition's {@code $parent}/{@code $slice} in a stream, {@code $record} or
 * {@code $records} in an action), read as {@link dev.junction.spec.StreamSpec.Format#GRAPHQL}, whose
 * errors the runtime classifies.
 */
final class GraphQlReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Call(String query, String variables) {}

    private GraphQlReader() {}

    /** Null when {@code graphql} is absent or has problems (reported). */
    static Call read(Fields owner) {
        Fields g = owner.has("graphql") ? owner.fields("graphql", false) : null;
        if (g == null) {
            return null;
        }
        g.allow(Schema.GRAPHQL);
        for (String other : new String[] {"jsonrpc", "soap"}) {
            if (owner.has(other)) {
                owner.problem("graphql", "a call is either GraphQL or " + (other.equals("soap") ? "SOAP" : "JSON-RPC") + "; remove graphql or " + other);
                return null;
            }
        }
        String query = g.string("query", true);
        if (query != null && query.isBlank()) {
            g.problem("query", "expected a GraphQL document such as 'query { contacts { nodes { id } } }', found nothing");
            return null;
        }
        String variables = g.string("variables", false);
        if (variables != null) {
            String error = Expressions.jsonataError(variables);
            if (error != null) {
                g.problem("variables", error);
                return null;
            }
        }
        return query == null ? null : new Call(query, variables);
    }

    /** The request as a POST with {@code {"query", "variables"}} as its body. */
    static RequestSpec request(Fields owner, RequestSpec request, Call call) {
        if (request == null || call == null) {
            return request;
        }
        if (request.body() != null) {
            owner.problem("graphql", "a GraphQL call builds its request body from query and variables; remove request.body");
        }
        String body = "{\"query\": " + literal(call.query()) + (call.variables() == null ? "" : ", \"variables\": (" + call.variables() + ")") + "}";
        return new RequestSpec("POST", request.path(), request.query(), request.headers(), body);
    }

    /** A JSON string literal, which JSONata reads as the same text. */
    private static String literal(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }
}
