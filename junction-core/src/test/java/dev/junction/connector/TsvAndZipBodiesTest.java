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
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Report and export bodies as APIs send them: tab-separated flat files (Amazon's Selling Partner reports, Apple's sales
 * reports) and zip archives of CSV files (Microsoft Advertising's reports, HubSpot's exports), read from WireMock.
 */
class TsvAndZipBodiesTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String stream) {
        return new SpecLoader().loadTexts(List.of(new SourceText("reports.yaml", """
                kind: Connector
                name: reports
                baseUrl: %s
                maxDecompressedSize: 64KB
                streams:
                  report:
                %s
                ---
                kind: Connection
                name: reports
                connector: reports
                """.formatted(server.baseUrl(), stream.indent(4)))));
    }

    private List<String> records(String stream) {
        LoadResult loaded = load(stream);
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("reports"), loaded.connections().get("reports"),
                new EnvSecretResolver(Map.<String, String>of()::get), PipelineOptions.builder().build());
        clients.add(client);
        List<String> records = new ArrayList<>();
        client.readStream("report", ReadOptions.full(CallContext.of("reports"))).forEachRemaining(page -> page.records().stream()
                .map(JsonNode::toString).forEach(records::add));
        return records;
    }

    private ApiError failure(String stream) {
        return catchThrowableOfType(ApiException.class, () -> records(stream)).error();
    }

    private static void serve(String path, String type, byte[] body) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", type).withBody(body)));
    }

    private static byte[] zip(String... namesAndTexts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndTexts[i]));
                if (!namesAndTexts[i].endsWith("/")) {
                    zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aTabSeparatedReportGivesOneRecordPerRowAndTakesQuotesAsText() {
        serve("/reports/listings.txt", "text/tab-separated-values", ("seller-sku\titem-name\tprice\tquantity\n"
                + "HAT-1\tWool hat, \"classic\"\t19.50\t4\n" + "TV-55\t55\" screen\t499.00\t\n").getBytes(StandardCharsets.UTF_8));

        assertThat(records("""
                request: { path: /reports/listings.txt }
                format: tsv
                primaryKey: seller-sku
                """)).containsExactly(
                "{\"seller-sku\":\"HAT-1\",\"item-name\":\"Wool hat, \\\"classic\\\"\",\"price\":\"19.50\",\"quantity\":\"4\"}",
                "{\"seller-sku\":\"TV-55\",\"item-name\":\"55\\\" screen\",\"price\":\"499.00\",\"quantity\":\"\"}");
    }

    @Test
    void aTsvRowWithAColumnTooManyNamesItsLine() {
        serve("/reports/listings.txt", "text/tab-separated-values", "sku\tprice\nA\t1\nB\t2\textra\n".getBytes(StandardCharsets.UTF_8));

        ApiError error = failure("""
                request: { path: /reports/listings.txt }
                format: tsv
                primaryKey: sku
                """);

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).isEqualTo("stream 'report' page 1: line 3: expected 2 columns as in the header row but found 3");
    }

    @Test
    void aZipArchiveOfCsvFilesGivesEveryFilesRowsInOrderSkippingFoldersAndMacOsCopies() throws IOException {
        serve("/reports/download", "application/zip", zip("report/", "", "report/part-1.csv", "AccountId,Clicks\n1,10\n2,20\n",
                "__MACOSX/report/._part-1.csv", "\0\5binary", "report/.hidden", "x", "report/part-2.csv", "AccountId,Clicks\n3,30\n"));

        assertThat(records("""
                request: { path: /reports/download }
                format: csv
                primaryKey: AccountId
                """)).containsExactly("{\"AccountId\":\"1\",\"Clicks\":\"10\"}", "{\"AccountId\":\"2\",\"Clicks\":\"20\"}",
                "{\"AccountId\":\"3\",\"Clicks\":\"30\"}");
    }

    @Test
    void aBadRowInAnArchiveNamesTheFileAndTheLine() throws IOException {
        serve("/reports/download", "application/octet-stream", zip("part-1.csv", "id,total\n1,2\n", "part-2.csv", "id,total\n3\n"));

        ApiError error = failure("""
                request: { path: /reports/download }
                format: csv
                primaryKey: id
                """);

        assertThat(error.message()).isEqualTo("stream 'report' page 1: the zip archive's file part-2.csv: line 2: expected 2 columns as in the"
                + " header row but found 1");
    }

    @Test
    void aJsonStreamReadsAnArchiveOfOneDocumentAndRefusesOneOfSeveral() throws IOException {
        serve("/one.zip", "application/zip", zip("data.json", "{\"items\": [{\"id\": 1}, {\"id\": 2}]}"));
        serve("/two.zip", "application/zip", zip("a.json", "{\"items\": []}", "b.json", "{\"items\": []}"));

        assertThat(records("""
                request: { path: /one.zip }
                records: $.items
                primaryKey: id
                """)).containsExactly("{\"id\":1}", "{\"id\":2}");
        assertThat(failure("""
                request: { path: /two.zip }
                records: $.items
                primaryKey: id
                """).message()).isEqualTo("stream 'report' page 1: the zip archive holds more than one file (a.json, b.json); a json stream reads"
                + " one document from it: ask the API for one file, or read rows (csv, tsv, jsonl)");
    }

    @Test
    void anArchiveThatDecompressesBeyondTheCapStops() throws IOException {
        byte[] bomb = zip("big.csv", "id\n" + "1\n".repeat(64 * 1024)); // 128 KB of rows, a few hundred bytes zipped
        serve("/big.zip", "application/zip", bomb);

        assertThat(failure("""
                request: { path: /big.zip }
                format: csv
                primaryKey: id
                """).message()).isEqualTo("stream 'report' page 1: the zip archive decompresses to more than 64 KB (" + bomb.length
                + " bytes compressed); stopped reading it. If the API really sends bodies this large, raise maxDecompressedSize on the connector");
    }

    @Test
    void aGzipCsvBeyondTheCapSaysSoRatherThanCallingTheCsvInvalid() throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write(("id\n" + "1\n".repeat(64 * 1024)).getBytes(StandardCharsets.UTF_8));
        }
        serve("/big.csv.gz", "application/gzip", gzipped.toByteArray());

        assertThat(failure("""
                request: { path: /big.csv.gz }
                format: csv
                primaryKey: id
                """).message()).isEqualTo("stream 'report' page 1: the gzip body decompresses to more than 64 KB (" + gzipped.size()
                + " bytes compressed); stopped reading it. If the API really sends bodies this large, raise maxDecompressedSize on the connector");
    }

    @Test
    void aTsvStreamsRecordsAreItsRows() {
        assertThat(load("""
                request: { path: /reports/listings.txt }
                format: tsv
                records: $.rows
                primaryKey: sku
                """).problems()).extracting(SpecProblem::message)
                .containsExactly("a tsv page is the list of its rows, so records must be '$' (or left out), not '$.rows'");
    }
}
