package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream's {@code format}: json by default, jsonl, csv or xml, and records paths that fit it. */
class SpecLoaderStreamFormatTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String streams) {
        return loader.loadTexts(List.of(new SourceText("exports.yaml", """
                kind: Connector
                name: exports
                baseUrl: https://exports.example.com
                streams:
                """ + streams)));
    }

    @Test
    void readsEachFormatAndDefaultsToJson() {
        LoadResult result = load("""
                  plain: { request: { path: /a }, records: $.data, primaryKey: id }
                  events: { request: { path: /events.jsonl }, format: jsonl, primaryKey: id }
                  orders: { request: { path: /orders.csv.gz }, format: csv, records: $, primaryKey: id }
                  invoices: { request: { path: /invoices.xml }, format: xml, records: invoices.invoice, primaryKey: id }
                """);

        assertThat(result.problems()).isEmpty();
        var streams = result.connectors().get("exports").streams();
        assertThat(streams.get("plain").format()).isEqualTo(StreamSpec.Format.JSON);
        assertThat(streams.get("events").format()).isEqualTo(StreamSpec.Format.JSONL);
        assertThat(streams.get("orders").format()).isEqualTo(StreamSpec.Format.CSV);
        assertThat(streams.get("invoices").format()).isEqualTo(StreamSpec.Format.XML);
        assertThat(streams.get("invoices").records()).isEqualTo("invoices.invoice");
        assertThat(streams.get("events").records()).isEqualTo("$");
    }

    @Test
    void reportsAnUnknownFormatAndARecordsPathIntoCsvRows() {
        LoadResult result = load("""
                  a: { request: { path: /a }, records: $, primaryKey: id, format: yaml }
                  b: { request: { path: /b.csv }, format: csv, records: $.rows, primaryKey: id }
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "exports.yaml:5:67 streams.a.format: 'yaml' is not one of json, jsonl, csv, tsv, xml",
                "exports.yaml:6:57 streams.b.records: a csv page is the list of its rows, so records must be '$' (or left out), not '$.rows'");
    }
}
