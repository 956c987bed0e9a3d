package dev.junction.server.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.spec.FlowSpec;
import java.net.URI;

/**
 * The OpenAPI 3.1 document of one API-triggered flow: {@code POST /api/v1/flows/NAME} with the
 * flow's input schema as the request body and its output schema as the 200 answer, the
 * {@code Idempotency-Key}, {@code Prefer} and {@code timeout} parameters, the 202 of an execution
 * that has not ended, and the problems it may answer. The schemas are the flow's own JSON Schemas
 * (OpenAPI 3.1 uses JSON Schema 2020-12), kept under {@code components.schemas} as
 * {@code Input} and {@code Output} with their local {@code $ref}s pointed there.
 */
public final class FlowOpenApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROBLEM = "application/problem+json";

    private FlowOpenApi() {}

    /**
     * @param version the flow's applied version (the document's {@code info.version})
     * @param publicBaseUrl where clients reach the server; null: the document names no server
     */
    public static ObjectNode document(FlowSpec flow, int version, URI publicBaseUrl) {
        ObjectNode doc = NODES.objectNode().put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info").put("title", "Flow " + flow.name()).put("version", Integer.toString(version));
        info.put("description", (flow.description() == null ? "" : flow.description() + "\n\n")
                + "A Junction flow as an endpoint. Errors are RFC 9457 problem details (application/problem+json).");
        if (publicBaseUrl != null) {
            doc.putArray("servers").addObject().put("url", publicBaseUrl.toString());
        }
        ObjectNode schemas = NODES.objectNode();
        schemas.set("Input", flow.input() == null ? NODES.objectNode().put("description", "Any JSON") : relocated(flow.input(), "Input"));
        if (flow.output() != null) {
            schemas.set("Output", relocated(flow.output(), "Output"));
        }
        schemas.set("Problem", problem());
        schemas.set("Execution", execution());
        ObjectNode op = doc.putObject("paths").putObject("/api/v1/flows/" + flow.name()).putObject("post");
        op.put("operationId", operationId(flow.name())).put("summary", flow.description() == null ? "Runs flow " + flow.name() : flow.description());
        ArrayNode params = op.putArray("parameters");
        param(params, "Idempotency-Key", "header", "Runs the flow once per key and body (1 to 255 characters): the same key and body answer the first"
                + " execution's result; another body is 422", NODES.objectNode().put("type", "string").put("minLength", 1).put("maxLength", 255));
        param(params, "Prefer", "header", "respond-async: answer 202 at once", NODES.objectNode().put("type", "string"));
        param(params, "timeout", "query", "Seconds to wait for the end (0 to 300, default 30); past it the answer is 202",
                NODES.objectNode().put("type", "integer").put("minimum", 0).put("maximum", 300));
        param(params, "tenant", "query", "The tenant to run it for (an operator token; a tenant token runs as its own)",
                NODES.objectNode().put("type", "string"));
        op.putObject("requestBody").put("required", flow.input() != null).putObject("content").putObject("application/json")
                .set("schema", ref("Input"));
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200").put("description", "The respond step's body (its status may be another 2xx)");
        ok.putObject("content").putObject("application/json").set("schema", flow.output() == null ? NODES.objectNode() : ref("Output"));
        responses.putObject("202").put("description", "Not ended yet (or Prefer: respond-async): Location names the execution")
                .putObject("content").putObject("application/json").set("schema", ref("Execution"));
        problem(responses, "400", "The body is not JSON or does not match the input schema (errors[] names each problem by JSON pointer)");
        problem(responses, "401", "No valid API token");
        problem(responses, "403", "The token may not run flows (an editor is needed)");
        problem(responses, "404", "No such API-triggered flow");
        problem(responses, "422", "The Idempotency-Key was used with another body");
        problem(responses, "500", "The flow failed (a fail step chooses its own status; a failed call is 502): detail says why, execution names it");
        op.putArray("security").addObject().putArray("bearerToken");
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas);
        components.putObject("securitySchemes").putObject("bearerToken").put("type", "http").put("scheme", "bearer")
                .put("description", "A Junction API token with the editor role, sent as 'Authorization: Bearer <token>'.");
        return doc;
    }

    /** {@code contact-card} → {@code runContactCard}. */
    static String operationId(String name) {
        StringBuilder out = new StringBuilder("run");
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /** A copy of {@code schema} whose local references ({@code #/...}) point into {@code components.schemas.NAME}. */
    static JsonNode relocated(JsonNode schema, String name) {
        JsonNode copy = schema.deepCopy();
        relocate(copy, "#/components/schemas/" + name);
        if (copy instanceof ObjectNode o) {
            o.remove("$schema"); // the document's dialect is JSON Schema 2020-12 already
        }
        return copy;
    }

    private static void relocate(JsonNode node, String prefix) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                String local = ref.asText().substring(1);
                o.set("$ref", TextNode.valueOf(prefix + local));
            }
            o.properties().forEach(e -> relocate(e.getValue(), prefix));
        } else if (node instanceof ArrayNode a) {
            a.forEach(item -> relocate(item, prefix));
        }
    }

    private static void param(ArrayNode params, String name, String in, String description, ObjectNode schema) {
        params.addObject().put("name", name).put("in", in).put("description", description).put("required", false).set("schema", schema);
    }

    private static void problem(ObjectNode responses, String status, String description) {
        responses.putObject(status).put("description", description).putObject("content").putObject(PROBLEM).set("schema", ref("Problem"));
    }

    private static ObjectNode ref(String schema) {
        return NODES.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    private static ObjectNode problem() {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        for (String field : new String[] {"type", "title", "detail", "instance", "execution"}) {
            props.putObject(field).put("type", "string");
        }
        props.putObject("status").put("type", "integer");
        props.putObject("errors").put("type", "array").putObject("items").put("type", "object");
        return schema;
    }

    private static ObjectNode execution() {
        ObjectNode schema = NODES.objectNode().put("type", "object").put("description", "A flow execution (GET /api/v1/flow-executions/{id})");
        ObjectNode props = schema.putObject("properties");
        props.putObject("id").put("type", "string");
        props.putObject("flow").put("type", "string");
        props.putObject("version").put("type", "integer");
        props.putObject("status").put("type", "string").putArray("enum").add("queued").add("running").add("succeeded").add("failed");
        props.putObject("responseStatus").putArray("type").add("integer").add("null");
        props.putObject("output");
        props.putObject("steps").put("type", "array").putObject("items").put("type", "object");
        return schema;
    }
}
