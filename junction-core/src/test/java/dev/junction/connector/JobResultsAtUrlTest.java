package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import dev.junction.store.ExchangeRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job whose results are files at the URLs its done answer gives ({@code job.resultsUrl}), against two WireMock servers:
 * the API, answering as Shopify's GraphQL Admin API does for a bulk operation (a {@code bulkOperationRunQuery} mutation,
 * then {@code node(id:)} until {@code COMPLETED}, with the results' {@code url}), and a storage host on another origin
 * serving the gzip JSONL file at a signed link, as Google Cloud Storage does. On fake time.
 */
class JobResultsAtUrlTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    @RegisterExtension
    static final WireMockExtension storage = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final String GRAPHQL = "/admin/api/2025-01/graphql.json";
    private static final String TOKEN = "shpat_0123456789abcdef";
    private static final String OPERATION = "gid://shopify/BulkOperation/720918";
    private static final String SIGNATURE = "5f1e0c3b9a7d4e2f8c6b1a0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f";
    private static final String FILE = "/shopify-tiers-bulk/ops/720918/bulk-720918.jsonl";
    private static final String QUERY = "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=bulk%40shopify-tiers.iam.gserviceaccount.com%2F20261207"
            + "%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20261207T100000Z&X-Goog-Expires=604800&X-Goog-SignedHeaders=host&X-Goog-Signature="
            + SIGNATURE;

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final List<ExchangeRecord> exchanges = new CopyOnWriteArrayList<>();
    private final List<ApiError> refused = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private static final String JOB = """
            job:
              start:
                path: /admin/api/2025-01/graphql.json
                body: |-
                  { 'query': 'mutation { bulkOperationRunQuery(query: \"\"\"{ products' & ($since ? '(query: "updated_at:>=' & $since & '")' : '')
                    & ' { edges { node { id title updatedAt } } } }\"\"\") { bulkOperation { id status } userErrors { field message } } }' }
              id: $.data.bulkOperationRunQuery.bulkOperation.id
              status:
                method: POST
                path: /admin/api/2025-01/graphql.json
                body: "{ 'query': 'query($id: ID!) { node(id: $id) { ... on BulkOperation { status errorCode objectCount url } } }', 'variables': { 'id': $job.id } }"
              done: { path: $.data.node.status, equals: COMPLETED }
              failed: { path: $.data.node.status, equals: [FAILED, CANCELED, EXPIRED], message: $.data.node.errorCode }
              every: 2s
              resultsUrl: $.data.node.url
            """;

    private static LoadResult load(String stream) {
        return new SpecLoader().loadTexts(List.of(new SourceText("shopify.yaml", """
                kind: Connector
                name: shopify
                baseUrl: %s
                secrets: { token: { description: "Admin API access token" } }
                auth: { type: api-key, in: header, name: X-Shopify-Access-Token, value: "{{ secrets.token }}" }
                retry: { maxAttempts: 2, initialDelay: 1ms, maxDelay: 1ms }
                streams:
                  products:
                %s
                """.formatted(api.baseUrl(), stream.indent(4)))));
    }

    private static final String STREAM = JOB + """
            format: jsonl
            primaryKey: id
            incremental: { cursorField: updatedAt }
            """;

    private ConnectionClient client(String stream) {
        LoadResult loaded = load(stream);
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("shopify"), new dev.junction.spec.ConnectionSpec("shop", "shopify",
                "default", "test", Map.of(), Map.of("token", new dev.junction.spec.ValueRef.Literal(TOKEN)), new dev.junction.spec.SourceLocation("c.yaml", 1, 1)),
                new EnvSecretResolver(name -> null), PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(exchanges::add)
                        .credentialsRefused((context, error) -> refused.add(error)).build());
        clients.add(client);
        return client;
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("id").asText())));
        return ids;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The mutation starts the operation; the status is RUNNING once, then COMPLETED with {@code url} (a JSON value: a link, null, a list). */
    private static void operation(String url) {
        api.stubFor(post(urlPathEqualTo(GRAPHQL)).withRequestBody(containing("bulkOperationRunQuery")).willReturn(okJson("""
                {"data": {"bulkOperationRunQuery": {"bulkOperation": {"id": "%s", "status": "CREATED"}, "userErrors": []}},
                 "extensions": {"cost": {"requestedQueryCost": 10, "actualQueryCost": 10}}}""".formatted(OPERATION))));
        api.stubFor(post(urlPathEqualTo(GRAPHQL)).withRequestBody(containing("node(id:")).inScenario("op").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(okJson("""
                        {"data": {"node": {"status": "RUNNING", "errorCode": null, "objectCount": "1", "url": null}}}""")));
        api.stubFor(post(urlPathEqualTo(GRAPHQL)).withRequestBody(containing("node(id:")).inScenario("op").whenScenarioStateIs("done")
                .willReturn(okJson("""
                        {"data": {"node": {"status": "COMPLETED", "errorCode": null, "objectCount": "3", "url": %s}}}""".formatted(url))));
    }

    private static String json(String text) {
        return "\"" + text.replace("&", "\\u0026") + "\""; // as Shopify's JSON writes a link: its ampersands escaped
    }

    @Test
    void readsTheFileAtTheSignedLinkWithoutTheConnectionsCredentialsAndKeepsTheSignatureOutOfTheLog() throws IOException {
        operation(json(storage.baseUrl() + FILE + QUERY));
        storage.stubFor(get(urlPathEqualTo(FILE)).withQueryParam("X-Goog-Signature", equalTo(SIGNATURE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(gzip("""
                        {"id":"gid://shopify/Product/1","title":"Hat","updatedAt":"2026-12-01T10:00:00Z"}
                        {"id":"gid://shopify/Product/2","title":"Scarf","updatedAt":"2026-12-02T10:00:00Z"}
                        {"id":"gid://shopify/Product/3","title":"Gloves","updatedAt":"2026-12-03T10:00:00Z"}
                        """))));

        PageReader reader = client(STREAM).readStream("products", new ReadOptions("2026-11-30T00:00:00Z", CallContext.of("shop")));

        assertThat(ids(reader)).containsExactly("gid://shopify/Product/1", "gid://shopify/Product/2", "gid://shopify/Product/3");
        assertThat(reader.pagesRead()).isEqualTo(1);
        // the storage host got the link as given, and nothing of the connection's
        storage.verify(1, getRequestedFor(urlPathEqualTo(FILE)).withHeader("X-Shopify-Access-Token", absent()).withHeader("Authorization", absent()));
        api.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(GRAPHQL))
                .withRequestBody(containing("updated_at:>=2026-11-30T00:00:00Z")).withHeader("X-Shopify-Access-Token", equalTo(TOKEN)));
        // the status answer that holds the link, and the download itself, are logged with the signature hidden
        assertThat(exchanges).hasSize(4);
        ExchangeRecord download = exchanges.get(3);
        assertThat(download.url()).startsWith(storage.baseUrl() + FILE + "?X-Goog-Algorithm=GOOG4-RSA-SHA256").endsWith("X-Goog-Signature=[redacted]");
        assertThat(download.status()).isEqualTo(200);
        assertThat(exchanges.get(2).responseBody()).contains("X-Goog-Signature=[redacted]").contains("COMPLETED");
        assertThat(exchanges.toString()).doesNotContain(SIGNATURE).doesNotContain(TOKEN);
    }

    @Test
    void anOperationThatFoundNothingHasNoUrlAndNoRecords() {
        operation("null");

        PageReader reader = client(STREAM).readStream("products", ReadOptions.full(CallContext.of("shop")));

        assertThat(ids(reader)).isEmpty();
        assertThat(reader.pagesRead()).isZero();
        storage.verify(0, getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    @Test
    void aListOfLinksIsReadInOrderOnePageEachAndALinkOnTheApisOwnOriginGoesWithTheCredentials() {
        operation("[" + json(storage.baseUrl() + "/part-1.jsonl" + QUERY) + ", \"/admin/exports/part-2.jsonl\", \"\"]");
        storage.stubFor(get(urlPathEqualTo("/part-1.jsonl")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"a\",\"updatedAt\":\"2026-12-01T10:00:00Z\"}\n{\"id\":\"b\",\"updatedAt\":\"2026-12-01T10:00:00Z\"}\n")));
        api.stubFor(get(urlPathEqualTo("/admin/exports/part-2.jsonl")).willReturn(aResponse().withStatus(200)
                .withBody("{\"id\":\"c\",\"updatedAt\":\"2026-12-01T10:00:00Z\"}\n")));

        PageReader reader = client(STREAM).readStream("products", ReadOptions.full(CallContext.of("shop")));

        List<Integer> pages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> {
            pages.add(page.number());
            page.records().forEach(r -> ids.add(r.path("id").asText()));
        });
        assertThat(ids).containsExactly("a", "b", "c");
        assertThat(pages).containsExactly(1, 2);
        storage.verify(getRequestedFor(urlPathEqualTo("/part-1.jsonl")).withHeader("X-Shopify-Access-Token", absent()));
        api.verify(getRequestedFor(urlPathEqualTo("/admin/exports/part-2.jsonl")).withHeader("X-Shopify-Access-Token", equalTo(TOKEN)));
    }

    @Test
    void anExpiredLinkFailsNamingItWithoutTheSignatureAndDoesNotRefuseTheConnectionsCredentials() {
        operation(json(storage.baseUrl() + FILE + QUERY));
        storage.stubFor(get(urlPathEqualTo(FILE)).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
                .withBody("<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code><Message>Invalid argument.</Message></Error>")));

        PageReader reader = client(STREAM).readStream("products", ReadOptions.full(CallContext.of("shop")));
        ApiException error = catchThrowableOfType(ApiException.class, reader::hasNext);

        assertThat(error.error().status()).isEqualTo(403);
        assertThat(error.error().category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.error().code()).isEqualTo("link_refused");
        assertThat(error.getMessage()).startsWith("GET " + storage.baseUrl() + FILE + "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=[redacted]")
                .contains("X-Goog-Signature=[redacted] was refused with HTTP 403")
                .endsWith("; the link came from the API's answer and was sent without the connection's credentials: it may have expired"
                        + " (a later run asks for a new one)")
                .doesNotContain(SIGNATURE).doesNotContain("check the credentials");
        assertThat(refused).isEmpty();
    }

    @Test
    void aResultsUrlThatIsNotALinkIsAPermanentErrorSayingWhereItLooked() {
        operation("{\"href\": \"x\"}");

        PageReader reader = client(STREAM).readStream("products", ReadOptions.full(CallContext.of("shop")));
        ApiException error = catchThrowableOfType(ApiException.class, reader::hasNext);

        assertThat(error.error().category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.error().message()).isEqualTo("stream 'products': job " + OPERATION + " is done, but job.resultsUrl '$.data.node.url' holds"
                + " an object where a URL (or a list of URLs) was expected; check job.resultsUrl");
    }

    @Test
    void aDocumentRequestNeedsResultsUrlAndMustNameTheDocument() {
        String withoutUrl = JOB.replace("  resultsUrl: $.data.node.url\n", "  document: { id: $.data.node.id, request: { path: \"/documents/{{ job.document }}\" } }\n")
                + "request: { path: /x }\nformat: jsonl\nprimaryKey: id\n";
        String unnamed = JOB + "  document: { id: $.data.node.id, request: { path: /documents/latest } }\nformat: jsonl\nprimaryKey: id\n";

        assertThat(load(withoutUrl).problems()).extracting(SpecProblem::message).containsExactly("a document request is asked once the job is"
                + " done for the answer that holds job.resultsUrl; add resultsUrl, such as resultsUrl: $.url");
        assertThat(load(unnamed).problems()).extracting(SpecProblem::message).containsExactly("expected the document named in its request, as"
                + " {{ job.document }} in its path or query, such as path: \"/documents/{{ job.document }}\"");
    }

    @Test
    void aStreamWithResultsAtAUrlTakesNoRequestPaginationOrParam() {
        LoadResult loaded = load(JOB + """
                request: { path: /products.json }
                format: jsonl
                primaryKey: id
                pagination: { type: link }
                incremental: { cursorField: updatedAt, param: updated_at_min }
                """);

        assertThat(loaded.problems()).extracting(SpecProblem::message).contains(
                "the stream's records are read from the URL(s) at job.resultsUrl, so it takes no request; remove it",
                "the stream's records are read from the URL(s) at job.resultsUrl, so it takes no pagination; remove it (each URL is read as one page)",
                "the records come from the URL(s) at job.resultsUrl, so the checkpoint can only reach the job: read $since in job.start's body,"
                        + " and remove param");
    }
}
