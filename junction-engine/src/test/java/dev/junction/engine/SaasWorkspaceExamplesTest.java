package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.connector.ActionResult;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.ReadOptions;
import dev.junction.connector.RecordOutcome;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Slack, Notion and Airtable connectors of {@code examples/saas} against WireMock answering as
 * their API references describe: Slack's cursor in response_metadata and its errors in a 200, Notion's
 * start_cursor in a POST body with its version header, Airtable's offset and its upsert of up to 10.
 */
class SaasWorkspaceExamplesTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SaasExampleFiles files = new SaasExampleFiles();

    @AfterEach
    void close() {
        files.close();
    }

    private ConnectionClient slack(String token) {
        return files.client("slack", """
                kind: Connection
                name: slack
                connector: slack
                config: { baseUrl: "%s/api" }
                secrets: { botToken: "${env:SLACK_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("SLACK_TOKEN", token));
    }

    @Test
    void slackChannelsPageByNextCursorUntilItIsEmpty() {
        api.stubFor(get(urlPathEqualTo("/api/conversations.list")).withQueryParam("cursor", absent()).willReturn(okJson("""
                {"ok": true, "channels": [{"id": "C01", "name": "general"}, {"id": "C02", "name": "random"}],
                 "response_metadata": {"next_cursor": "dGVhbTpDMDI="}}""")));
        api.stubFor(get(urlPathEqualTo("/api/conversations.list")).withQueryParam("cursor", equalTo("dGVhbTpDMDI=")).willReturn(okJson("""
                {"ok": true, "channels": [{"id": "C03", "name": "ops"}], "response_metadata": {"next_cursor": ""}}""")));

        assertThat(SaasExampleFiles.ids(slack("xoxb-good").readStream("channels", ReadOptions.full(CallContext.of("slack")))))
                .containsExactly("C01", "C02", "C03");
        api.verify(2, getRequestedFor(urlPathEqualTo("/api/conversations.list")).withHeader("Authorization", equalTo("Bearer xoxb-good"))
                .withQueryParam("limit", equalTo("200")).withQueryParam("exclude_archived", equalTo("true")));
    }

    @Test
    void slacksErrorsInA200AreErrorsAndARevokedTokenIsAnAuthError() throws Exception {
        api.stubFor(get(urlPathEqualTo("/api/users.list")).willReturn(okJson("{\"ok\": false, \"error\": \"invalid_auth\"}")));
        api.stubFor(post("/api/chat.postMessage").willReturn(okJson("{\"ok\": false, \"error\": \"not_in_channel\"}")));
        ConnectionClient slack = slack("xoxb-revoked");

        ApiException read = catchThrowableOfType(ApiException.class,
                () -> SaasExampleFiles.ids(slack.readStream("users", ReadOptions.full(CallContext.of("slack")))));
        var message = JSON.readTree("{\"channel\": \"C09\", \"text\": \"Deploy finished\"}");
        ApiException post = catchThrowableOfType(ApiException.class, () -> slack.call("postMessage", List.of(message), CallContext.of("slack")));

        assertThat(read.error().category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(read.getMessage()).contains("invalid_auth");
        // refused for good: a sync's sink makes the record a dead letter with this reason
        assertThat(post.error().category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(post.getMessage()).endsWith("answered HTTP 200 with an error: not_in_channel");
        api.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")).withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"channel\": \"C09\", \"text\": \"Deploy finished\"}")));
    }

    @Test
    void notionPagesComeFromThePostQueryWithItsCursorVersionAndCheckpointInTheBody() {
        String query = "/v1/databases/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/query";
        api.stubFor(post(query).withRequestBody(matchingJsonPath("$.start_cursor", absent())).willReturn(okJson("""
                {"object": "list", "results": [{"object": "page", "id": "p-1", "last_edited_time": "2026-11-02T10:00:00.000Z"}],
                 "next_cursor": "c-2", "has_more": true}""")));
        api.stubFor(post(query).withRequestBody(matchingJsonPath("$.start_cursor", equalTo("c-2"))).willReturn(okJson("""
                {"object": "list", "results": [{"object": "page", "id": "p-2", "last_edited_time": "2026-11-03T10:00:00.000Z"}],
                 "next_cursor": null, "has_more": false}""")));
        ConnectionClient notion = files.client("notion", """
                kind: Connection
                name: notion
                connector: notion
                config: { baseUrl: "%s", databaseId: a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 }
                secrets: { token: "${env:NOTION_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("NOTION_TOKEN", "ntn_abc123"));

        assertThat(SaasExampleFiles.ids(notion.readStream("pages", new ReadOptions("2026-11-01T00:00:00.000Z", CallContext.of("notion")))))
                .containsExactly("p-1", "p-2");
        api.verify(postRequestedFor(urlPathEqualTo(query)).withHeader("Notion-Version", equalTo("2022-06-28"))
                .withHeader("Authorization", equalTo("Bearer ntn_abc123")).withRequestBody(equalToJson("""
                        {"page_size": 100, "sorts": [{"timestamp": "last_edited_time", "direction": "ascending"}],
                         "filter": {"timestamp": "last_edited_time", "last_edited_time": {"on_or_after": "2026-11-01T00:00:00.000Z"}}}""")));
        api.verify(postRequestedFor(urlPathEqualTo(query)).withRequestBody(matchingJsonPath("$.start_cursor", equalTo("c-2"))));
    }

    @Test
    void airtableRecordsPageByOffsetAndAreUpsertedOnTheirMergeField() throws Exception {
        String table = "/v0/appXYZ123/Contacts";
        api.stubFor(get(urlPathEqualTo(table)).withQueryParam("offset", absent()).willReturn(okJson("""
                {"records": [{"id": "rec1", "createdTime": "2026-11-01T10:00:00.000Z", "fields": {"Email": "ada@example.com"}}],
                 "offset": "itrX/rec1"}""")));
        api.stubFor(get(urlPathEqualTo(table)).withQueryParam("offset", equalTo("itrX/rec1")).willReturn(okJson("""
                {"records": [{"id": "rec2", "createdTime": "2026-11-01T11:00:00.000Z", "fields": {"Email": "grace@example.com"}}]}""")));
        api.stubFor(patch(urlPathEqualTo(table)).willReturn(okJson("""
                {"records": [], "createdRecords": ["rec3"], "updatedRecords": ["rec1"]}""")));
        ConnectionClient airtable = files.client("airtable", """
                kind: Connection
                name: airtable
                connector: airtable
                config: { baseUrl: "%s", baseId: appXYZ123, table: Contacts }
                secrets: { token: "${env:AIRTABLE_TOKEN}" }
                """.formatted(api.baseUrl()), Map.of("AIRTABLE_TOKEN", "patABC.123"));

        assertThat(SaasExampleFiles.ids(airtable.readStream("records", ReadOptions.full(CallContext.of("airtable"))))).containsExactly("rec1", "rec2");
        ActionResult upsert = airtable.call("upsertRecords", List.of(JSON.readTree("{\"fields\": {\"Email\": \"ada@example.com\", \"Name\": \"Ada\"}}"),
                JSON.readTree("{\"fields\": {\"Email\": \"linus@example.com\", \"Name\": \"Linus\"}}")), CallContext.of("airtable"));

        assertThat(upsert.outcomes()).allMatch(RecordOutcome::ok);
        api.verify(2, getRequestedFor(urlPathEqualTo(table)).withQueryParam("pageSize", equalTo("100")).withHeader("Authorization", equalTo("Bearer patABC.123")));
        api.verify(patchRequestedFor(urlPathEqualTo(table)).withRequestBody(equalToJson("""
                {"performUpsert": {"fieldsToMergeOn": ["Email"]}, "typecast": true,
                 "records": [{"fields": {"Email": "ada@example.com", "Name": "Ada"}}, {"fields": {"Email": "linus@example.com", "Name": "Linus"}}]}""")));
    }
}
