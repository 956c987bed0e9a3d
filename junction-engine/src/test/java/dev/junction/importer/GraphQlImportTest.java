package dev.junction.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ConnectorImporter#graphQl} decides from an introspection result, and how it refuses files that are not one. */
class GraphQlImportTest {
    @TempDir
    Path dir;

    private final ConnectorImporter importer = new ConnectorImporter();
    private final ImportedConnector taskboard = importer.graphQl(GraphQlImportEndToEndTest.FIXTURE.toString(), null);

    private String file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private static ConnectorSpec load(ImportedConnector c) {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("c.yaml", c.yaml()), new SourceText("conn.yaml", c.connection())));
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        return result.connectors().get(c.name());
    }

    @Test
    void listFieldsBecomeStreamsWithTheirPagingAndKeysAndTheSummarySaysWhatWasGuessed() {
        ConnectorSpec spec = load(taskboard);

        assertThat(taskboard.name()).isEqualTo("taskboard");
        assertThat(spec.streams().get("users").records()).isEqualTo("$.data.users.nodes");
        assertThat(spec.streams().get("users").primaryKey()).isEqualTo("id");
        assertThat(spec.streams().get("users").pagination()).isInstanceOf(PaginationSpec.Relay.class);
        assertThat(spec.streams().get("users").incremental().cursorField()).isEqualTo("updatedAt");
        assertThat(spec.streams().get("projects").records()).isEqualTo("$.data.projects.edges");
        assertThat(spec.streams().get("projects").primaryKey()).isEqualTo("node.id");
        assertThat(spec.streams().get("tasks").pagination()).isInstanceOf(PaginationSpec.Offset.class);
        assertThat(spec.streams().get("auditLog").records()).isEqualTo("$.data.auditLog.items");
        assertThat(spec.streams().get("auditLog").pagination()).isInstanceOf(PaginationSpec.Page.class);
        assertThat(spec.streams().get("labels").pagination()).isInstanceOf(PaginationSpec.None.class);
        assertThat(spec.streams().get("labels").primaryKey()).isEqualTo("name");
        assertThat(taskboard.actions()).containsExactly("createTask", "updateTask", "deleteTask", "upsertLabel");
        assertThat(taskboard.guessed()).contains("name 'taskboard' from the file name 'taskboard'; change it with --name",
                "stream 'tasks' (query field tasks): pagination offset in offset, 2 records a page in limit; it stops at the first empty page",
                "query field viewer: answers a single User, not a list of records; no stream for it");
        assertThat(taskboard.needsHuman()).anySatisfy(n -> assertThat(n).startsWith("auth: an introspection result does not say how the API authenticates"))
                .anySatisfy(n -> assertThat(n).startsWith("query field projectTasks: takes the required argument(s) projectId: ID!; not imported"));
        assertThat(taskboard.yaml()).startsWith("# Imported by junction import graphql from taskboard.graphql.json\n")
                .contains("auth: { type: bearer, token: \"{{ secrets.token }}\" }");
    }

    @Test
    void theQuerySelectsScalarsAndOneLevelOfObjectsAndSkipsConnectionsAndRequiredArguments() {
        assertThat(taskboard.yaml()).contains("""
                      query: |
                        query Users($first: Int, $after: String, $updatedSince: DateTime) {
                          users(first: $first, after: $after, updatedSince: $updatedSince) {
                            nodes {
                              id
                              email
                              name
                              role
                              team { id name }
                              createdAt
                              updatedAt
                            }
                            pageInfo { hasNextPage endCursor }
                          }
                        }
                      variables: "{ 'first': 2, 'after': $cursor, 'updatedSince': $since }"
                """).contains("# not selected: projects (a connection of its own), avatarUrl (takes required arguments)")
                .contains("# records (Task): id string, title string, status string/TaskStatus, estimate number, dueOn string, labels\n"
                        + "  #   array (Label), project object (Project), assignee object (User), updatedAt any/DateTime")
                .contains("variables: \"{ 'page': $page, 'perPage': $size }\"");
    }

    @Test
    void mutationsSendTheRecordsFieldsAsTheirInput() {
        assertThat(taskboard.yaml()).contains("""
                      query: |
                        mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {
                          updateTask(id: $id, input: $input) {
                            task { id title status estimate dueOn updatedAt }
                            errors { field message }
                          }
                        }
                      variables: "{ 'id': $record.id, 'input': { 'title': $record.title, 'status': $record.status, 'assigneeId': $record.assigneeId, 'estimate': $record.estimate, 'dueOn': $record.dueOn } }"
                """);
    }

    @Test
    void aBareSchemaWithAnEdgesOnlyConnectionAndAListInputMutationImports() throws IOException {
        String path = file("shop.json", """
                {"__schema": {"queryType": {"name": "Root"}, "mutationType": {"name": "Writes"}, "types": [
                  {"kind": "OBJECT", "name": "Writes", "fields": [
                    {"name": "addOrders", "args": [{"name": "orders", "type": {"kind": "NON_NULL", "ofType": {"kind": "LIST", "ofType":
                      {"kind": "NON_NULL", "ofType": {"kind": "INPUT_OBJECT", "name": "OrderInput"}}}}, "defaultValue": null}],
                     "type": {"kind": "SCALAR", "name": "Int"}}]},
                  {"kind": "INPUT_OBJECT", "name": "OrderInput", "inputFields": [{"name": "number", "type": {"kind": "SCALAR", "name": "String"}},
                                                                                  {"name": "in", "type": {"kind": "SCALAR", "name": "Boolean"}}]},
                  {"kind": "OBJECT", "name": "Root", "fields": [
                    {"name": "orders", "args": [{"name": "first", "type": {"kind": "SCALAR", "name": "Int"}, "defaultValue": null},
                                                {"name": "after", "type": {"kind": "SCALAR", "name": "String"}, "defaultValue": null}],
                     "type": {"kind": "NON_NULL", "ofType": {"kind": "OBJECT", "name": "OrderConnection"}}}]},
                  {"kind": "OBJECT", "name": "OrderConnection", "fields": [
                    {"name": "edges", "args": [], "type": {"kind": "LIST", "ofType": {"kind": "OBJECT", "name": "OrderEdge"}}},
                    {"name": "pageInfo", "args": [], "type": {"kind": "OBJECT", "name": "PageInfo"}}]},
                  {"kind": "OBJECT", "name": "OrderEdge", "fields": [{"name": "node", "args": [], "type": {"kind": "OBJECT", "name": "Order"}}]},
                  {"kind": "OBJECT", "name": "PageInfo", "fields": [{"name": "hasNextPage", "args": [], "type": {"kind": "SCALAR", "name": "Boolean"}},
                                                                     {"name": "endCursor", "args": [], "type": {"kind": "SCALAR", "name": "String"}}]},
                  {"kind": "OBJECT", "name": "Order", "fields": [{"name": "number", "args": [], "type": {"kind": "SCALAR", "name": "String"}},
                                                                  {"name": "total", "args": [], "type": {"kind": "SCALAR", "name": "Float"}}]}]}}
                """);
        ImportedConnector c = importer.graphQl(path, "Shop!");

        ConnectorSpec spec = load(c);
        assertThat(c.name()).isEqualTo("shop");
        assertThat(c.actions()).containsExactly("addOrders");
        assertThat(c.guessed()).noneSatisfy(g -> assertThat(g).startsWith("baseUrl"));
        assertThat(c.yaml()).contains("mutation AddOrders($orders: [OrderInput!]!) {\n          addOrders(orders: $orders)\n        }")
                .contains("variables: \"{ 'orders': [{ 'number': $record.number, 'in': $record.`in` }] }\"");
        assertThat(spec.streams().get("orders").primaryKey()).isEqualTo("node.number");
        assertThat(c.guessed()).contains("stream 'orders' (query field orders): pagination relay, 100 records a page in first, the pageInfo's endCursor as after");
    }

    @Test
    void aFileThatIsNotAnIntrospectionResultIsRefusedNamingWhatWasExpected() throws IOException {
        String openapi = file("api.json", "{\"openapi\": \"3.0.0\", \"info\": {}, \"paths\": {}}");
        assertThatThrownBy(() -> importer.graphQl(openapi, null)).isInstanceOf(ImportException.class).hasMessage(openapi
                + ": not a GraphQL introspection result: expected {\"data\": {\"__schema\": ...}} or {\"__schema\": ...} (the answer to the standard"
                + " introspection query), found keys openapi, info, paths; this looks like OpenAPI: use junction import openapi");
        String refused = file("refused.json", "{\"errors\": [{\"message\": \"Introspection is disabled\"}], \"data\": null}");
        assertThatThrownBy(() -> importer.graphQl(refused, null)).hasMessageStartingWith(refused
                + ": the introspection answer holds errors and no schema: Introspection is disabled; expected data.__schema");
        String broken = file("broken.json", "{\"__schema\": ");
        assertThatThrownBy(() -> importer.graphQl(broken, null)).hasMessageStartingWith(broken + ":1:14: not JSON:");
        assertThatThrownBy(() -> importer.graphQl("http://bad host/graphql", null)).hasMessageStartingWith("http://bad host/graphql: not a valid URL");
        String noTypes = file("empty.json", "{\"data\": {\"__schema\": {\"queryType\": {\"name\": \"Query\"}}}}");
        assertThatThrownBy(() -> importer.graphQl(noTypes, null))
                .hasMessage(noTypes + ": __schema has no 'types' array or no 'queryType'; expected the answer to the standard introspection query");
    }
}
