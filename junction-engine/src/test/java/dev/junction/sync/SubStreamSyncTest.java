package dev.junction.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.store.CheckpointRepository.PartitionState;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sub-streams against WireMock: companies (two pages) each with their contacts (paginated per
 * company), into the sandbox Helpdesk. Each company is a partition with its own checkpoint.
 */
class SubStreamSyncTest {
    @RegisterExtension
    static final WireMockExtension source = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final PartitionSyncs syncs = new PartitionSyncs(source.baseUrl());

    private static final String STREAMS = """
            companies:
              request: { path: /companies }
              records: "$.data"
              primaryKey: id
              pagination: { type: cursor, nextPath: "$.next", param: after }
            contacts:
              request: { path: "/companies/{{ parent.id }}/contacts", query: { region: "{{ parent.address.region }}" } }
              records: "$.data"
              primaryKey: id
              pagination: { type: cursor, nextPath: "$.next", param: after }
              incremental: { cursorField: updatedAt, param: updatedSince }
              parent: { stream: companies, key: id, as: company_id }
            """;
    private static final String CONNECTOR = PartitionSyncs.connector(STREAMS);
    /** One page of companies, as the top of the streams of a test. */
    private static final String PLAIN_COMPANIES = """
            companies:
              request: { path: /companies }
              records: "$.data"
              primaryKey: id
            """;

    @AfterEach
    void close() {
        syncs.close();
    }

    private static String contact(String company, int n, String updatedAt) {
        return "{\"id\": \"%s-u%d\", \"email\": \"u%d@%s.example\", \"name\": \"User %d\", \"updatedAt\": \"%s\"}".formatted(company, n, n, company, n, updatedAt);
    }

    private static String page(String next, String... records) {
        return "{\"data\": [" + String.join(", ", records) + "]" + (next == null ? "" : ", \"next\": \"" + next + "\"") + "}";
    }

    private static MappingBuilder contacts(String company, String after) {
        return get(urlPathEqualTo("/companies/" + company + "/contacts")).withQueryParam("after", after == null ? absent() : equalTo(after));
    }

    /** co-1: 2 pages (3 contacts), co-2: 2 pages (3), co-3: 1 page (1); companies come in two pages. */
    private void stubSource(boolean co2SecondPageFails) {
        String company = "{\"id\": \"%s\", \"address\": {\"region\": \"%s\"}}";
        source.stubFor(get(urlPathEqualTo("/companies")).withQueryParam("after", absent())
                .willReturn(okJson(page("cp2", company.formatted("co-1", "eu"), company.formatted("co-2", "us")))));
        source.stubFor(get(urlPathEqualTo("/companies")).withQueryParam("after", equalTo("cp2"))
                .willReturn(okJson(page(null, company.formatted("co-3", "eu")))));
        source.stubFor(contacts("co-1", null).willReturn(okJson(page("n2", contact("co-1", 1, "2026-01-01T10:00:00Z"), contact("co-1", 2, "2026-01-01T11:00:00Z")))));
        source.stubFor(contacts("co-1", "n2").willReturn(okJson(page(null, contact("co-1", 3, "2026-01-01T09:00:00Z")))));
        source.stubFor(contacts("co-2", null).willReturn(okJson(page("n2", contact("co-2", 1, "2026-01-02T10:00:00Z"), contact("co-2", 2, "2026-01-02T08:00:00Z")))));
        source.stubFor(contacts("co-2", "n2").willReturn(co2SecondPageFails
                ? aResponse().withStatus(400).withBody("{\"error\": \"bad cursor\"}")
                : okJson(page(null, contact("co-2", 3, "2026-01-02T12:00:00Z")))));
        source.stubFor(contacts("co-3", null).willReturn(okJson(page(null, contact("co-3", 1, "2026-01-03T10:00:00Z")))));
    }

