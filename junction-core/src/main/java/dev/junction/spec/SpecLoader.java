package dev.junction.spec;

import dev.junction.spec.internal.AlertReader;
import dev.junction.spec.internal.ConnectionReader;
import dev.junction.spec.internal.Draft;
import dev.junction.spec.internal.FlowReader;
import dev.junction.spec.internal.SyncReader;
import dev.junction.spec.internal.YamlDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads and validates connector, connection, sync and flow YAML into immutable {@link Spec} records.
 * Never throws for bad input: every problem of every file is reported at once in the
 * {@link LoadResult}, each with {@code file:line:column}, the YAML path, what was found and what
 * is allowed. A spec with any problem is left out of the result (nothing half-valid).
 *
 * <p>A file may hold several documents separated by {@code ---}. Unknown keys are errors (with a
 * "did you mean"), and every name another spec refers to must be among the loaded specs.
 *
 * <h2>Connector</h2>
 * <pre>{@code
 * kind: Connector
 * name: acme-crm              # required, [a-z0-9][a-z0-9-]*
 * version: "1"                # optional
 * description: ...            # optional
 * config:                     # optional: values each connection supplies
 *   baseUrl: { type: string, default: "http://127.0.0.1:8080", description: ... }
 *       # type: string | integer | number | boolean (default string); a default must match the type;
 *       # required: true | false (default: true when there is no default)
 * secrets:                    # optional: like config, but no default (each connection gives a reference)
 *   token: { description: "API token" }
 * baseUrl: "{{ config.baseUrl }}"          # required, template
 * headers: { User-Agent: junction }        # optional, templates
 * auth:                       # optional, default none
 *   type: bearer              # none | api-key | bearer | basic | oauth2 | oauth1 | session | aws-sigv4 | hmac
 *   token: "{{ secrets.token }}"           # bearer
 *   # api-key: in: header | query | cookie (default header), name: X-Api-Key, value: "{{ secrets.apiKey }}"
 *   # basic: username, password
 *   # oauth2: grant: client_credentials | refresh_token | password | jwt_bearer | authorization_code,
 *   #   tokenUrl (required; relative to baseUrl or absolute), clientId, clientSecret, clientAuth: basic | body,
 *   #   scopes: [a, b] or "a b", audience, username + password (password), refreshToken (refresh_token,
 *   #   authorization_code), accessToken (authorization_code), privateKey + issuer/subject/keyId (jwt_bearer),
 *   #   refreshBefore: 60s, tokenError: { path: "$.error", equals: invalid_token } or { matches: REGEX },
 *   #   in: header | query | cookie, name (Authorization), prefix ("Bearer " for Authorization);
 *   #   credentials must be "{{ secrets.NAME }}"
 *   # oauth1: consumerKey, consumerSecret (required), token + tokenSecret (optional, together),
 *   #   signatureMethod: HMAC-SHA1 (default) | HMAC-SHA256 | PLAINTEXT, realm (optional)
 *   # session: loginUrl (required), method (POST), body: { field: template }, tokenPath (required),
 *   #   expiresInPath, ttl, in: header | query, name (Authorization), prefix ("Bearer " for Authorization)
 *   # aws-sigv4: accessKeyId, secretAccessKey ("{{ secrets.NAME }}"), sessionToken (optional, "{{ secrets.NAME }}"),
 *   #   region, service (required, templates over config: us-east-1, execute-api | s3 | es | ...)
 *   # hmac: secret ("{{ secrets.NAME }}"), secretEncoding: text | hex | base64, algorithm: sha256 | sha1 | sha512 | sha384
 *   #   (or ed25519 | rsa-sha256: secret is a PEM PKCS#8 private key, no secretEncoding),
 *   #   encoding: hex | base64, timestampUnit: seconds | milliseconds | iso8601,
 *   #   signedContent (required): "{{ timestamp }}{{ method }}{{ pathAndQuery }}{{ body }}" (method, path, query,
 *   #   pathAndQuery, body, timestamp, nonce, host, contentType, bodySha256, bodySha512, config.*, secrets.*), headers / query: { NAME: template } with
 *   #   {{ signature }}, {{ timestamp }}, {{ nonce }}, {{ method }}, {{ path }}, {{ hmac.secrets.NAME }} (query without the signature:
 *   #   added before signing)
 * retry: { maxAttempts: 5, initialDelay: 500ms, maxDelay: 30s }   # optional, these defaults;
 *       # durations are a whole number and ms, s, m or h; maxDelay >= initialDelay; maxTotalWait: 5m (optional)
 * rateLimit: { requests: 100, per: 10s, maxConcurrency: 4, learnFromHeaders: true }
 *       # optional; requests and per together (> 0), optional when maxConcurrency or learnFromHeaders is set
 * timeouts: { connect: 10s, read: 60s, total: 2m }   # optional, each optional; total >= read
 * tls:                        # optional: mutual TLS and custom trust, with any auth
 *   clientCertificate: { keystore: "{{ config.certFile }}", password: "{{ secrets.certPassword }}" }   # PKCS#12, or
 *   #   { certificate: "{{ secrets.clientCert }}", privateKey: "{{ secrets.clientKey }}" }           # PEM, PKCS#8 key
 *   #   keyPassword: "{{ secrets.keyPassword }}"   # only for an encrypted PKCS#8 key
 *   trust: { ca: "{{ secrets.serverCa }}" }   # PEM, or { truststore: PATH, password: "{{ secrets.NAME }}" } (PKCS#12)
 *       # password, keyPassword and privateKey must be "{{ secrets.NAME }}"
 * maxDecompressedSize: 512MB  # optional, this default: the most a gzip body may decompress to (bytes, KB, MB, GB)
 * hooks:                      # optional; also on a stream or action (run after the connector's)
 *   preRequest: "= $merge([$, {'headers': $merge([headers, {'X-Trace': 'junction'}])}])"
 *       # JSONata (leading '=') over {method, url, headers, query, body}; returns the request to send
 *   postResponse: "= $merge([$, {'body': body.data}])"   # over {status, headers, body}; returns the response
 *   java: com.example.MyHook  # or a list; dev.junction.http.Hook classes registered with ServiceLoader
 * webhooks:                   # optional: how the provider's webhook deliveries are verified (docs/triggers.md)
 *   verify: { scheme: standard-webhooks, secret: "{{ secrets.webhookSecret }}" }
 *       # scheme: hmac | standard-webhooks | svix | stripe | github | slack | shared-secret | basic;
 *       # secret, or secrets: [current, previous] (rotation), each "{{ secrets.NAME }}";
 *       # hmac: header (required), algorithm sha256|sha1|sha512, encoding hex|base64, prefix,
 *       #   timestampHeader, signedContent "{{ timestamp }}.{{ body }}", secretEncoding text|hex|base64;
 *       # shared-secret: header (required), prefix; basic: secret renders to user:password
 *   tolerance: 5m              # signed timestamps only
 *   eventId: $.id              # or { header: X-Id }; default per scheme, required for hmac, shared-secret, basic
 *   eventType: $.type          # or { header: NAME }; recordKey: $.data.id; tenant: $.account (app-level routing)
 *   routeTo: config.accountId  # with tenant: the config field a tenant's connection holds the routing value in
 *   handshake: { path: $.challenge, when: { path: $.type, equals: url_verification } }   # or { query: validationToken }
 *   maxBodySize: 1MiB          # ordered: false (true needs recordKey); register / unregister: action names
 * errors:                     # optional; also on a stream or action (tried first)
 *   - { when: { status: 200, bodyPath: "$.errors" }, as: permanent, message: "$.errors[0].message" }
 *       # when: status, bodyPath, equals (needs bodyPath), bodyMatches (regex), at least one;
 *       # as: permanent | retryable | auth (required); message: JSON path (optional)
 * streams:                    # optional; names [A-Za-z_][A-Za-z0-9_-]*
 *   contacts:
 *     request: { method: GET, path: /v1/contacts, query: { limit: 100 }, headers: {...}, body: ... }
 *         # required; method GET | POST | PUT | PATCH | DELETE (default GET; any case); path required;
 *         # query and header values: scalars kept as written ("100"), templates; body: JSONata
 *     records: "$.results"    # required JSON path
 *     primaryKey: id          # required JSON path
 *     pagination: { type: cursor, nextPath: "$.paging.next.after", param: after }   # absent: none
 *         # offset:   { type: offset, offsetParam: offset, limitParam: limit, limit: 100 }  (limit required, > 0)
 *         # page:     { type: page, param: page, start: 1, sizeParam: per_page, size: 100 }
 *         #           (start 0 or 1, default 1; sizeParam and size go together, both optional)
 *         # link:     { type: link }                  RFC 8288 Link header
 *         # next-url: { type: next-url, nextPath: "$.next" }
 *         # cursor:   nextHeader: X-Next (instead of nextPath); in: body (cursor only as $cursor in request.body)
 *         # relay:    { type: relay, pageInfo: "$.data.contacts.pageInfo" }   (needs request.body with $cursor)
 *         # offset and page: stopOn: short | empty; cursor, offset, page: hasMorePath, totalPath
 *     incremental: { cursorField: updatedAt, param: updatedSince }   # optional, both required
 *         # lookback: 10m (read again from that long before the checkpoint); sorted: true (the API returns
 *         # records in ascending cursorField order: the checkpoint moves after each page, not only at the end)
 *     maxPages: 10000         # optional, default 10000, > 0
 *     discovery:              # optional: the stream's fields per connection (custom fields), see docs/schemas.md
 *       request: { path: /v1/properties/contacts }   # as for streams; one request, no pagination
 *       fields: "$.results"   # required: JSON path of the field list; name required, type and under optional
 *       name: name
 *       type: type
 *       under: properties     # the fields sit under record.properties
 * actions:                    # optional
 *   upsertUsers:
 *     request: { method: POST, path: /api/users/batch, body: "{ 'users': $records }" }
 *         # as for streams, but method defaults to POST; body is JSONata and must parse
 *     batch: { maxRecords: 50, maxBytes: 1MB }    # optional; maxRecords > 0, maxBytes a size
 *     results: { perRecord: "$.results", errorPath: error.message, statusPath: status, insertedValues: [created] }
 *         # optional; perRecord required; paths are JSON paths; insertedValues a list (or one value);
 *         # matchBy: { result: PATH, record: PATH } matches items to records by value, in any order (else by position)
 * }</pre>
 * Templates ({@code {{ config.x }}}, see {@link dev.junction.template.Template}) may name only
 * declared {@code config.*} and {@code secrets.*} fields. Secrets may appear only in auth values
 * and in headers (connector or request), never in {@code baseUrl}, paths or query values, so they
 * never show up in a logged URL; an api-key sent in the query is fine.
 *
 * <h2>Connection</h2>
 * <pre>{@code
 * kind: Connection
 * name: crm                   # required, [a-z0-9][a-z0-9-]*
 * connector: acme-crm         # required, a loaded connector
 * tenant: default             # optional, default "default"
 * environment: sandbox        # optional: sandbox | production (default production)
 * config: { baseUrl: "${env:ACME_CRM_URL}" }    # a literal, ${env:NAME} or ${file:PATH}
 * secrets: { token: "${env:ACME_CRM_TOKEN}" }   # references only; an inline value is refused
 * mappingOverrides:                              # optional: this tenant's lines on top of a sync's mapping
 *   crm-contacts-to-helpdesk:                    # a sync that reads from or writes to this connection
 *     profile.segment: properties.custom_segment # same forms as a sync's mapping lines (no named valueMaps)
 * }</pre>
 * Every key must be declared by the connector; every required field without a default must be
 * given; a literal config value must match the field's type.
 *
 * <h2>Sync</h2>
 * <pre>{@code
 * kind: Sync
 * name: crm-contacts-to-helpdesk          # required, [a-z0-9][a-z0-9-]*
 * description: ...                        # optional
 * source: { connection: crm, stream: contacts, mode: full }       # mode: full | incremental (default full)
 * destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
 *     # mode: upsert | insert | update (default upsert); key: required, a mapping target
 * mapping:                                # required, at least one field
 *   external_id: id                       # a string: source path (JSON path syntax)
 *   profile.first_name: properties.firstname                         # dotted targets nest
 *   full_name: "= properties.firstname & ' ' & properties.lastname"  # "=": JSONata, must parse
 *   source_system: { const: acme }        # a constant; YAML numbers, true/false and null are too
 *   priority: { from: properties.tier, values: { gold: 1, silver: 2 }, default: 3 }   # default optional
 *   emails: "contacts[*].email"           # [*] maps over an array
 *   email: { from: properties.email, convert: [trim, lower], when: { path: kind, equals: person } }
 *   tier: { from: priority, map: tier, reverse: true, unknown: pass }   # a named value map, backwards
 *   address: { object: { street: addr.line1 } }     # also { array: [...] }, { each: items, object: {...} }
 * valueMaps: { tier: { gold: 1, silver: 2 } }       # optional; used by map:
 * expressionLimits: { timeout: 1s, maxDepth: 200 }  # optional, these defaults
 * batch: { size: 50, concurrency: 2 }     # optional, these defaults, > 0
 * onRowError: dead-letter                 # dead-letter | fail (default dead-letter)
 * tenants: { concurrency: 4 }             # optional, per-tenant syncs only: tenants run at once (default 4)
 * }</pre>
 * The connections must be loaded, the stream and action must exist in their connectors, and
 * {@code mode: incremental} needs a stream that declares {@code incremental}. Every mapping form
 * and conversion is described in docs/mapping.md.
 *
 * <h2>Flow</h2>
 * <pre>{@code
 * kind: Flow
 * name: contact-card                      # required, [a-z0-9][a-z0-9-]*
 * trigger: { api: {}, manual: {} }        # optional, default manual only; api: POST /api/v1/flows/NAME
 * input: { type: object, required: [id], properties: { id: { type: string } } }   # optional JSON Schema
 * output: { type: object }                # optional JSON Schema of the respond body
 * limits: { steps: 100, expressionTimeout: 1s, maxDepth: 200 }   # optional, these defaults
 * steps:                                  # required, run in order; names [A-Za-z_][A-Za-z0-9_]*, unique
 *   - name: contact
 *     call: { connection: crm, stream: contacts, key: "= input.id" }   # or action: NAME, record: TEMPLATE
 *   - name: card
 *     map: { from: "= steps.contact.output", mapping: { full_name: "= firstname & ' ' & lastname" } }
 *   - name: found
 *     branch: { if: "steps.card.output.full_name != ''", then: [...], else: [...] }
 *   - name: answer
 *     respond: { status: 200, body: "= steps.card.output" }   # or fail: { status: 422, message: "..." }
 * }</pre>
 * A template is JSON as written where each {@code "= expression"} string is JSONata over
 * {@code {input, steps: {NAME: {output}}}}; an expression may read only steps written before it.
 * The connections must be loaded and name the action or stream. See docs/flows.md.
 *
 * <h2>Alert and AlertChannel</h2>
 * <pre>{@code
 * kind: AlertChannel
 * name: ops-slack                         # required
 * type: slack                             # slack, webhook, pagerduty or email
 * config: {}                              # webhook: url; pagerduty: url, source; email: host, from, to, port, startTls, username
 * secrets: { url: "${env:SLACK_URL}" }    # slack: url; webhook: secret (whsec_...); pagerduty: routingKey; email: password
 * ---
 * kind: Alert
 * name: crm-sync-failing                  # required
 * condition: run-failed                   # or { type: failed-records, count: 10, percent: 5 }, { type: no-successful-run, within: 6h },
 *                                         # { type: inbox-lag, above: 5m }, retries-exhausted, connection-unhealthy, schema-drift, deprecation
 * scope: { sync: crm-to-helpdesk, connection: crm, tenant: acme }   # optional; absent parts match anything
 * channels: [ops-slack]                   # required, names of AlertChannels
 * severity: critical                      # critical, error (default), warning, info
 * renotify: 4h                            # optional: tell the channels again while it fires
 * resolveAfter: 24h                       # one-off conditions resolve when not seen again for this long
 * coolDown: 30m                           # optional: a new alert this soon after one resolved tells no one until then
 * }</pre>
 * See docs/operations.md ("Alerts").
 *
 * <p>A required string must not be blank. Only {@code true}/{@code false} are booleans:
 * {@code yes}, {@code no}, {@code on} and {@code off} are strings. YAML aliases ({@code *name}) are refused. The key and value tables live
 * in {@code dev.junction.spec.internal.Schema}. Holds no state between calls; thread-safe.
 */
