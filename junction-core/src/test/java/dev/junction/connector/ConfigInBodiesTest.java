package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JSONata body sees the connection's config values as {@code $config}: a Jira search and a new issue name the
 * project the connection is for ({@code $config.projectKey}), and its secrets are not among them. Against WireMock.
 */
class ConfigInBodiesTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private ConnectionClient client;

    @AfterEach
    void close() {
        client.close();
    }

    private ConnectionClient client() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("jira.yaml", """
                kind: Connector
                name: jira
                baseUrl: %s
                config: { projectKey: { type: string }, issueType: { type: string, default: Task } }
                secrets: { token: {} }
                auth: { type: bearer, token: "{{ secrets.token }}" }
                streams:
                  issues:
                    request:
                      method: POST
                      path: /rest/api/3/search/jql
                      body: "{ 'jql': 'project = ' & $config.projectKey & ' ORDER BY updated', 'nextPageToken': $cursor, 'secret': $config.token }"
                    records: $.issues
                    primaryKey: id
                    pagination: { type: cursor, nextPath: $.nextPageToken, in: body }
                actions:
                  createIssue:
                    request:
                      path: /rest/api/3/issue
                      body: "{ 'fields': { 'project': { 'key': $config.projectKey }, 'issuetype': { 'name': $config.issueType }, 'summary': $record.title } }"
                  createIssues:
                    request:
                      path: /rest/api/3/issue/bulk
                      body: "{ 'issueUpdates': $records.{ 'fields': { 'project': { 'key': $config.projectKey }, 'summary': title } } }"
                    batch: { maxRecords: 50 }
                ---
                kind: Connection
                name: jira
                connector: jira
                config: { projectKey: OPS }
                secrets: { token: "${env:JIRA_TOKEN}" }
                """.formatted(api.baseUrl()))));
        assertThat(loaded.problems()).isEmpty();
        client = ConnectionClient.create(loaded.connectors().get("jira"), loaded.connections().get("jira"),
                new EnvSecretResolver(Map.of("JIRA_TOKEN", "jira-token-1")::get), PipelineOptions.builder().build());
        return client;
    }

    @Test
    void aStreamsBodySeesTheConnectionsConfigButNotItsSecrets() {
        api.stubFor(post(urlPathEqualTo("/rest/api/3/search/jql")).willReturn(okJson("{\"issues\": [{\"id\": \"10001\"}]}")));

        client().readStream("issues", ReadOptions.full(CallContext.of("jira"))).forEachRemaining(page -> { });

        api.verify(postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")).withRequestBody(equalToJson("{\"jql\": \"project = OPS ORDER BY updated\"}")));
    }

    @Test
    void anActionsBodySeesItTooOneRecordACallOrABatch() throws Exception {
        api.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(okJson("{\"id\": \"10002\", \"key\": \"OPS-2\"}")));
        api.stubFor(post(urlPathEqualTo("/rest/api/3/issue/bulk")).willReturn(okJson("{\"issues\": [], \"errors\": []}")));
        ObjectMapper json = new ObjectMapper();
        ConnectionClient jira = client();

        jira.call("createIssue", List.of(json.readTree("{\"title\": \"Disk full\"}")), CallContext.of("jira"));
        jira.call("createIssues", List.of(json.readTree("{\"title\": \"A\"}"), json.readTree("{\"title\": \"B\"}")), CallContext.of("jira"));

        api.verify(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")).withRequestBody(equalToJson("""
                {"fields": {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": "Disk full"}}""")));
        api.verify(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/bulk")).withRequestBody(equalToJson("""
                {"issueUpdates": [{"fields": {"project": {"key": "OPS"}, "summary": "A"}}, {"fields": {"project": {"key": "OPS"}, "summary": "B"}}]}""")));
    }
}
