package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stream's single-record request, {@code get:}: how it reads, its defaults, and what it refuses. */
class SpecLoaderGetTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String streams) {
        return loader.loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                config: { region: { type: string, default: eu } }
                secrets: { token: { description: "API token" } }
                baseUrl: https://api.example.com
                streams:
                """ + streams)));
    }

    private static List<String> problems(LoadResult result) {
        return result.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void readsAGetWithItsDefaults() {
        LoadResult result = load("""
                  contacts:
                    request: { path: /contacts }
                    records: $.results
                    primaryKey: id
                    get: { path: "/contacts/{{ id }}" }
                """);

        assertThat(problems(result)).isEmpty();
        StreamSpec contacts = result.connectors().get("api").streams().get("contacts");
        assertThat(contacts.get()).isEqualTo(new StreamSpec.GetSpec(new RequestSpec("GET", "/contacts/{{ id }}", Map.of(), Map.of(), null)));
        assertThat(contacts.get().record()).isNull();
        assertThat(contacts.get().notFound()).containsExactly(404, 410);
        assertThat(contacts.get().gone()).isNull();
    }

    @Test
    void readsAGoneFieldComparedAsText() {
        LoadResult result = load("""
                  customers:
                    request: { path: /v1/customers }
                    records: $.data
                    primaryKey: id
                    get:
                      path: "/v1/customers/{{ id }}"
                      gone: { path: $.deleted, equals: true }
                  tickets:
                    request: { path: /tickets }
                    records: $.tickets
                    primaryKey: id
                    get: { path: "/tickets/{{ id }}", record: $.ticket, gone: { path: status, equals: "deleted" } }
                  accounts:
                    request: { path: /accounts }
                    records: $.records
                    primaryKey: Id
                    get: { path: "/accounts/{{ id }}", gone: { path: $.IsDeleted, equals: 1 } }
                  deals:
                    request: { path: /deals }
                    records: $.results
                    primaryKey: id
                    get: { path: "/deals/{{ id }}", gone: { path: $.status, equals: [deleted, archived] } }
                  projects:
                    request: { path: /projects }
                    records: $.data
                    primaryKey: id
                    get: { path: "/projects/{{ id }}", gone: { path: $.deleted_at, present: true } }
                """);

        assertThat(problems(result)).isEmpty();
        var streams = result.connectors().get("api").streams();
        assertThat(streams.get("customers").get().gone()).isEqualTo(new StreamSpec.GetSpec.Gone("$.deleted", "true"));
        assertThat(streams.get("customers").get().notFound()).containsExactly(404, 410);
        assertThat(streams.get("tickets").get().gone()).isEqualTo(new StreamSpec.GetSpec.Gone("status", "deleted"));
        assertThat(streams.get("accounts").get().gone()).isEqualTo(new StreamSpec.GetSpec.Gone("$.IsDeleted", "1"));
        assertThat(streams.get("deals").get().gone()).isEqualTo(StreamSpec.GetSpec.Gone.anyOf("$.status", java.util.List.of("deleted", "archived")));
        assertThat(streams.get("projects").get().gone()).isEqualTo(StreamSpec.GetSpec.Gone.whenPresent("$.deleted_at"));
    }

    @Test
    void reportsAGoneOfTheWrongShapeWithTheirPlaces() {
        LoadResult result = load("""
                  a:
                    request: { path: /a }
                    records: $
                    primaryKey: id
                    get: { path: "/a/{{ id }}", gone: $.deleted }
                  b:
                    request: { path: /b }
                    records: $
                    primaryKey: id
                    get:
                      path: "/b/{{ id }}"
                      gone: { path: "$.flags[oops", equals: [true, [1]], when: x }
                  c:
                    request: { path: /c }
                    records: $
                    primaryKey: id
                    get:
                      path: "/c/{{ id }}"
                      gone: {}
                  d:
                    request: { path: /d }
                    records: $
                    primaryKey: id
                    get: { path: "/d/{{ id }}", gone: { path: $.deleted, equals: } }
                  e:
                    request: { path: /e }
                    records: $
                    primaryKey: id
                    get: { path: "/e/{{ id }}", gone: { path: $.deleted_at, equals: x, present: true } }
                  f:
                    request: { path: /f }
                    records: $
                    primaryKey: id
                    get: { path: "/f/{{ id }}", gone: { path: $.deleted_at, equals: [] } }
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:11:39 streams.a.get.gone: expected { path: ..., equals: ... } or { path: ..., present: true }, the field of the found record saying it is gone,"
                        + " such as gone: { path: $.deleted, equals: true }, found '$.deleted'",
                "api.yaml:18:21 streams.b.get.gone.path: invalid JSON path '$.flags[oops': '[' at position 8 is never closed",
                "api.yaml:18:45 streams.b.get.gone.equals: expected a text, number or true/false (the value's text when the record is gone),"
                        + " or a list of them, found a list",
                "api.yaml:18:58 streams.b.get.gone.when: unknown key (allowed: path, equals, present)",
                "api.yaml:25:7 streams.c.get.gone: missing required key 'path'",
                "api.yaml:25:7 streams.c.get.gone: missing required key 'equals'",
                "api.yaml:30:65 streams.d.get.gone.equals: expected a text, number or true/false (the value's text when the record is gone),"
                        + " or a list of them, found nothing",
                "api.yaml:35:69 streams.e.get.gone.equals: give either equals (the values meaning gone) or present: true (any value means gone), not both",
                "api.yaml:40:69 streams.f.get.gone.equals: expected at least one value that means the record is gone, found an empty list");
    }

    @Test
    void readsEveryPartOfAGet() {
        LoadResult result = load("""
                  contacts:
                    request: { path: /contacts }
                    records: $.results
                    primaryKey: email
                    get:
                      method: post
                      path: /contacts/search
                      query: { region: "{{ config.region }}", by: "{{ key }}" }
                      headers: { X-Token: "{{ secrets.token }}", X-Contact: "{{ id }}" }
                      body: "{ 'email': $key }"
                      record: $.data.contact
                      notFound: [404, 422]
                  owners: { request: { path: /owners }, records: $, primaryKey: id }
                """);

        assertThat(problems(result)).isEmpty();
        var streams = result.connectors().get("api").streams();
        assertThat(streams.get("contacts").get()).isEqualTo(new StreamSpec.GetSpec(new RequestSpec("POST", "/contacts/search",
                Map.of("region", "{{ config.region }}", "by", "{{ key }}"), Map.of("X-Token", "{{ secrets.token }}", "X-Contact", "{{ id }}"), "{ 'email': $key }"),
                "$.data.contact", List.of(404, 422)));
        assertThat(streams.get("owners").get()).isNull();
    }

    @Test
    void reportsAnUnknownVariableABadRecordPathAndBadStatusesWithTheirPlaces() {
        LoadResult result = load("""
                  contacts:
                    request: { path: /contacts }
                    records: $.results
                    primaryKey: id
                    get:
                      path: "/contacts/{{ ID }}"
                      query: { region: "{{ config.regoin }}", id: "{{ id }}" }
                      record: "$.data[oops"
                      notFound: [404, gone, 200]
                      limit: 5
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:12:13 streams.contacts.get.path: unknown template variable 'ID'; did you mean 'id'? (known: id, key, config.region, secrets.token)",
                "api.yaml:13:24 streams.contacts.get.query.region: unknown template variable 'config.regoin'; did you mean 'config.region'?"
                        + " (known: id, key, config.region, secrets.token)",
                "api.yaml:14:15 streams.contacts.get.record: invalid JSON path '$.data[oops': '[' at position 7 is never closed",
                "api.yaml:15:23 streams.contacts.get.notFound[1]: expected an HTTP status code meaning the record is gone (201 to 599), such as"
                        + " notFound: [404, 410], found 'gone'",
                "api.yaml:15:29 streams.contacts.get.notFound[2]: expected an HTTP status code meaning the record is gone (201 to 599), such as"
                        + " notFound: [404, 410], found '200'",
                "api.yaml:16:7 streams.contacts.get.limit: unknown key (allowed: method, path, query, headers, body, record, notFound, gone)");
    }

    @Test
    void reportsAGetOfTheWrongShape() {
        LoadResult result = load("""
                  contacts:
                    request: { path: /contacts }
                    records: $.results
                    primaryKey: id
                    get: "/contacts/{{ id }}"
                  owners:
                    request: { path: /owners }
                    records: $
                    primaryKey: id
                    get: { method: FETCH, query: [1, 2], headers: { X-Id: "{{ ids }}" }, notFound: { status: 404 } }
                  companies:
                    request: { path: /companies }
                    records: $
                    primaryKey: id
                    get: { path: /companies/current }
                """);

        assertThat(problems(result)).containsExactly(
                "api.yaml:11:10 streams.contacts.get: expected a mapping with the request that fetches one record by its key, such as"
                        + " { path: \"/contacts/{{ id }}\" }, found '/contacts/{{ id }}'",
                "api.yaml:16:5 streams.owners.get: missing required key 'path'",
                "api.yaml:16:20 streams.owners.get.method: 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE",
                "api.yaml:16:34 streams.owners.get.query: expected a mapping, found a list",
                "api.yaml:16:59 streams.owners.get.headers.X-Id: unknown template variable 'ids'; did you mean 'id'? (known: id, key, config.region,"
                        + " secrets.token)",
                "api.yaml:16:84 streams.owners.get.notFound: expected an HTTP status code meaning the record is gone (201 to 599), such as"
                        + " notFound: [404, 410], found a mapping",
                "api.yaml:21:18 streams.companies.get.path: the get request must use the record's key, as {{ id }} (or {{ key }}) in path,"
                        + " query or a header, or $id in a JSONata body, such as path: \"/contacts/{{ id }}\"; otherwise every key fetches the same record");
    }

    @Test
    void aSoapStreamCannotDeclareAGetYet() {
        LoadResult result = load("""
                  orders:
                    request: { path: /soap }
                    records: $.GetOrdersResponse.order
                    primaryKey: id
                    soap: { version: "1.1", action: GetOrders, body: "<GetOrders xmlns='urn:x'/>" }
                    get: { path: "/orders/{{ id }}" }
                """);

        assertThat(problems(result)).anyMatch(p -> p.contains("streams.orders.get: a SOAP stream cannot declare get: yet"));
    }
}