public final class SpecLoader {
    /** The longest definition text read, in characters; longer is a problem, not parsed. */
    public static final int MAX_TEXT_CHARS = YamlDocuments.MAX_TEXT_CHARS;
    /** The longest line of a definition read, in characters; longer is a problem, not parsed. */
    public static final int MAX_LINE_CHARS = YamlDocuments.MAX_LINE_CHARS;

    private final YamlDocuments documents = new YamlDocuments();

    public SpecLoader() {}

    /**
     * Loads files and directories; a directory is searched recursively for {@code *.yaml} and
     * {@code *.yml} files (hidden ones skipped), in sorted order. A path that does not exist or
     * cannot be read is a problem, not an exception. Origins are the paths as given.
     */
    public LoadResult load(List<Path> paths) {
        List<SourceText> texts = new ArrayList<>();
        List<SpecProblem> problems = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path path : paths) {
            SourceLocation where = SourceLocation.unknown(path.toString());
            if (Files.isDirectory(path)) {
                for (Path file : yamlFiles(path, where, problems)) {
                    read(file, seen, texts, problems);
                }
            } else if (Files.exists(path)) {
                read(path, seen, texts, problems);
            } else {
                problems.add(new SpecProblem(where, "", "no such file or directory"));
            }
        }
        LoadResult loaded = loadTexts(texts);
        problems.addAll(loaded.problems());
        return new LoadResult(loaded.specs(), problems, loaded.warnings());
    }

    private static List<Path> yamlFiles(Path directory, SourceLocation where, List<SpecProblem> problems) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(p -> {
                        String name = p.getFileName().toString();
                        return (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p) && !hidden(directory.relativize(p));
                    })
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(new SpecProblem(where, "", "could not list the directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void read(Path file, Set<Path> seen, List<SourceText> texts, List<SpecProblem> problems) {
        if (!seen.add(file.toAbsolutePath().normalize())) {
            return; // named twice (say, as a file and within its directory)
        }
        try {
            long size = Files.size(file);
            if (size > 4L * YamlDocuments.MAX_TEXT_CHARS) { // a UTF-8 character is at most 4 bytes: bigger cannot fit, so it is not read at all
                problems.add(new SpecProblem(new SourceLocation(file.toString(), 1, 1), "", "the file is " + String.format("%,d", size)
                        + " bytes long; a definition file may be at most " + String.format("%,d", YamlDocuments.MAX_TEXT_CHARS)
                        + " characters (split it into several files)"));
                return;
            }
            texts.add(new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        } catch (CharacterCodingException e) {
            problems.add(new SpecProblem(SourceLocation.unknown(file.toString()), "", "not UTF-8 text"));
        } catch (IOException | UncheckedIOException e) {
            problems.add(new SpecProblem(SourceLocation.unknown(file.toString()), "", "could not read the file: " + e.getMessage()));
        }
    }

    /** Loads YAML texts, each of one or more documents, as one set (names refer across texts). */
    public LoadResult loadTexts(List<SourceText> texts) {
        List<Draft> drafts = new ArrayList<>();
        List<SpecProblem> warnings = new ArrayList<>();
        for (SourceText text : texts) {
            List<YamlDocuments.Document> read = documents.read(text);
            if (read.isEmpty()) {
                warnings.add(new SpecProblem(new SourceLocation(text.origin(), text.lineOffset() + 1, 1), "", "holds no definition (it is empty, or only comments);"
                        + " a definition that was in it is not loaded"));
            }
            for (YamlDocuments.Document document : read) {
                drafts.add(Draft.read(text, document));
            }
        }
        reportDuplicates(drafts);
        Map<String, ConnectorSpec> connectors = new LinkedHashMap<>();
        Map<String, ConnectionSpec> connections = new LinkedHashMap<>();
        Map<String, SyncSpec> syncs = new LinkedHashMap<>();
        java.util.Set<String> flows = new java.util.HashSet<>();
        Map<String, AlertChannelSpec> alertChannels = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            if (draft.spec() instanceof FlowSpec f && f.name() != null) {
                flows.add(f.name());
            }
            // specs with problems count here too, so one mistake is not reported again at every reference
            if (draft.spec() instanceof ConnectorSpec c && c.name() != null) {
                connectors.putIfAbsent(c.name(), c);
            } else if (draft.spec() instanceof ConnectionSpec c && c.name() != null) {
                connections.putIfAbsent(c.name(), c);
            } else if (draft.spec() instanceof SyncSpec c && c.name() != null) {
                syncs.putIfAbsent(c.name(), c);
            } else if (draft.spec() instanceof AlertChannelSpec c && c.name() != null) {
                alertChannels.putIfAbsent(c.name(), c);
            }
        }
        Map<String, ConnectionSpec> primaries = new HashMap<>();
        for (Draft draft : drafts) {
            if (draft.spec() instanceof ConnectionSpec connection) {
                ConnectionReader.crossCheck(draft.root(), connection, connectors);
                ConnectionReader.crossCheckOverrides(draft.root(), connection, syncs);
                ConnectionReader.crossCheckPrimary(draft.root(), connection, primaries);
            } else if (draft.spec() instanceof SyncSpec sync) {
                SyncReader.crossCheck(draft.root(), sync, connections, connectors, flows);
            } else if (draft.spec() instanceof FlowSpec flow) {
                FlowReader.crossCheck(draft.root(), flow, connections, connectors, flows);
            } else if (draft.spec() instanceof AlertSpec alert) {
                AlertReader.crossCheck(draft.root(), alert, alertChannels, syncs);
            }
        }
        List<LoadedSpec> specs = new ArrayList<>();
        List<SpecProblem> problems = new ArrayList<>();
        for (Draft draft : drafts) {
            warnings.addAll(draft.problems().warnings());
            if (draft.problems().isEmpty() && draft.spec() != null) {
                specs.add(new LoadedSpec(draft.spec(), draft.source(), draft.document().text(), draft.document().lineOffset()));
            } else {
                problems.addAll(draft.problems().sorted());
            }
        }
        return new LoadResult(specs, problems, warnings);
    }

    /** A second spec of the same kind and name is a problem, reported at its name. */
    private static void reportDuplicates(List<Draft> drafts) {
        Map<String, Draft> first = new HashMap<>();
        for (Draft draft : drafts) {
            if (draft.spec() == null || draft.spec().name() == null) {
                continue;
            }
            Draft earlier = first.putIfAbsent(draft.spec().kind() + "/" + draft.spec().name(), draft);
            if (earlier != null) {
                draft.problems().add(draft.nameLocation(), "name", "duplicate " + draft.spec().kind() + " '" + draft.spec().name()
                        + "'; it is already defined at " + earlier.nameLocation());
            }
        }
    }
}