    @Test
    void readsEveryPageOfTheChildForEveryParentAcrossTheParentsPagesWithTheParentKeyAttached() {
        stubSource(false);

        RunRecord run = syncs.run(CONNECTOR, PartitionSyncs.sync("contacts", "full", "profile.company: company_id"));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().read()).isEqualTo(7);
        assertThat(run.counters().inserted()).isEqualTo(7);
        for (String id : List.of("co-1-u1", "co-1-u2", "co-1-u3", "co-2-u1", "co-2-u2", "co-2-u3", "co-3-u1")) {
            assertThat(syncs.sandbox.helpdesk().userByExternalId(id)).map(HelpdeskUser::profile)
                    .hasValueSatisfying(profile -> assertThat(profile).containsEntry("company", id.substring(0, 4)));
        }
        // the parent's fields, nested ones included, went into the child's request
        source.verify(1, getRequestedFor(urlPathEqualTo("/companies/co-2/contacts")).withQueryParam("region", equalTo("us"))
                .withQueryParam("after", absent()));
        source.verify(1, getRequestedFor(urlPathEqualTo("/companies/co-3/contacts")).withQueryParam("region", equalTo("eu")));
        // a full run keeps no partition checkpoints
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "contacts")).isEmpty();
    }

    @Test
    void aFailedRunKeepsTheCheckpointOfEachParentReadToItsEndAndTheNextRunReadsAParentReadPartwayAgainFromItsStart() {
        stubSource(true);
        String sync = PartitionSyncs.sync("contacts", "incremental", "");

        RunRecord failed = syncs.run(CONNECTOR, sync);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("400");
        // co-1 was read to its end, co-2 up to the page before the failure, co-3 not at all. The contacts are not sorted by
        // updatedAt (co-2's first page has 10:00 then 08:00): a checkpoint of 10:00 for co-2 would skip an unread contact
        // of 09:00 on its second page, so only co-1 has one
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "contacts")).containsExactly(
                new PartitionState("parent:co-1", "2026-01-01T11:00:00Z", false));
        assertThat(syncs.store.checkpoints().find(PartitionSyncs.SYNC, "contacts", "")).isEmpty();

        source.resetAll();
        stubSource(false);
        RunRecord resumed = syncs.run(CONNECTOR, sync);

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        source.verify(getRequestedFor(urlPathEqualTo("/companies/co-1/contacts")).withQueryParam("updatedSince", equalTo("2026-01-01T11:00:00Z")));
        source.verify(getRequestedFor(urlPathEqualTo("/companies/co-2/contacts")).withQueryParam("updatedSince", absent()));
        source.verify(getRequestedFor(urlPathEqualTo("/companies/co-3/contacts")).withQueryParam("updatedSince", absent()));
        // the records written by the failed run come back unchanged; the rest are new
        assertThat(resumed.counters().unchanged()).isEqualTo(5);
        assertThat(resumed.counters().inserted()).isEqualTo(2);
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(7);
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "contacts")).containsExactly(
                new PartitionState("parent:co-1", "2026-01-01T11:00:00Z", false),
                new PartitionState("parent:co-2", "2026-01-02T12:00:00Z", false),
                new PartitionState("parent:co-3", "2026-01-03T10:00:00Z", false));
    }

    @Test
    void aJsonBodyBuiltWithJsonataSeesTheParentRecordTypedAsParent() {
        String connector = PartitionSyncs.connector(PLAIN_COMPANIES + """
                search:
                  request: { method: POST, path: /contacts/search, body: "{ 'companyId': $parent.id, 'seats': $parent.seats, 'region': $parent.address.region, 'after': $cursor }" }
                  records: "$.data"
                  primaryKey: id
                  pagination: { type: cursor, nextPath: "$.next", in: body }
                  parent: { stream: companies, key: id, as: company_id }
                """);
        source.stubFor(get(urlPathEqualTo("/companies")).willReturn(okJson(page(null,
                "{\"id\": \"co-1\", \"seats\": 5, \"address\": {\"region\": \"eu\"}}",
                "{\"id\": \"co-2\", \"seats\": 12, \"address\": {\"region\": \"us\"}}"))));
        source.stubFor(post(urlPathEqualTo("/contacts/search")).withRequestBody(equalToJson("{\"companyId\": \"co-1\", \"seats\": 5, \"region\": \"eu\"}"))
                .willReturn(okJson(page("n2", contact("co-1", 1, "2026-01-01T10:00:00Z")))));
        source.stubFor(post(urlPathEqualTo("/contacts/search"))
                .withRequestBody(equalToJson("{\"companyId\": \"co-1\", \"seats\": 5, \"region\": \"eu\", \"after\": \"n2\"}"))
                .willReturn(okJson(page(null, contact("co-1", 2, "2026-01-01T11:00:00Z")))));
        source.stubFor(post(urlPathEqualTo("/contacts/search")).withRequestBody(equalToJson("{\"companyId\": \"co-2\", \"seats\": 12, \"region\": \"us\"}"))
                .willReturn(okJson(page(null, contact("co-2", 1, "2026-01-02T10:00:00Z")))));

        RunRecord run = syncs.run(connector, PartitionSyncs.sync("search", "full", "profile.company: company_id"));

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().inserted()).isEqualTo(3);
        assertThat(syncs.sandbox.helpdesk().userByExternalId("co-1-u2")).map(HelpdeskUser::profile)
                .hasValueSatisfying(profile -> assertThat(profile).containsEntry("company", "co-1"));
        source.verify(3, postRequestedFor(urlPathEqualTo("/contacts/search")));
    }

    @Test
    void aSubStreamOfASubStreamReadsEachGrandparentsParentsAndKeepsACheckpointPerParentUnderItsGrandparent() {
        String connector = PartitionSyncs.connector(PLAIN_COMPANIES + """
                departments:
                  request: { path: "/companies/{{ parent.id }}/departments" }
                  records: "$.data"
                  primaryKey: id
                  parent: { stream: companies, key: id, as: company_id }
                employees:
                  request: { path: "/companies/{{ parent.company_id }}/departments/{{ parent.id }}/employees" }
                  records: "$.data"
                  primaryKey: id
                  incremental: { cursorField: updatedAt, param: updatedSince }
                  parent: { stream: departments, key: id, as: department_id }
                """);
        source.stubFor(get(urlPathEqualTo("/companies")).willReturn(okJson(page(null, "{\"id\": \"co-1\"}", "{\"id\": \"co-2\"}"))));
        // department ids repeat across companies: a partition is named by both keys
        source.stubFor(get(urlPathEqualTo("/companies/co-1/departments")).willReturn(okJson(page(null, "{\"id\": \"d1\"}", "{\"id\": \"d2\"}"))));
        source.stubFor(get(urlPathEqualTo("/companies/co-2/departments")).willReturn(okJson(page(null, "{\"id\": \"d1\"}"))));
        source.stubFor(get(urlPathEqualTo("/companies/co-1/departments/d1/employees")).willReturn(okJson(page(null,
                contact("co-1-d1", 1, "2026-01-01T10:00:00Z"), contact("co-1-d1", 2, "2026-01-01T11:00:00Z")))));
        source.stubFor(get(urlPathEqualTo("/companies/co-1/departments/d2/employees"))
                .willReturn(okJson(page(null, contact("co-1-d2", 1, "2026-01-02T10:00:00Z")))));
        source.stubFor(get(urlPathEqualTo("/companies/co-2/departments/d1/employees"))
                .willReturn(okJson(page(null, contact("co-2-d1", 1, "2026-01-03T10:00:00Z")))));
        String sync = PartitionSyncs.sync("employees", "incremental", "profile.department: department_id");

        RunRecord first = syncs.run(connector, sync);

        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.counters().inserted()).isEqualTo(4);
        assertThat(syncs.sandbox.helpdesk().userByExternalId("co-2-d1-u1")).map(HelpdeskUser::profile)
                .hasValueSatisfying(profile -> assertThat(profile).containsEntry("department", "d1"));
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "employees"))
                .extracting(PartitionState::partition, PartitionState::value).containsExactlyInAnyOrder(
                        tuple("parent:co-1/d1", "2026-01-01T11:00:00Z"),
                        tuple("parent:co-1/d2", "2026-01-02T10:00:00Z"),
                        tuple("parent:co-2/d1", "2026-01-03T10:00:00Z"));

        RunRecord second = syncs.run(connector, sync);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters().unchanged()).isEqualTo(4);
        source.verify(getRequestedFor(urlPathEqualTo("/companies/co-1/departments/d1/employees"))
                .withQueryParam("updatedSince", equalTo("2026-01-01T11:00:00Z")));
        source.verify(getRequestedFor(urlPathEqualTo("/companies/co-2/departments/d1/employees"))
                .withQueryParam("updatedSince", equalTo("2026-01-03T10:00:00Z")));
    }
}
