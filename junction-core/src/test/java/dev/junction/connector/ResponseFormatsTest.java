package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.StreamSpec;
import java.io.ByteArrayOutputStream;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stream page bodies as JSONL, CSV, XML and gzip, read from WireMock, and the errors for malformed ones. */
class ResponseFormatsTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private PageReader read(String path, String records, StreamSpec.Format format, PaginationSpec pagination) {
        var stream = new StreamSpec("orders", new RequestSpec("GET", path, Map.of(), Map.of(), null), records, "id", pagination, null, 20,
                List.of(), null, format);
        var connector = Specs.connector(server.baseUrl() + "/api", new AuthSpec.None(), Map.of("orders", stream), Map.of());
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        var client = ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()), new EnvSecretResolver(Map.<String, String>of()::get), options);
        clients.add(client);
        return client.readStream("orders", ReadOptions.full(new CallContext("run-1", null, null, List.of(), true)));
    }

    private PageReader read(String path, String records, StreamSpec.Format format) {
        return read(path, records, format, new PaginationSpec.None());
    }

    private static void serve(String path, String contentType, String body) {
        server.stubFor(get(urlPathEqualTo("/api" + path)).willReturn(aResponse().withHeader("Content-Type", contentType).withBody(body)));
    }

    private static byte[] gzip(String text) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static List<String> texts(List<JsonNode> records) {
        return records.stream().map(JsonNode::toString).toList();
    }

    @Test
    void aJsonlBodyGivesOneRecordPerLineSkippingBlankLines() {
        serve("/orders", "application/x-ndjson", "{\"id\":1,\"total\":9.5}\n\n{\"id\":2,\"total\":3}\n");

        var page = read("/orders", null, StreamSpec.Format.JSONL).next();

        assertThat(texts(page.records())).containsExactly("{\"id\":1,\"total\":9.5}", "{\"id\":2,\"total\":3}");
    }

    @Test
    void aJsonlLineThatIsNotJsonFailsNamingStreamPageAndLine() {
        serve("/orders", "application/x-ndjson", "{\"id\":1}\n{\"id\":2}\n{id: 3}\n");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders", null, StreamSpec.Format.JSONL).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).startsWith("stream 'orders' page 1: line 3 is not JSON (Unexpected character ('i' (code 105)): "
                + "was expecting double-quote to start field name");
    }

    @Test
    void aCsvBodyGivesOneRecordPerRowKeyedByTheHeaderRow() {
        serve("/orders.csv", "text/csv", "id,customer,total\n1,\"Acme, Inc.\",9.50\n2,Globex,\n");

        var page = read("/orders.csv", "$", StreamSpec.Format.CSV).next();

        assertThat(texts(page.records())).containsExactly("{\"id\":\"1\",\"customer\":\"Acme, Inc.\",\"total\":\"9.50\"}",
                "{\"id\":\"2\",\"customer\":\"Globex\",\"total\":\"\"}");
    }

    private static void serveBytes(String path, String contentType, byte[] body) {
        server.stubFor(get(urlPathEqualTo("/api" + path)).willReturn(aResponse().withHeader("Content-Type", contentType).withBody(body)));
    }

    @Test
    void aBodyInTheCharsetItsContentTypeDeclaresIsDecodedInIt() {
        // an ERP's CSV export in Windows-1252 (é is one byte, 0xE9; the euro sign 0x80), an older API's JSON and JSON Lines in Latin-1
        serveBytes("/orders.csv", "text/csv; charset=windows-1252", "id,customer,total\n1,Café Müller,€9\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        serveBytes("/orders.json", "application/json;charset=\"ISO-8859-1\"", "[{\"id\":1,\"customer\":\"Zoë Ñandú\"}]".getBytes(StandardCharsets.ISO_8859_1));
        serveBytes("/orders.jsonl", "application/x-ndjson; charset=latin1", "{\"id\":1,\"customer\":\"Søren\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        serveBytes("/orders16.json", "application/json; charset=UTF-16", "[{\"id\":1,\"customer\":\"東京\"}]".getBytes(StandardCharsets.UTF_16));

        assertThat(texts(read("/orders.csv", "$", StreamSpec.Format.CSV).next().records()))
                .containsExactly("{\"id\":\"1\",\"customer\":\"Café Müller\",\"total\":\"€9\"}");
        assertThat(texts(read("/orders.json", "$", StreamSpec.Format.JSON).next().records())).containsExactly("{\"id\":1,\"customer\":\"Zoë Ñandú\"}");
        assertThat(texts(read("/orders.jsonl", null, StreamSpec.Format.JSONL).next().records())).containsExactly("{\"id\":1,\"customer\":\"Søren\"}");
        assertThat(texts(read("/orders16.json", "$", StreamSpec.Format.JSON).next().records())).containsExactly("{\"id\":1,\"customer\":\"東京\"}");
    }

    @Test
    void bytesNotValidInTheBodysCharsetFailTheReadSayingWhereInsteadOfBecomingReplacementCharacters() {
        // JSON Lines sent in Latin-1 without saying so: 0xF8 is not UTF-8; before, the line was read with U+FFFD in the name
        serveBytes("/orders.jsonl", "application/x-ndjson", "{\"id\":1,\"customer\":\"Ada\"}\n{\"id\":2,\"customer\":\"Søren\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        // 0x81 is one of the five bytes Windows-1252 leaves undefined
        serveBytes("/orders.csv", "text/csv; charset=windows-1252", new byte[] {'i', 'd', '\n', '1', '\n', (byte) 0x81, '\n'});

        var jsonl = catchThrowableOfType(ApiException.class, () -> read("/orders.jsonl", null, StreamSpec.Format.JSONL).next()).error();
        var csv = catchThrowableOfType(ApiException.class, () -> read("/orders.csv", "$", StreamSpec.Format.CSV).next()).error();

        assertThat(jsonl.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(jsonl.message()).isEqualTo("stream 'orders' page 1: the body line 2 (byte 47) holds bytes that are not valid UTF-8;"
                + " the answer declares no charset, so it is read as UTF-8");
        assertThat(csv.message()).isEqualTo("stream 'orders' page 1: the body line 3 (byte 5) holds bytes that are not valid windows-1252;"
                + " as its Content-Type declares (text/csv; charset=windows-1252)");
    }

    @Test
    void aCsvRowWithTheWrongColumnCountFailsNamingTheLine() {
        serve("/orders.csv", "text/csv", "id,customer,total\n1,Acme,9.50\n2,Globex\n");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders.csv", null, StreamSpec.Format.CSV).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: line 3: expected 3 columns as in the header row but found 2");
    }

    @Test
    void aCsvHeaderRowWithARepeatedColumnIsRejected() {
        serve("/orders.csv", "text/csv", "id,total,id\n1,2,3\n");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders.csv", null, StreamSpec.Format.CSV).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: line 1: column name 'id' appears twice in the header row");
    }

    @Test
    void anEmptyCsvBodyIsRejectedForItsMissingHeaderRow() {
        serve("/orders.csv", "text/csv", "");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders.csv", null, StreamSpec.Format.CSV).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: the CSV body is empty; expected a header row naming the columns");
    }

    @Test
    void xmlRecordsAreTheRepeatedElementsAtTheRecordsPathWithAttributesAsFields() {
        serve("/orders.xml", "application/xml", """
                <response><orders>
                  <order id="1"><customer>Acme</customer><total>9.50</total></order>
                  <order id="2"><customer>Globex</customer><total>3</total></order>
                </orders><next>abc</next></response>""");

        var page = read("/orders.xml", "orders.order", StreamSpec.Format.XML).next();

        assertThat(texts(page.records())).containsExactly("{\"id\":\"1\",\"customer\":\"Acme\",\"total\":\"9.50\"}",
                "{\"id\":\"2\",\"customer\":\"Globex\",\"total\":\"3\"}");
        assertThat(page.raw().path("next").asText()).isEqualTo("abc");
    }

    @Test
    void aSingleXmlElementIsOneRecordAndAnEmptyListIsNone() {
        serve("/one.xml", "application/xml", "<response><orders><order id=\"7\"><total>1</total></order></orders></response>");
        serve("/none.xml", "application/xml", "<response><orders/></response>");

        assertThat(texts(read("/one.xml", "orders.order", StreamSpec.Format.XML).next().records()))
                .containsExactly("{\"id\":\"7\",\"total\":\"1\"}");
        assertThat(read("/none.xml", "orders.order", StreamSpec.Format.XML).next().records()).isEmpty();
    }

    @Test
    void anXmlRecordsPathThatLeadsNowhereIsReported() {
        serve("/orders.xml", "application/xml", "<response><orders><order id=\"7\"/></orders></response>");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders.xml", "ordres.order", StreamSpec.Format.XML).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: expected an array of records at 'ordres.order' but found nothing; "
                + "check the stream's records path");
    }

    @Test
    void invalidXmlFailsWithTheLineAndColumn() {
        serve("/orders.xml", "application/xml", "<response>\n<orders><order></orders>\n</response>");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders.xml", "orders.order", StreamSpec.Format.XML).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: the response is not XML (line 2, column 24: "
                + "Unexpected close tag </orders>; expected </order>.)");
    }

    @Test
    void anXmlBodyCannotPullInExternalEntities() {
        serve("/orders.xml", "application/xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<response><orders><order id=\"1\"><note>&x;</note></order></orders></response>");

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders.xml", "orders.order", StreamSpec.Format.XML).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: the response is not XML (line 3, column 42: Undeclared general entity \"x\")");
    }

    @Test
    void aGzipEncodedJsonBodyIsDecompressed() throws IOException {
        server.stubFor(get(urlPathEqualTo("/api/orders")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("Content-Encoding", "gzip").withBody(gzip("{\"data\":[{\"id\":1},{\"id\":2}]}"))));

        var page = read("/orders", "data", StreamSpec.Format.JSON).next();

        assertThat(texts(page.records())).containsExactly("{\"id\":1}", "{\"id\":2}");
    }

    @Test
    void aGzDownloadOfCsvIsDecompressedAndParsed() throws IOException {
        server.stubFor(get(urlPathEqualTo("/api/export/orders.csv.gz")).willReturn(aResponse()
                .withHeader("Content-Type", "application/octet-stream").withBody(gzip("id,total\n1,9.50\n"))));

        var page = read("/export/orders.csv.gz", null, StreamSpec.Format.CSV).next();

        assertThat(texts(page.records())).containsExactly("{\"id\":\"1\",\"total\":\"9.50\"}");
    }

    @Test
    void aBodyMarkedGzipThatIsNotFailsClearly() {
        server.stubFor(get(urlPathEqualTo("/api/orders")).willReturn(aResponse().withHeader("Content-Encoding", "gzip")
                .withBody("{\"data\":[]}")));

        var error = catchThrowableOfType(ApiException.class, () -> read("/orders", "data", StreamSpec.Format.JSON).next()).error();

        assertThat(error.message()).isEqualTo("stream 'orders' page 1: the body is marked gzip (Content-Encoding: gzip) "
                + "but cannot be decompressed (Not in GZIP format)");
    }

    @Test
    void aGzipBodyThatDecompressesBeyondTheCapStopsNamingStreamAndPage() throws IOException {
        byte[] bomb = gzip("{\"data\":[" + " ".repeat(1024 * 1024) + "]}"); // 1 MB of blanks: about 1 KB compressed
        server.stubFor(get(urlPathEqualTo("/api/orders")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("Content-Encoding", "gzip").withBody(bomb)));
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("capped.yaml", """
                kind: Connector
                name: capped
                baseUrl: %s/api
                maxDecompressedSize: 64KB
                streams:
                  orders: { request: { path: /orders }, records: data, primaryKey: id }
                ---
                kind: Connection
                name: capped
                connector: capped
                """.formatted(server.baseUrl()))));
        assertThat(loaded.problems()).isEmpty();
        var client = ConnectionClient.create(loaded.connectors().get("capped"), loaded.connections().get("capped"),
                new EnvSecretResolver(Map.<String, String>of()::get), PipelineOptions.builder().build());
        clients.add(client);

        var error = catchThrowableOfType(ApiException.class,
                () -> client.readStream("orders", ReadOptions.full(CallContext.of("capped"))).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).isEqualTo("stream 'orders' page 1: the gzip body (Content-Encoding: gzip) decompresses to more than 64 KB ("
                + bomb.length + " bytes compressed); stopped reading it. If the API really sends bodies this large, raise maxDecompressedSize on the connector");
    }

    @Test
    void aMaxDecompressedSizeThatIsNotASizeIsALoadError() {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("capped.yaml", """
                kind: Connector
                name: capped
                baseUrl: http://127.0.0.1/api
                maxDecompressedSize: lots
                """)));

        assertThat(loaded.problems()).extracting(Object::toString).containsExactly(
                "capped.yaml:4:22 maxDecompressedSize: expected a positive size such as 512MB, 64KB or 1GB, found 'lots'");
    }

    @Test
    void jsonlPagesFollowLinkHeaderPagination() {
        server.stubFor(get(urlPathEqualTo("/api/events")).willReturn(aResponse().withBody("{\"id\":1}\n")
                .withHeader("Link", "<" + server.baseUrl() + "/api/events/2>; rel=\"next\"")));
        server.stubFor(get(urlPathEqualTo("/api/events/2")).willReturn(aResponse().withBody("{\"id\":2}\n{\"id\":3}\n")));

        var reader = read("/events", null, StreamSpec.Format.JSONL, new PaginationSpec.Link());
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("id").asText())));

        assertThat(ids).containsExactly("1", "2", "3");
    }
}
