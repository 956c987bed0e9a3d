package dev.junction.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The GraphQL API the {@code taskboard.graphql.json} fixture describes, served by graphql-java (a real
 * GraphQL engine: it parses and validates every query against the schema, and answers errors in a 200
 * as GraphQL servers do) on the JDK's HTTP server at {@code http://127.0.0.1:PORT/graphql}. The schema
 * is built from the fixture itself, so what the importer read is exactly what is served. Its resolvers
 * page as the schema says: Relay connections by {@code first}/{@code after}, tasks by
 * {@code offset}/{@code limit}, the audit log by {@code page}/{@code perPage}. Every query but an
 * introspection one needs {@code Authorization: Bearer <token>}; without it the answer is a 200 with an
 * {@code UNAUTHENTICATED} error.
 */
public final class TaskboardServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer http;
    private final GraphQL graphql;
    private final GraphQLSchema schema;
    private final String token;
    private final List<Map<String, Object>> users = new ArrayList<>();
    private final List<Map<String, Object>> projects = new ArrayList<>();
    private final List<Map<String, Object>> tasks = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> audit = new ArrayList<>();
    private final List<Map<String, Object>> labels = new CopyOnWriteArrayList<>();
    /** The bodies of the requests answered, in order. */
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    /** The fixture under {@code import/} on the class path, as a file. */
    public static Path fixture() {
        return new ImportFixture("taskboard.graphql.json", false, null, Map.of(), Map.of(), null).path();
    }

    public TaskboardServer(Path introspection, String token) throws IOException {
        this.token = token;
        seed();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = JSON.readValue(Files.readString(introspection), Map.class);
        var document = new IntrospectionResultToSchema().createSchemaDefinition((Map<String, Object>) result.get("data"));
        schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().buildRegistry(document), wiring());
        graphql = GraphQL.newGraphQL(schema).build();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/graphql", this::answer);
        http.start();
    }

    /** {@code http://127.0.0.1:PORT}, the base URL; the endpoint is {@code /graphql} under it. */
    public String origin() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public GraphQLSchema schema() {
        return schema;
    }

    public List<Map<String, Object>> tasks() {
        return tasks;
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, Map.of("errors", List.of(Map.of("message", "POST a JSON body {query, variables}"))));
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            requests.add(body);
            String query = body.path("query").asText();
            if (!query.contains("__schema") && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 200, Map.of("errors", List.of(Map.of("message", "Not logged in", "extensions", Map.of("code", "UNAUTHENTICATED")))));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = body.path("variables").isObject() ? JSON.convertValue(body.path("variables"), Map.class) : Map.of();
            ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput(query).variables(variables).build());
            send(exchange, 200, result.toSpecification());
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private RuntimeWiring wiring() {
        GraphQLScalarType dateTime = GraphQLScalarType.newScalar().name("DateTime").coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return String.valueOf(value);
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return String.valueOf(input);
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                return ((StringValue) input).getValue();
            }
        }).build();
        return RuntimeWiring.newRuntimeWiring().scalar(dateTime)
                .type("Node", t -> t.typeResolver(env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"))))
                .type("Query", t -> t
                        .dataFetcher("viewer", env -> users.get(0))
                        .dataFetcher("user", env -> byId(users, env.getArgument("id")))
                        .dataFetcher("node", env -> byId(users, env.getArgument("id")))
                        .dataFetcher("users", env -> connection(since(users, env.getArgument("updatedSince")), env.getArgument("first"), env.getArgument("after")))
                        .dataFetcher("projects", env -> connection(projects, env.getArgument("first"), env.getArgument("after")))
                        .dataFetcher("tasks", env -> slice(tasks, env.getArgument("offset"), env.getArgument("limit")))
                        .dataFetcher("auditLog", auditLog())
                        .dataFetcher("labels", env -> labels)
                        .dataFetcher("projectTasks", env -> tasks.stream().filter(x -> ((Map<?, ?>) x.get("project")).get("id").equals(env.getArgument("projectId"))).toList()))
                .type("Mutation", t -> t
                        .dataFetcher("createTask", env -> {
                            Map<String, Object> input = env.getArgument("input");
                            Map<String, Object> task = task("t" + (tasks.size() + 1), (String) input.get("title"), byId(projects, input.get("projectId")),
                                    input.get("assigneeId") == null ? null : byId(users, input.get("assigneeId")));
                            tasks.add(task);
                            return Map.of("task", task, "errors", List.of());
                        })
                        .dataFetcher("updateTask", env -> {
                            Map<String, Object> task = byId(tasks, env.getArgument("id"));
                            Map<String, Object> input = env.getArgument("input");
                            if (task == null) {
                                return Map.of("errors", List.of(Map.of("field", "id", "message", "no task " + env.getArgument("id"))));
                            }
                            input.forEach((k, v) -> task.put(k, v));
                            return Map.of("task", task, "errors", List.of());
                        })
                        .dataFetcher("deleteTask", env -> {
                            boolean removed = tasks.removeIf(x -> x.get("id").equals(env.getArgument("id")));
                            return removed ? Map.of("deletedId", env.getArgument("id")) : Map.of();
                        })
                        .dataFetcher("upsertLabel", env -> {
                            Map<String, Object> input = new LinkedHashMap<>(env.getArgument("input"));
                            labels.removeIf(x -> x.get("name").equals(input.get("name")));
                            labels.add(input);
                            return input;
                        }))
                .build();
    }

    private DataFetcher<Object> auditLog() {
        return env -> {
            int page = env.getArgument("page");
            int perPage = env.getArgument("perPage");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", slice(audit, (page - 1) * perPage, perPage));
            out.put("page", page);
            out.put("totalPages", (audit.size() + perPage - 1) / perPage);
            return out;
        };
    }

    /** A Relay connection over {@code all}: the cursor is the base64 of the last record's position. */
    private static Map<String, Object> connection(List<Map<String, Object>> all, Integer first, String after) {
        int from = after == null ? 0 : Integer.parseInt(new String(Base64.getDecoder().decode(after), StandardCharsets.UTF_8).substring("cursor:".length())) + 1;
        int to = Math.min(all.size(), from + (first == null ? 20 : first));
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = from; i < to; i++) {
            edges.add(Map.of("cursor", Base64.getEncoder().encodeToString(("cursor:" + i).getBytes(StandardCharsets.UTF_8)), "node", all.get(i)));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", to < all.size());
        pageInfo.put("hasPreviousPage", from > 0);
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
        pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("edges", edges);
        out.put("nodes", all.subList(from, to));
        out.put("pageInfo", pageInfo);
        out.put("totalCount", all.size());
        return out;
    }

    private static List<Map<String, Object>> slice(List<Map<String, Object>> all, int offset, int limit) {
        return offset >= all.size() ? List.of() : List.copyOf(all.subList(offset, Math.min(all.size(), offset + limit)));
    }

    private static List<Map<String, Object>> since(List<Map<String, Object>> all, Object since) {
        return since == null ? all : all.stream().filter(u -> ((String) u.get("updatedAt")).compareTo(String.valueOf(since)) > 0).toList();
    }

    private static Map<String, Object> byId(List<Map<String, Object>> all, Object id) {
        return all.stream().filter(x -> x.get("id").equals(id)).findFirst().orElse(null);
    }

    private void seed() {
        Map<String, Object> core = Map.of("__typename", "Team", "id", "team-1", "name", "Core");
        String[][] people = {{"u1", "ada@taskboard.example", "Ada", "ADMIN", "2026-01-05T09:00:00Z"},
            {"u2", "grace@taskboard.example", "Grace", "MEMBER", "2026-02-11T10:30:00Z"}, {"u3", "linus@taskboard.example", "Linus", "GUEST", "2026-03-02T16:45:00Z"}};
        for (String[] p : people) {
            Map<String, Object> u = new LinkedHashMap<>(Map.of("__typename", "User", "id", p[0], "email", p[1], "name", p[2], "role", p[3],
                    "createdAt", "2025-12-01T08:00:00Z", "updatedAt", p[4]));
            u.put("team", p[3].equals("GUEST") ? null : core);
            users.add(u);
        }
        String[][] keys = {{"p1", "CORE", "Core platform"}, {"p2", "WEB", "Website"}, {"p3", "OPS", "Operations"}};
        for (int i = 0; i < keys.length; i++) {
            projects.add(new LinkedHashMap<>(Map.of("__typename", "Project", "id", keys[i][0], "key", keys[i][1], "name", keys[i][2], "owner", users.get(i),
                    "archived", i == 2, "createdAt", "2026-01-0" + (i + 1) + "T12:00:00Z")));
        }
        labels.add(new LinkedHashMap<>(Map.of("name", "bug", "color", "#d73a4a")));
        labels.add(new LinkedHashMap<>(Map.of("name", "feature", "color", "#a2eeef")));
        for (int i = 1; i <= 5; i++) {
            tasks.add(task("t" + i, "Task " + i, projects.get(i % 3), i % 2 == 0 ? null : users.get(i % 3)));
        }
        for (int i = 1; i <= 3; i++) {
            audit.add(new LinkedHashMap<>(Map.of("id", "e" + i, "action", "task.updated", "actor", users.get(0), "at", "2026-03-0" + i + "T08:00:00Z")));
        }
    }

    private Map<String, Object> task(String id, String title, Map<String, Object> project, Map<String, Object> assignee) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("__typename", "Task");
        t.put("id", id);
        t.put("title", title);
        t.put("status", "TODO");
        t.put("estimate", 2.5);
        t.put("dueOn", null);
        t.put("labels", List.of(labels.get(0)));
        t.put("project", project);
        t.put("assignee", assignee);
        t.put("updatedAt", "2026-03-01T08:00:00Z");
        return t;
    }
}
