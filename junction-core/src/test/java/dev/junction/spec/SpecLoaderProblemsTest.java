package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule, as a table of named cases: a YAML text ({@code case.yaml}) loaded next to
 * the valid fixture set, and the exact problems it must produce, in order. The fixture set
 * ({@code specs/valid}) holds connectors {@code acme-crm} and {@code helpdesk} and connections
 * {@code crm} and {@code helpdesk}, so cases can refer to them.
 */
class SpecLoaderProblemsTest {
    private final SpecLoader loader = new SpecLoader();

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactlyTheseProblems(String yaml, List<String> expected) {
        List<SourceText> texts = new ArrayList<>(validFixtures());
        texts.add(new SourceText("case.yaml", yaml));

        LoadResult result = loader.loadTexts(texts);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactlyElementsOf(expected);
        assertThat(result.ok()).isFalse();
        assertThat(result.specs()).allSatisfy(spec -> assertThat(spec.source().origin()).isNotEqualTo("case.yaml"));
    }

    @Test
    void neverRepeatsAnInlineSecretWhereverItIsWritten() {
        String secret = "hunter2-super-secret";
        List<SourceText> texts = new ArrayList<>(validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Connection
                name: a
                connector: acme-crm
                secrets: { token: "%1$s" }
                ---
                kind: Connection
                name: b
                connector: acme-crm
                secrets:
                  token: %1$s
                  other: %1$s
                ---
                kind: Connection
                name: c
                connector: acme-crm
                secrets: %1$s
                ---
                kind: Connection
                name: d
                connector: acme-crm
                secrets: { token: "\\U%1$s" }
                """.formatted(secret)));

        LoadResult result = loader.loadTexts(texts);

        assertThat(result.problems()).hasSize(6).allSatisfy(p -> assertThat(p.toString()).doesNotContain(secret, "hunter"));
        assertThat(new SpecException(result.problems())).message().doesNotContain("hunter");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("reports invalid yaml syntax as one plain problem at the parsers position", """
                        kind: Connector
                        name: [a, b
                        baseUrl: x
                        """, List.of(
                        "case.yaml:3:8: invalid YAML: expected ',' or ']', but found ':' (while parsing a flow sequence that started at line 2, column 7)")),
                argumentSet("reports tab indentation plainly", """
                        kind: Connector
                        name: x
                        \tbaseUrl: y
                        """, List.of(
                        "case.yaml:3:1: invalid YAML: a tab cannot start a token; indent with spaces, not tabs")),
                argumentSet("reports a missing kind with the allowed kinds", """
                        name: x
                        """, List.of(
                        "case.yaml:1:1: missing required key 'kind' (one of Connector, Connection, Sync, Flow, Alert, AlertChannel)")),
                argumentSet("reports an unknown kind with the allowed kinds", """
                        kind: Conector
                        name: x
                        """, List.of(
                        "case.yaml:1:7 kind: 'Conector' is not one of Connector, Connection, Sync, Flow, Alert, AlertChannel")),
                argumentSet("reports a document that is not a mapping", """
                        - a
                        - b
                        """, List.of(
                        "case.yaml:1:1: expected a mapping with kind: Connector, Connection, Sync, Flow, Alert or AlertChannel, found a list")),
                argumentSet("reports a duplicate key at the second one", """
                        kind: Connection
                        name: crm2
                        name: crm3
                        connector: acme-crm
                        secrets: { token: "${env:T}" }
                        """, List.of(
                        "case.yaml:3:1 name: duplicate key 'name'")),
                argumentSet("refuses yaml aliases", """
                        kind: Connection
                        name: &n crm2
                        connector: *n
                        """, List.of(
                        "case.yaml:3:12 connector: aliases ('*n') are not supported; write the value out in full")),
                argumentSet("reports an unknown key with did you mean and the allowed keys", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        streams:
                          contacts:
                            request: { path: /contacts }
                            records: $.results
                            primaryKey: id
                            paginaton: { type: cursor }
                        zzz: 1
                        """, List.of(
                        "case.yaml:9:5 streams.contacts.paginaton: unknown key; did you mean 'pagination'? (allowed: request, records, primaryKey, pagination, incremental, maxPages, errors, discovery, format, jsonrpc, hooks, parent, slice, soap, get, graphql, rateLimit, job)",
                        "case.yaml:10:1 zzz: unknown key (allowed: kind, name, version, description, config, secrets, baseUrl, headers, auth, retry, rateLimit, streams, actions, timeouts, errors, hooks, tls, maxDecompressedSize, soap, webhooks, check, tracing, exchangeLog)")),
                argumentSet("reports a tracing section that is not propagate: true or false", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        tracing: { propagate: yes-please, sample: 1 }
                        ---
                        kind: Connector
                        name: c2
                        baseUrl: http://x
                        tracing: {}
                        """, List.of(
                        "case.yaml:4:23 tracing.propagate: expected true or false, found 'yes-please'",
                        "case.yaml:4:35 tracing.sample: unknown key (allowed: propagate)",
                        "case.yaml:9:1 tracing: missing required key 'propagate' (true: requests carry the W3C traceparent of their span; an empty tracing: changes nothing)")),
                argumentSet("reports a bad enum value with the allowed values", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        streams:
                          contacts:
                            request: { path: /contacts, method: FETCH }
                            records: $.results
                            primaryKey: id
                            pagination:
                              type: cursr
                        """, List.of(
                        "case.yaml:6:41 streams.contacts.request.method: 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE",
                        "case.yaml:10:13 streams.contacts.pagination.type: 'cursr' is not one of cursor, offset, page, link, next-url, relay")),
                argumentSet("reports wrong types with what was found", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        rateLimit: { requests: many, per: 0s }
                        streams:
                          contacts:
                            request: { path: /contacts }
                            records: { path: x }
                            primaryKey: id
                            maxPages: lots
                        actions:
                          up:
                            request: { path: /u }
                            batch: { maxRecords: -1 }
                        """, List.of(
                        "case.yaml:4:24 rateLimit.requests: expected a positive integer, found 'many'",
                        "case.yaml:4:35 rateLimit.per: expected a duration greater than zero, found '0s'",
                        "case.yaml:8:14 streams.contacts.records: expected a string, found a mapping",
                        "case.yaml:10:15 streams.contacts.maxPages: expected a positive integer, found 'lots'",
                        "case.yaml:14:26 actions.up.batch.maxRecords: expected a positive integer, found '-1'")),
                argumentSet("refuses an action batch.maxBytes that is not a size", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        actions:
                          up:
                            request: { path: /u }
                            batch: { maxRecords: 100, maxBytes: 2GB }
                        """, List.of(
                        "case.yaml:7:41 actions.up.batch.maxBytes: expected a size in bytes greater than zero, such as 1048576, 512KB or 1MiB, found '2GB'")),
                argumentSet("refuses an idempotency key header that is not an HTTP header name", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        actions:
                          up:
                            request: { path: /u }
                            idempotencyKey: { header: "Idempotency Key", heder: x }
                        """, List.of(
                        "case.yaml:7:31 actions.up.idempotencyKey.header: 'Idempotency Key' is not an HTTP header name; use letters, digits and '-', e.g. Idempotency-Key",
                        "case.yaml:7:50 actions.up.idempotencyKey.heder: unknown key; did you mean 'header'? (allowed: header)")),
                argumentSet("reports missing required keys at the key of their mapping", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        streams:
                          contacts:
                            request: { method: GET }
                            pagination: { type: offset }
                          companies:
                            request: { path: /c }
                            records: $
                            primaryKey: id
                            pagination: { type: page, size: 10 }
                        """, List.of(
                        "case.yaml:5:3 streams.contacts: missing required key 'records'",
                        "case.yaml:5:3 streams.contacts: missing required key 'primaryKey'",
                        "case.yaml:6:5 streams.contacts.request: missing required key 'path'",
                        "case.yaml:7:5 streams.contacts.pagination: missing required key 'limit'",
                        "case.yaml:12:5 streams.companies.pagination: missing required key 'sizeParam' (size is set)")),
                argumentSet("reports bad durations and a delay shorter than the first", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        retry: { maxAttempts: 0, initialDelay: 5 minutes, maxDelay: 1s }
                        ---
                        kind: Connector
                        name: c2
                        baseUrl: http://x
                        retry: { initialDelay: 2s, maxDelay: 1s }
                        """, List.of(
                        "case.yaml:4:23 retry.maxAttempts: expected a positive integer, found '0'",
                        "case.yaml:4:40 retry.initialDelay: expected a duration such as 500ms, 2s, 1m or 1h, found '5 minutes'",
                        "case.yaml:9:38 retry.maxDelay: expected at least initialDelay (2s), found '1s'")),
                argumentSet("reports bad json paths with the parsers reason", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        streams:
                          contacts:
                            request: { path: /contacts }
                            records: "$.results["
                            primaryKey: "a..b"
                            pagination: { type: cursor, nextPath: "$['x", param: after }
                        """, List.of(
                        "case.yaml:7:14 streams.contacts.records: invalid JSON path '$.results[': '[' at position 10 is never closed",
                        "case.yaml:8:17 streams.contacts.primaryKey: invalid JSON path 'a..b': empty key at position 3",
                        "case.yaml:9:43 streams.contacts.pagination.nextPath: invalid JSON path '$['x': '[' at position 2 is never closed")),
                argumentSet("allows record values only in the path, query and headers of an action without batch", """
                        kind: Connector
                        name: c1
                        baseUrl: "http://x/{{ record.id }}"
                        streams:
                          users: { request: { path: "/users/{{ record.id }}" }, records: "$", primaryKey: id }
                        actions:
                          deleteUser: { request: { method: DELETE, path: "/users/{{ record.id }}", query: { v: "{{ record.v }}" } } }
                          tagUser: { request: { path: /tags, headers: { X-Id: "{{ record.id }}" } } }
                          deleteUsers:
                            request: { method: DELETE, path: "/users/{{ record.id }}", headers: { If-Match: "{{ record.etag }}" } }
                            batch: { maxRecords: 10 }
                        """, List.of(
                        "case.yaml:3:10 baseUrl: RECORD_HINT".replace("RECORD_HINT", recordHint("record.id")),
                        "case.yaml:5:29 streams.users.request.path: RECORD_HINT".replace("RECORD_HINT", recordHint("record.id")),
                        "case.yaml:10:38 actions.deleteUsers.request.path: RECORD_HINT".replace("RECORD_HINT", recordHint("record.id")),
                        "case.yaml:10:85 actions.deleteUsers.request.headers.If-Match: RECORD_HINT".replace("RECORD_HINT", recordHint("record.etag")))),
                argumentSet("reports an unknown template variable with did you mean and the known variables", """
                        kind: Connector
                        name: c1
                        config:
                          baseUrl: { default: "http://x" }
                        secrets:
                          token: {}
                        baseUrl: "{{ config.baseUrk }}"
                        headers: { X-Region: "{{ region }}" }
                        """, List.of(
                        "case.yaml:7:10 baseUrl: unknown template variable 'config.baseUrk'; did you mean 'config.baseUrl'? (known: config.baseUrl, secrets.token)",
                        "case.yaml:8:22 headers.X-Region: unknown template variable 'region' (known: config.baseUrl, secrets.token)")),
                argumentSet("refuses secrets in base url path and query but allows them in auth and headers", """
                        kind: Connector
                        name: c1
                        secrets:
                          token: {}
                        baseUrl: "http://x/{{ secrets.token }}"
                        headers: { X-Token: "{{ secrets.token }}" }
                        auth: { type: api-key, in: query, name: key, value: "{{ secrets.token }}" }
                        streams:
                          contacts:
                            request:
                              path: "/v1/{{ secrets.token }}"
                              query: { t: "{{ secrets.token }}" }
                              headers: { Authorization: "Bearer {{ secrets.token }}" }
                            records: $
                            primaryKey: id
                        """, List.of(
                        "case.yaml:5:10 baseUrl: secret 'secrets.token' cannot be used here; secrets may appear only in auth and headers, so that they never show up in logged URLs",
                        "case.yaml:11:13 streams.contacts.request.path: secret 'secrets.token' cannot be used here; secrets may appear only in auth and headers, so that they never show up in logged URLs",
                        "case.yaml:12:19 streams.contacts.request.query.t: secret 'secrets.token' cannot be used here; secrets may appear only in auth and headers, so that they never show up in logged URLs")),
                argumentSet("reports an unclosed template", """
                        kind: Connector
                        name: c1
                        config: { baseUrl: {} }
                        baseUrl: "{{ config.baseUrl"
                        """, List.of(
                        "case.yaml:4:10 baseUrl: template '{{ config.baseUrl': '{{' at position 1 is never closed with '}}'")),
                argumentSet("reports bad config and secret declarations", """
                        kind: Connector
                        name: Acme CRM
                        config:
                          pageSize: { type: integer, default: many }
                          ratio: { type: number, default: "1.5" }
                          mode: { type: text }
                          bad name: {}
                          flag: { type: boolean, default: yes, required: maybe }
                        secrets:
                          token: { default: abc }
                        baseUrl: http://x
                        """, List.of(
                        "case.yaml:2:7 name: 'Acme CRM' is not a valid name; use lowercase letters, digits and '-', starting with a letter or digit",
                        "case.yaml:4:39 config.pageSize.default: expected an integer, found 'many'",
                        "case.yaml:6:17 config.mode.type: 'text' is not one of string, integer, number, boolean",
                        "case.yaml:7:3 config.bad name: 'bad name' is not a valid field name; use letters, digits, '_' and '-', starting with a letter or '_'",
                        "case.yaml:8:35 config.flag.default: expected true or false, found 'yes'",
                        "case.yaml:8:50 config.flag.required: expected true or false, found 'maybe'",
                        "case.yaml:10:12 secrets.token.default: a secret cannot have a default; each connection supplies it as a reference such as \"${env:NAME}\"")),
                argumentSet("refuses a name longer than 100 characters without echoing all of it", """
                        kind: Connector
                        name: %s
                        baseUrl: http://x
                        """.formatted("a".repeat(101)), List.of(
                        "case.yaml:2:7 name: a name of 101 characters ('" + "a".repeat(40) + "...') is too long; use at most 100")),
                argumentSet("reports auth problems per scheme", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        auth: { type: basic, username: u, token: t }
                        ---
                        kind: Connector
                        name: c2
                        baseUrl: http://x
                        auth: { in: header }
                        ---
                        kind: Connector
                        name: c3
                        baseUrl: http://x
                        auth: { type: api-key, in: body, value: v }
                        """, List.of(
                        "case.yaml:4:1 auth: missing required key 'password'",
                        "case.yaml:4:35 auth.token: unknown key (allowed: type, username, password)",
                        "case.yaml:9:1 auth: missing required key 'type' (one of none, api-key, bearer, basic, digest, oauth2, oauth1, session, aws-sigv4, hmac, jwt)",
                        "case.yaml:14:1 auth: missing required key 'name'",
                        "case.yaml:14:28 auth.in: 'body' is not one of header, query, cookie")),
                argumentSet("reports an action body that is not jsonata", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        actions:
                          up:
                            request: { path: /u, body: "{ 'users': $records " }
                            results: { errorPath: error, insertedValues: created }
                        """, List.of(
                        "case.yaml:6:32 actions.up.request.body: not a valid JSONata expression: Expected \"}\" before end of expression (at character 20)",
                        "case.yaml:7:5 actions.up.results: missing required key 'perRecord'")),
                argumentSet("refuses an inline secret without repeating it", """
                        kind: Connection
                        name: crm2
                        connector: acme-crm
                        secrets: { token: "hunter2-super-secret" }
                        """, List.of(
                        "case.yaml:4:19 secrets.token: an inline secret value is not allowed; write a reference such as \"${env:ACME_CRM_TOKEN}\" or \"${file:/path/to/token}\" (or make the connection through the API, which keeps the value encrypted in the store)")),
                argumentSet("reports connection keys the connector does not declare", """
                        kind: Connection
                        name: crm2
                        connector: acme-crm
                        environment: staging
                        config: { baseUrk: x, pageSize: many }
                        secrets: { token: "${env:T}", tokn: "${env:T2}" }
                        """, List.of(
                        "case.yaml:4:14 environment: 'staging' is not one of sandbox, production",
                        "case.yaml:5:11 config.baseUrk: unknown key; did you mean 'baseUrl'? (connector 'acme-crm' declares: baseUrl, pageSize, region)",
                        "case.yaml:5:33 config.pageSize: expected an integer, found 'many'",
                        "case.yaml:6:31 secrets.tokn: unknown key; did you mean 'token'? (connector 'acme-crm' declares: token)")),
                argumentSet("reports required connection values that are missing", """
                        kind: Connection
                        name: hd2
                        connector: helpdesk
                        config: { verbose: "true" }
                        """, List.of(
                        "case.yaml:1:1 secrets: missing required key 'apiKey' (declared by connector 'helpdesk')",
                        "case.yaml:4:1 config: missing required key 'baseUrl' (declared by connector 'helpdesk')")),
                argumentSet("reports malformed references with the allowed forms", """
                        kind: Connection
                        name: hd2
                        connector: helpdesk
                        config: { baseUrl: "${vault:x}", verbose: "https://${env:HOST}" }
                        secrets: { apiKey: "${env:}" }
                        """, List.of(
                        "case.yaml:4:20 config.baseUrl: '${vault:x}' is not a valid reference; the whole value must be ${env:NAME} or ${file:PATH} (NAME: letters, digits and '_')",
                        "case.yaml:4:43 config.verbose: 'https://${env:HOST}' is not a valid reference; the whole value must be ${env:NAME} or ${file:PATH} (NAME: letters, digits and '_')",
                        "case.yaml:5:20 secrets.apiKey: '${env:}' is not a valid reference; the whole value must be ${env:NAME} or ${file:PATH} (NAME: letters, digits and '_')")),
                argumentSet("reports an unknown connector with did you mean", """
                        kind: Connection
                        name: x2
                        connector: acme-crn
                        """, List.of(
                        "case.yaml:3:12 connector: unknown connector 'acme-crn'; did you mean 'acme-crm'? (loaded connectors: acme-crm, helpdesk)")),
                argumentSet("reports unknown connections streams and actions with did you mean", """
                        kind: Sync
                        name: s1
                        source: { connection: crn, stream: contacts }
                        destination: { connection: helpdesk, action: upsertUser, key: id }
                        mapping: { id: id }
                        ---
                        kind: Sync
                        name: s2
                        source: { connection: crm, stream: contcts }
                        destination: { connection: crm, action: upsertUsers, key: id }
                        mapping: { id: id }
                        """, List.of(
                        "case.yaml:3:23 source.connection: unknown connection 'crn'; did you mean 'crm'? (loaded connections: crm, helpdesk)",
                        "case.yaml:4:46 destination.action: connector 'helpdesk' (of connection 'helpdesk') has no action 'upsertUser'; did you mean 'upsertUsers'? (actions: upsertUsers, deleteUser)",
                        "case.yaml:9:36 source.stream: connector 'acme-crm' (of connection 'crm') has no stream 'contcts'; did you mean 'contacts'? (streams: contacts, companies)",
                        "case.yaml:10:41 destination.action: connector 'acme-crm' (of connection 'crm') has no action 'upsertUsers' (it declares no actions)")),
                argumentSet("refuses incremental reads of a stream without incremental", """
                        kind: Sync
                        name: s1
                        source: { connection: helpdesk, stream: tickets, mode: incremental }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping: { id: id }
                        """, List.of(
                        "case.yaml:3:56 source.mode: stream 'tickets' of connector 'helpdesk' does not declare 'incremental'; use mode full, or add incremental: { cursorField, param } to the stream")),
                argumentSet("reports mapping problems", """
                        kind: Sync
                        name: s1
                        source: { connection: crm, stream: contacts }
                        destination: { connection: helpdesk, action: upsertUsers, key: externalId, mode: merge }
                        mapping:
                          external_id: id
                          full_name: "= properties.firstname &"
                          bad: "a..b"
                          owner: { lookup: { stream: agents } }
                          tags: [a, b]
                          profile: x
                          profile.first: y
                          weird..t: z
                          tier: { from: tier, values: { gold: 1 }, defualt: 3 }
                          kind: { const: a, extra: b }
                        batch: { size: 0 }
                        onRowError: ignore
                        schedule: "* * * *"
                        """, List.of(
                        "case.yaml:4:64 destination.key: 'externalId' is not a mapping target; did you mean 'external_id'? (targets: external_id, full_name, bad, owner, tags, profile, profile.first, weird..t, tier, kind)",
                        "case.yaml:4:82 destination.mode: 'merge' is not one of upsert, insert, update, mirror",
                        "case.yaml:7:14 mapping.full_name: not a valid JSONata expression: Unexpected end of expression (at character 22)",
                        "case.yaml:8:8 mapping.bad: invalid source path 'a..b': empty key at position 3",
                        "case.yaml:9:12 mapping.owner.lookup: missing required key 'match'",
                        "case.yaml:9:12 mapping.owner.lookup: missing required key 'value'",
                        "case.yaml:9:12 mapping.owner.lookup: missing required key 'select'",
                        "case.yaml:10:9 mapping.tags: expected a source path, \"= expression\", or a mapping with one of from, const, object, array, each or lookup, found a list (write { array: [...] } to build an array, or { const: [...] } for a fixed list)",
                        "case.yaml:12:3 mapping.profile.first: conflicts with target 'profile': a field cannot hold both a value and nested fields",
                        "case.yaml:13:3 mapping.weird..t: 'weird..t' is not a valid target; write field names separated by dots, such as profile.first_name",
                        "case.yaml:14:44 mapping.tier.defualt: unknown key; did you mean 'default'? (allowed: from, const, object, array, each, lookup, values, map, reverse, unknown, default, convert, when)",
                        "case.yaml:15:21 mapping.kind.extra: unknown key (allowed: from, const, object, array, each, lookup, values, map, reverse, unknown, default, convert, when)",
                        "case.yaml:16:16 batch.size: expected a positive integer, found '0'",
                        "case.yaml:17:13 onRowError: 'ignore' is not one of dead-letter, fail",
                        "case.yaml:18:11 schedule: '* * * *' is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week, such as '*/15 * * * *') or 6 (seconds first), found 4")),
                argumentSet("reports an empty mapping", """
                        kind: Sync
                        name: s1
                        source: { connection: crm, stream: contacts }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping: {}
                        """, List.of(
                        "case.yaml:5:10 mapping: expected at least one field, found none")),
                argumentSet("reports a duplicate name at the second spec", """
                        kind: Connector
                        name: acme-crm
                        baseUrl: http://x
                        ---
                        kind: Connection
                        name: helpdesk
                        connector: helpdesk
                        config: { baseUrl: http://y }
                        secrets: { apiKey: "${env:K}" }
                        """, List.of(
                        "case.yaml:2:7 name: duplicate Connector 'acme-crm'; it is already defined at acme-crm.yaml:3:7",
                        "case.yaml:6:7 name: duplicate Connection 'helpdesk'; it is already defined at connections.yaml:9:7")),
                argumentSet("reports every problem of every document at once", """
                        kind: Connection
                        name: a
                        ---
                        kind: Connection
                        name: b
                        connector: helpdesk
                        ---
                        # nothing here but a comment
                        ---
                        kind: Sync
                        """, List.of(
                        "case.yaml:1:1: missing required key 'connector' (or database, for a connection to a database that SQL sources read)",
                        "case.yaml:4:1 config: missing required key 'baseUrl' (declared by connector 'helpdesk')",
                        "case.yaml:4:1 secrets: missing required key 'apiKey' (declared by connector 'helpdesk')",
                        "case.yaml:10:1: missing required key 'name'",
                        "case.yaml:10:1: missing required key 'source'",
                        "case.yaml:10:1: missing required key 'destination'",
                        "case.yaml:10:1: missing required key 'mapping'")),
                argumentSet("reports a key that is a mapping or a list", """
                        kind: Connector
                        name: c1
                        baseUrl: http://x
                        headers: { [a, b]: c }
                        """, List.of(
                        "case.yaml:4:13: invalid YAML: a key must be a plain value, not a mapping or a list")),
                argumentSet("refuses a secrets section that is a single value without repeating it", """
                        kind: Connection
                        name: crm2
                        connector: acme-crm
                        secrets: hunter2-super-secret
                        """, List.of(
                        "case.yaml:4:10 secrets: expected a mapping of secret names to references, such as { token: \"${env:TOKEN}\" }, found a single value (not repeated here: it may be a secret)")),
                argumentSet("does not repeat the rest of a bad escape in a quoted value", """
                        kind: Connection
                        name: crm2
                        connector: acme-crm
                        secrets: { token: "ab\\Uhunter2-secret" }
                        """, List.of(
                        "case.yaml:4:24: invalid YAML: expected escape sequence of 8 hexadecimal numbers (while scanning a double-quoted scalar that started at line 4, column 19)")),
                argumentSet("suggests const or from for a misspelt mapping form", """
                        kind: Sync
                        name: s1
                        source: { connection: crm, stream: contacts }
                        destination: { connection: helpdesk, action: upsertUsers, key: id }
                        mapping:
                          id: id
                          system: { cnst: acme }
                        """, List.of(
                        "case.yaml:7:13 mapping.system.cnst: unknown key; did you mean 'const'? (allowed: from, const, object, array, each, lookup, values, map, reverse, unknown, default, convert, when)")));
    }

    /** The files of {@code specs/valid}, named by file name only. */
    static List<SourceText> validFixtures() {
        Path dir = Path.of("src/test/resources/specs/valid");
        try (Stream<Path> files = Files.walk(dir)) {
            List<SourceText> out = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().matches(".*\\.ya?ml") && !p.toString().contains(".hidden")).sorted().toList()) {
                out.add(new SourceText(file.getFileName().toString(), Files.readString(file)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String recordHint(String variable) {
        return "'" + variable + "' cannot be used here; record values fill only the request.path, request.query and request.headers of an action"
                + " without batch settings (one record per call, such as DELETE /users/{{ record.id }}), and a SOAP action's soap.body";
    }
}
