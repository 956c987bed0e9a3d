package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.internal.Lookback;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The checkpoint written in the API's notation of a time ({@code incremental.format}) and sent in a header
 * ({@code in: header}), as Zendesk's incremental exports (epoch seconds), Xero ({@code If-Modified-Since}) and
 * Pipedrive ({@code yyyy-MM-dd HH:mm:ss}) want it, against WireMock; and a lookback on epoch checkpoints.
 */
class IncrementalCheckpointFormatTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String incremental) {
        return new SpecLoader().loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                baseUrl: %s
                streams:
                  tickets:
                    request: { path: /tickets }
                    records: $.tickets
                    primaryKey: id
                    incremental: %s
                    pagination: { type: cursor, nextPath: $.after_cursor, param: cursor }
                ---
                kind: Connection
                name: api
                connector: api
                """.formatted(api.baseUrl(), incremental))));
    }

    private void read(String incremental, String checkpoint) {
        LoadResult loaded = load(incremental);
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("api"), loaded.connections().get("api"),
                new EnvSecretResolver(Map.<String, String>of()::get), PipelineOptions.builder().build());
        clients.add(client);
        client.readStream("tickets", new ReadOptions(checkpoint, CallContext.of("api"))).forEachRemaining(page -> { });
    }

    private static void pages() {
        api.stubFor(get(urlPathEqualTo("/tickets")).withQueryParam("cursor", absent())
                .willReturn(okJson("{\"tickets\": [{\"id\": 1, \"updated_at\": \"2026-12-02T08:00:00Z\"}], \"after_cursor\": \"c2\"}")));
        api.stubFor(get(urlPathEqualTo("/tickets")).withQueryParam("cursor", equalTo("c2"))
                .willReturn(okJson("{\"tickets\": [{\"id\": 2, \"updated_at\": \"2026-12-02T09:00:00Z\"}], \"after_cursor\": null}")));
    }

    @Test
    void anIsoCheckpointGoesAsEpochSecondsWhereTheApiCountsSeconds() {
        pages();

        read("{ cursorField: updated_at, param: start_time, format: epochSeconds }", "2026-12-01T10:00:00Z");

        api.verify(2, getRequestedFor(urlPathEqualTo("/tickets")).withQueryParam("start_time", equalTo("1796119200")));
    }

    @Test
    void theCheckpointGoesInAHeaderAsAnHttpDateOnEveryPage() {
        pages();

        read("{ cursorField: updated_at, param: If-Modified-Since, in: header, format: rfc1123 }", "2026-12-01T10:00:00Z");

        api.verify(2, getRequestedFor(urlPathEqualTo("/tickets")).withHeader("If-Modified-Since", equalTo("Tue, 01 Dec 2026 10:00:00 GMT"))
                .withQueryParam("If-Modified-Since", absent()));
    }

    @Test
    void aPatternWritesTheCheckpointInUtcAndAnEpochCheckpointIsReadAsATime() {
        pages();

        read("{ cursorField: update_time, param: since_timestamp, format: \"yyyy-MM-dd HH:mm:ss\" }", "2026-12-01T11:00:00+01:00");
        read("{ cursorField: updated, param: updated_since, format: iso }", "1796119200000");
        read("{ cursorField: updated, param: day, format: date }", "1796119200");

        api.verify(getRequestedFor(urlPathEqualTo("/tickets")).withQueryParam("since_timestamp", equalTo("2026-12-01 10:00:00")));
        api.verify(getRequestedFor(urlPathEqualTo("/tickets")).withQueryParam("updated_since", equalTo("2026-12-01T10:00:00Z")));
        api.verify(getRequestedFor(urlPathEqualTo("/tickets")).withQueryParam("day", equalTo("2026-12-01")));
    }

    @Test
    void withoutAFormatTheCheckpointGoesAsItIs() {
        pages();

        read("{ cursorField: updated_at, param: updated_since }", "2026-12-01T11:00:00+01:00");

        api.verify(2, getRequestedFor(urlPathEqualTo("/tickets")).withQueryParam("updated_since", equalTo("2026-12-01T11:00:00+01:00")));
    }

    @Test
    void aCheckpointThatIsNotATimeStopsTheReadSayingWhy() {
        ConnectorException error = catchThrowableOfType(ConnectorException.class,
                () -> read("{ cursorField: version, param: start_time, format: epochSeconds }", "v-17"));

        assertThat(error).hasMessage("stream 'tickets': the checkpoint 'v-17' is not a time (an ISO-8601 date-time or date, or epoch seconds or"
                + " milliseconds), so it cannot be written as epochSeconds (incremental.format); the records' cursorField must hold times for that"
                + " format, or remove it to send the checkpoint as it is");
        api.verify(0, getRequestedFor(urlPathEqualTo("/tickets")));
    }

    @Test
    void aFormatThatIsNoneOfTheNamesNorAPatternAndAHeaderWithoutANameAreLoadErrors() {
        assertThat(load("{ cursorField: updated_at, param: start_time, format: \"123\" }").problems()).extracting(SpecProblem::message)
                .containsExactly("expected one of epochSeconds, epochMillis, iso, date, rfc1123, or a date-time pattern such as"
                        + " 'yyyy-MM-dd HH:mm:ss', found '123'");
        assertThat(load("{ cursorField: updated_at, param: start_time, format: \"yyyy-MM-dd {\" }").problems()).extracting(SpecProblem::message)
                .singleElement().asString().startsWith("'yyyy-MM-dd {' is not a date-time pattern (");
        assertThat(load("{ cursorField: updated_at, in: header }").problems()).extracting(SpecProblem::message)
                .containsExactly("in: header sends the checkpoint in the header that param names; add param, such as param: If-Modified-Since");
    }

    private static LoadResult soql(String incremental) {
        return new SpecLoader().loadTexts(List.of(new SourceText("sf.yaml", """
                kind: Connector
                name: sf
                baseUrl: %s
                streams:
                  accounts:
                    request:
                      path: /services/data/v62.0/query
                      query: { q: "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > {{ since }} ORDER BY SystemModstamp" }
                    records: $.records
                    primaryKey: Id
                    incremental: %s
                    pagination: { type: next-url, nextPath: $.nextRecordsUrl }
                ---
                kind: Connection
                name: sf
                connector: sf
                """.formatted(api.baseUrl(), incremental))));
    }

    @Test
    void sinceInTheRequestsQueryIsTheCheckpointOrTheStartOnAFirstRun() {
        api.stubFor(get(urlPathEqualTo("/services/data/v62.0/query")).willReturn(okJson("{\"records\": [], \"done\": true}")));
        LoadResult loaded = soql("{ cursorField: SystemModstamp, start: \"2020-01-01T00:00:00Z\", format: iso, lookback: 1m }");
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("sf"), loaded.connections().get("sf"),
                new EnvSecretResolver(Map.<String, String>of()::get), PipelineOptions.builder().build());
        clients.add(client);

        client.readStream("accounts", ReadOptions.full(CallContext.of("sf"))).forEachRemaining(page -> { });
        // Salesforce writes SystemModstamp as 2026-12-01T10:00:00.000+0000; SOQL wants an ISO literal
        client.readStream("accounts", new ReadOptions("2026-12-01T10:00:00.000+0000", CallContext.of("sf"))).forEachRemaining(page -> { });

        api.verify(getRequestedFor(urlPathEqualTo("/services/data/v62.0/query")).withQueryParam("q",
                equalTo("SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > 2020-01-01T00:00:00Z ORDER BY SystemModstamp")));
        api.verify(getRequestedFor(urlPathEqualTo("/services/data/v62.0/query")).withQueryParam("q",
                equalTo("SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > 2026-12-01T10:00:00Z ORDER BY SystemModstamp")));
    }

    @Test
    void sinceInTheRequestNeedsAStartAndAStartNeedsSinceInTheRequest() {
        assertThat(soql("{ cursorField: SystemModstamp }").problems()).extracting(SpecProblem::message).containsExactly("missing required key"
                + " 'start' (the request names {{ since }}, which a first run and a full read have no checkpoint for: the time to read from then,"
                + " such as start: 2020-01-01T00:00:00Z)");
        assertThat(soql("{ cursorField: SystemModstamp, start: yesterday, format: iso }").problems()).extracting(SpecProblem::message)
                .containsExactly("expected a time that format iso can write, such as 2020-01-01T00:00:00Z, found 'yesterday'");
        assertThat(load("{ cursorField: updated_at, param: since, start: \"2020-01-01\" }").problems()).extracting(SpecProblem::message)
                .containsExactly("start is what {{ since }} in the request is before there is a checkpoint, and the request names no {{ since }};"
                        + " remove start, or name {{ since }} in the request's path, query or headers");
    }

    @Test
    void aLookbackMovesAnEpochCheckpointBackInItsOwnUnit() {
        assertThat(Lookback.apply("1796119200", Duration.ofMinutes(10))).isEqualTo("1796118600");
        assertThat(Lookback.apply("1796119200000", Duration.ofMinutes(10))).isEqualTo("1796118600000");
        assertThat(Lookback.apply("1796119200.000200", Duration.ofSeconds(90))).isEqualTo("1796119110.000200");
        assertThat(Lookback.apply("2026-12-01T10:00:00Z", Duration.ofMinutes(10))).isEqualTo("2026-12-01T09:50:00Z");
        // a small number is a sequence, not a time: left alone
        assertThat(Lookback.apply("12345", Duration.ofMinutes(10))).isEqualTo("12345");
    }
}
