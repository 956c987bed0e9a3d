package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.WebhookSpec.ValueSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code webhooks:} of a connector: the defaults each scheme fills in, and every problem with its file:line:column. */
class SpecLoaderWebhooksTest {
    private static final String HEAD = """
            kind: Connector
            name: hooks
            baseUrl: http://127.0.0.1:9
            secrets:
              current: {}
              previous: {}
            actions:
              subscribe: { request: { method: POST, path: /subscriptions } }
              unsubscribe: { request: { method: DELETE, path: /subscriptions } }
            """; // webhooks: is on line 10

    private final SpecLoader loader = new SpecLoader();

    private WebhookSpec load(String yaml) {
        LoadResult result = loader.loadTexts(List.of(new SourceText("hooks.yaml", HEAD + yaml)));
        assertThat(result.problems()).isEmpty();
        return result.connectors().get("hooks").webhooks();
    }

    private List<String> problems(String yaml) {
        return loader.loadTexts(List.of(new SourceText("hooks.yaml", HEAD + yaml))).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aGraphConnectorMayNameASecretThatDecryptsRichNotificationsAndOnlyGraphMay() {
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: msgraph, secret: "{{ secrets.current }}", decryptionKey: "{{ secrets.previous }}" }
                """);
        assertThat(((WebhookScheme.Vendor) spec.verify()).decryptionKey()).isEqualTo("{{ secrets.previous }}");

        assertThat(problems("""
                webhooks:
                  verify: { scheme: msgraph, secret: "{{ secrets.current }}", decryptionKey: "-----BEGIN PRIVATE KEY-----" }
                """)).singleElement().asString().startsWith("hooks.yaml:11:78 webhooks.verify.decryptionKey: expected a reference to a declared"
                        + " secret such as \"{{ secrets.decryptionKey }}\", found 'literal text'");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}", decryptionKey: "{{ secrets.previous }}" }
                """)).singleElement().asString().contains("webhooks.verify.decryptionKey: unknown key");
    }

    @Test
    void aStandardWebhooksConnectorNeedsOnlyItsSecretAndGetsTheSchemeDefaults() {
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: standard-webhooks, secret: "{{ secrets.current }}" }
                """);

        assertThat(spec.verify()).isEqualTo(new WebhookScheme.StandardWebhooks(List.of("{{ secrets.current }}"), false));
        assertThat(spec.eventId()).isEqualTo(new ValueSource.Header("webhook-id"));
        assertThat(spec.eventType()).isEqualTo(new ValueSource.Path("$.type"));
        assertThat(spec.tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(spec.ordered()).isFalse();
        assertThat(spec.handshake()).isNull();
        assertThat(spec.location().line()).isEqualTo(11);
    }

    @Test
    void eachVendorSchemeFillsItsEventIdAndTypeDefaults() {
        String yaml = "webhooks:\n  verify: { scheme: %s, secret: \"{{ secrets.current }}\" }\n";
        assertThat(load(yaml.formatted("svix")).eventId()).isEqualTo(new ValueSource.Header("svix-id"));
        assertThat(load(yaml.formatted("github")).eventId()).isEqualTo(new ValueSource.Header("X-GitHub-Delivery"));
        assertThat(load(yaml.formatted("github")).eventType()).isEqualTo(new ValueSource.Header("X-GitHub-Event"));
        assertThat(load(yaml.formatted("stripe")).eventId()).isEqualTo(new ValueSource.Path("$.id"));
        assertThat(load(yaml.formatted("stripe")).eventType()).isEqualTo(new ValueSource.Path("$.type"));
        assertThat(load(yaml.formatted("slack")).eventId()).isEqualTo(new ValueSource.Path("$.event_id"));
        assertThat(load(yaml.formatted("slack")).eventType()).isEqualTo(new ValueSource.Path("$.event.type"));
        WebhookSpec hubspot = load(yaml.formatted("hubspot"));
        assertThat(hubspot.events()).isEqualTo("$");
        assertThat(hubspot.eventId()).isEqualTo(new ValueSource.Joined(List.of("$.subscriptionId", "$.eventId", "$.occurredAt")));
        assertThat(hubspot.eventType()).isEqualTo(new ValueSource.Path("$.subscriptionType"));
        WebhookSpec twilio = load(yaml.formatted("twilio"));
        assertThat(twilio.eventId()).isEqualTo(new ValueSource.Header("I-Twilio-Idempotency-Token"));
        assertThat(twilio.events()).isNull();
        assertThat(twilio.verify().signsTimestamp()).isFalse();
        WebhookSpec sendgrid = load(yaml.formatted("sendgrid"));
        assertThat(sendgrid.events()).isEqualTo("$");
        assertThat(sendgrid.eventId()).isEqualTo(new ValueSource.Path("$.sg_event_id"));
        assertThat(sendgrid.eventType()).isEqualTo(new ValueSource.Path("$.event"));
    }

    @Test
    void shopifyAndZoomFillTheirDefaultsAndZoomAnswersItsEndpointCheck() {
        String yaml = "webhooks:\n  verify: { scheme: %s, secret: \"{{ secrets.current }}\" }\n";
        WebhookSpec shopify = load(yaml.formatted("shopify"));
        assertThat(shopify.eventId()).isEqualTo(new ValueSource.Header("X-Shopify-Event-Id"));
        assertThat(shopify.eventType()).isEqualTo(new ValueSource.Header("X-Shopify-Topic"));
        WebhookSpec zoom = load(yaml.formatted("zoom"));
        assertThat(zoom.eventId()).isEqualTo(new ValueSource.Digest());
        assertThat(zoom.eventType()).isEqualTo(new ValueSource.Path("$.event"));
        assertThat(zoom.handshake().when()).containsExactly(new WebhookSpec.Handshake.When(new ValueSource.Path("$.event"), "endpoint.url_validation"));
        assertThat(load(yaml.formatted("shopify") + "  tenant: { header: X-Shopify-Shop-Domain }\n").tenant())
                .isEqualTo(new ValueSource.Header("X-Shopify-Shop-Domain"));
    }

    @Test
    void aHandshakeConditionMayNameASecretAndADigestIsTheOnlyOtherEventIdForm() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                  handshake:
                    query: hub.challenge
                    when: { query: hub.verify_token, equals: "{{ config.token }}" }
                    signed: false
                """)).containsExactly("hooks.yaml:14:46 webhooks.handshake.when.equals: unknown template variable 'config.token'"
                + " (known: secrets.current, secrets.previous)");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}" }
                  eventId: { digest: md5 }
                """)).containsExactly("hooks.yaml:12:22 webhooks.eventId.digest: 'md5' is not one of sha256");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}" }
                  eventId: { digest: sha256, path: $.id }
                """)).containsExactly("hooks.yaml:12:22 webhooks.eventId.digest: give only one of path, header, paths, digest, found path and digest");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}" }
                  eventId: { paths: [$.id] }
                """)).containsExactly("hooks.yaml:12:21 webhooks.eventId.paths: expected two or more payload paths whose values together"
                + " identify an event, found 1; for one, write eventId: PATH");
        assertThat(load("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}" }
                  eventId: { paths: [$.subscriptionId, $.eventId] }
                """).eventId()).isEqualTo(new ValueSource.Joined(List.of("$.subscriptionId", "$.eventId")));
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                  handshake:
                    query: hub.challenge
                    when: { query: hub.verify_token, equals: "{{ secrets.previous }}" }
                    signed: false
                """);
        assertThat(spec.handshake().when().getFirst().equals()).isEqualTo("{{ secrets.previous }}");
    }

    @Test
    void aRenewActionRunsEveryRenewEveryOfAMinuteOrMoreAndNeedsRegister() {
        String yaml = """
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                %s""";
        WebhookSpec renewed = load(yaml.formatted("  register: subscribe\n  renew: subscribe\n  renewEvery: 2d\n"));
        assertThat(renewed.renew()).isEqualTo("subscribe");
        assertThat(renewed.renewEvery()).isEqualTo(Duration.ofDays(2));
        assertThat(problems(yaml.formatted("  renew: subscribe\n  renewEvery: 2d\n"))).singleElement().asString()
                .contains("webhooks.renew: renew renews what the register action created");
        assertThat(problems(yaml.formatted("  register: subscribe\n  renew: subscribe\n"))).singleElement().asString()
                .contains("webhooks: missing required key 'renewEvery'");
        assertThat(problems(yaml.formatted("  register: subscribe\n  renewEvery: 2d\n"))).singleElement().asString()
                .contains("webhooks.renewEvery: renewEvery says how often the renew action runs; name it with renew:");
        assertThat(problems(yaml.formatted("  register: subscribe\n  renew: subscribe\n  renewEvery: 30s\n"))).singleElement().asString()
                .contains("webhooks.renewEvery: expected 1m or more (renewals are checked every minute), found 30s");
        assertThat(problems(yaml.formatted("  register: subscribe\n  renew: renewIt\n  renewEvery: 1d\n"))).singleElement().asString()
                .contains("webhooks.renew");
    }

    @Test
    void aSecretSentInAHandshakeNamesItsHeaderNeedsRegisterAndIsTheOnlyKeyOfItsHandshake() {
        String yaml = """
                webhooks:
                  verify: { scheme: hmac, header: X-Hook-Signature, secret: "{{ handshake.secret }}" }
                  eventId: { digest: sha256 }
                  handshake: %s
                %s""";
        WebhookSpec asana = load(yaml.formatted("{ secretHeader: X-Hook-Secret }", "  register: subscribe\n"));
        assertThat(asana.secretHeader()).isEqualTo("X-Hook-Secret");
        assertThat(asana.handshake()).isNull();
        assertThat(problems(yaml.formatted("{ secretHeader: X-Hook-Secret }", ""))).singleElement().asString()
                .contains("webhooks.handshake: a secretHeader handshake is taken only while Junction creates the webhook, so it needs register");
        assertThat(problems(yaml.formatted("{ secretHeader: X-Hook-Secret, query: challenge }", "  register: subscribe\n")))
                .anySatisfy(p -> assertThat(p).contains("webhooks.handshake.query: a secretHeader handshake answers by echoing that header, so it takes no query"));
        assertThat(problems(yaml.formatted("{ secretHeader: \"X Hook\" }", "  register: subscribe\n")))
                .anySatisfy(p -> assertThat(p).contains("expected a header name such as X-Hook-Secret, found 'X Hook'"));
        assertThat(problems(yaml.formatted("{ query: challenge, signed: false }", "  register: subscribe\n")))
                .anySatisfy(p -> assertThat(p).contains("{{ handshake.secret }} is the secret the provider sends while the webhook is being created,"
                        + " so it needs handshake: { secretHeader: NAME }"));
    }

    @Test
    void aHandshakeConditionMayBeAListAllOfWhichMustHoldAndEachItemIsCheckedWhereItStands() {
        String yaml = """
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                  handshake:
                    query: hub.challenge
                    when:
                      - { query: hub.mode, equals: subscribe }
                      - %s
                    signed: false
                """;
        WebhookSpec meta = load(yaml.formatted("{ query: hub.verify_token, equals: \"{{ secrets.previous }}\" }"));
        assertThat(meta.handshake().when()).containsExactly(new WebhookSpec.Handshake.When(new ValueSource.Query("hub.mode"), "subscribe"),
                new WebhookSpec.Handshake.When(new ValueSource.Query("hub.verify_token"), "{{ secrets.previous }}"));
        assertThat(problems(yaml.formatted("{ query: hub.verify_token }")))
                .containsExactly("hooks.yaml:16:9 webhooks.handshake.when[1]: missing required key 'equals'");
        assertThat(problems(yaml.formatted("{ path: $.type, equals: x }"))).singleElement().asString()
                .contains("webhooks.handshake.signed: an unsigned challenge");
        assertThat(problems(yaml.replace("""
                    when:
                      - { query: hub.mode, equals: subscribe }
                      - %s
                """, "    when: []\n"))).anySatisfy(p -> assertThat(p).contains("webhooks.handshake.when").contains("found an empty list"));
    }

    @Test
    void pairsReadTheTimestampAndSignatureFromOneHeaderAndTakeNoPrefixOrTimestampHeader() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, prefix: "v1=", pairs: { signature: v1 }, secret: "{{ secrets.current }}" }
                  eventId: $.id
                """)).singleElement().asString().contains("webhooks.verify.prefix: with pairs the signature and the timestamp are read from the pairs");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, pairs: { signature: v1, stamp: t }, secret: "{{ secrets.current }}" }
                  eventId: $.id
                """)).singleElement().asString().contains("webhooks.verify.pairs.stamp: unknown key");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, pairs: { signature: v1, timestamp: t }, secret: "{{ secrets.current }}" }
                  eventId: $.id
                """)).singleElement().asString().contains("webhooks.verify.pairs: the timestamp is not in signedContent");
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: hmac, header: Paddle-Signature, pairs: { separator: ";", timestamp: ts, signature: h1 },
                            signedContent: "{{ timestamp }}:{{ body }}", secret: "{{ secrets.current }}" }
                  eventId: $.event_id
                """);
        assertThat(((WebhookScheme.Hmac) spec.verify()).pairs()).isEqualTo(new WebhookScheme.Hmac.Pairs(";", "ts", "h1"));
        assertThat(spec.verify().signsTimestamp()).isTrue();
    }

    @Test
    void aPublicKeySchemeNeedsItsAlgorithmAndReadsTheGenericKeys() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: public-key, header: X-Sig, secret: "{{ secrets.current }}" }
                  eventId: $.id
                """)).containsExactly("hooks.yaml:11:3 webhooks.verify: missing required key 'algorithm' (one of ed25519, ecdsa-sha256, rsa-sha256)");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: public-key, algorithm: ed448, secretEncoding: hex, header: X-Sig, secret: "{{ secrets.current }}" }
                  eventId: $.id
                """)).containsExactly(
                "hooks.yaml:11:44 webhooks.verify.algorithm: 'ed448' is not one of ed25519, ecdsa-sha256, rsa-sha256",
                "hooks.yaml:11:51 webhooks.verify.secretEncoding: unknown key; did you mean 'secret'? (allowed: scheme, secret, secrets,"
                        + " algorithm, encoding, header, prefix, signedContent, timestampHeader, timestampUnit)");
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: public-key, algorithm: ecdsa-sha256, header: X-Sig, timestampHeader: X-Ts,
                            signedContent: "{{ timestamp }}{{ body }}", secret: "{{ secrets.current }}" }
                  eventId: $.id
                """);
        assertThat(spec.verify()).isEqualTo(new WebhookScheme.PublicKey(List.of("{{ secrets.current }}"), WebhookScheme.KeyAlgorithm.ECDSA_SHA256,
                WebhookScheme.Encoding.BASE64, "X-Sig", "", "{{ timestamp }}{{ body }}", "X-Ts", WebhookScheme.TimestampUnit.SECONDS));
    }

    @Test
    void eventsOfADeliveryNeedTheirIdsInsideThemAndAMillisecondTimestampNeedsItsHeader() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                  events: $.events
                """)).containsExactly("hooks.yaml:12:11 webhooks.events: with events, each event's id must be a payload path inside the event,"
                + " such as $.eventId: a header or query value is the same for every event of a delivery, so all but the first would be taken"
                + " for redeliveries");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", timestampUnit: milliseconds }
                  eventId: $.id
                """)).containsExactly("hooks.yaml:11:90 webhooks.verify.timestampUnit: timestampUnit says how the timestampHeader's value counts"
                + " time, but no timestampHeader is named");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", signedContent: "{{ method }}{{ url }}{{ form }}{{ body }}" }
                  eventId: $.id
                  events: "$.items[x]"
                """)).containsExactly("hooks.yaml:13:11 webhooks.events: invalid JSON path '$.items[x]': expected an array index or a quoted key"
                + " inside [...], found 'x'");
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", timestampHeader: X-Ts, timestampUnit: milliseconds,
                            signedContent: "{{ timestamp }}{{ body }}" }
                  eventId: $.id
                  events: $.items
                """);
        assertThat(spec.events()).isEqualTo("$.items");
        assertThat(((WebhookScheme.Hmac) spec.verify()).timestampUnit()).isEqualTo(WebhookScheme.TimestampUnit.MILLISECONDS);
    }

    @Test
    void readsEveryKeyOfAGenericHmacConnector() {
        WebhookSpec spec = load("""
                webhooks:
                  verify:
                    scheme: hmac
                    secrets: ["{{ secrets.current }}", "{{ secrets.previous }}"]
                    algorithm: sha512
                    encoding: base64
                    header: X-Signature
                    prefix: "v1="
                    signedContent: "{{ timestamp }}.{{ headers.X-Delivery }}.{{ body }}"
                    timestampHeader: X-Timestamp
                    secretEncoding: hex
                  tolerance: 2m
                  eventId: { header: X-Delivery }
                  eventType: $.event
                  recordKey: $.data.id
                  record: $.data
                  tenant: $.account
                  ordered: true
                  maxBodySize: 256KiB
                  handshake:
                    path: $.challenge
                    when: { path: $.type, equals: url_verification }
                    respond: '{"challenge": {{ challenge }}}'
                    contentType: application/json
                  register: subscribe
                  unregister: unsubscribe
                """);

        assertThat(spec).isEqualTo(new WebhookSpec(
                new WebhookScheme.Hmac(List.of("{{ secrets.current }}", "{{ secrets.previous }}"), WebhookScheme.Algorithm.SHA512,
                        WebhookScheme.Encoding.BASE64, "X-Signature", "v1=", "{{ timestamp }}.{{ headers.X-Delivery }}.{{ body }}", "X-Timestamp",
                        WebhookScheme.Encoding.HEX),
                Duration.ofMinutes(2), new ValueSource.Header("X-Delivery"), new ValueSource.Path("$.event"), "$.data.id", "$.data", "$.account", null,
                new WebhookSpec.Handshake(new ValueSource.Path("$.challenge"),
                        List.of(new WebhookSpec.Handshake.When(new ValueSource.Path("$.type"), "url_verification")),
                        "{\"challenge\": {{ challenge }}}", "application/json", 200, true),
                256 * 1024, true, "subscribe", "unsubscribe", spec.location()));
    }

    @Test
    void aQueryChallengeIsUnsignedByDefault() {
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: shared-secret, header: X-Token, secret: "{{ secrets.current }}" }
                  eventId: $.value[0].subscriptionId
                  handshake: { query: validationToken }
                """);

        assertThat(spec.handshake()).isEqualTo(new WebhookSpec.Handshake(new ValueSource.Query("validationToken"), null, "{{ challenge }}",
                "text/plain", 200, false));
    }

    @Test
    void reportsEachProblemWhereItIsWritten() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", algoritm: sha256 }
                  tolerence: 5m
                """)).containsExactly(
                "hooks.yaml:10:1 webhooks: missing required key 'eventId' (scheme 'hmac' sends no event id of its own; name a payload path"
                        + " such as $.id or a header such as { header: X-Event-Id }, so that redelivered events can be recognized)",
                "hooks.yaml:11:75 webhooks.verify.algoritm: unknown key; did you mean 'algorithm'? (allowed: scheme, secret, secrets, algorithm,"
                        + " encoding, header, prefix, signedContent, timestampHeader, timestampUnit, secretEncoding, pairs)",
                "hooks.yaml:12:3 webhooks.tolerence: unknown key; did you mean 'tolerance'? (allowed: verify, tolerance, events, formJson, messageJson, eventId,"
                        + " eventType, recordKey, record, tenant, routeTo, handshake, maxBodySize, ordered, register, unregister, renew, renewEvery)");
    }

    @Test
    void aSecretMustBeAReferenceToADeclaredSecretAndAtMostTwoAreTaken() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "s3cr3t" }
                """)).containsExactly("hooks.yaml:11:37 webhooks.verify.secret: expected a reference to a declared secret such as"
                + " \"{{ secrets.webhookSecret }}\", or to a field of the webhook's registration such as \"{{ registration.signature_key }}\","
                + " found 'literal text'; a webhook secret comes from each connection, never from the connector");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ registration.secret }}" }
                """)).containsExactly("hooks.yaml:11:11 webhooks.verify: a secret from the registration ({{ registration.FIELD }}) is what the"
                + " register action answered, so it needs register: the action that creates the webhook at the provider");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secrets: ["{{ secrets.current }}", "{{ secrets.previous }}", "{{ secrets.current }}"] }
                """)).containsExactly("hooks.yaml:11:38 webhooks.verify.secrets: expected one or two secrets (the current one, then the previous"
                + " one during a rotation), found 3");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.curent }}" }
                """)).containsExactly("hooks.yaml:11:37 webhooks.verify.secret: unknown template variable 'secrets.curent'; did you mean"
                + " 'secrets.current'? (known: secrets.current, secrets.previous)");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github }
                """)).containsExactly("hooks.yaml:11:3 webhooks.verify: missing required key 'secret' (or 'secrets': the current and, during a"
                + " rotation, the previous one), such as \"{{ secrets.webhookSecret }}\"");
    }

    @Test
    void refusesAnUnknownSchemeWithTheKnownOnes() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: standard-webhook, secret: "{{ secrets.current }}" }
                """)).containsExactly("hooks.yaml:11:21 webhooks.verify.scheme: 'standard-webhook' is not one of hmac, standard-webhooks, svix,"
                + " stripe, github, slack, hubspot, twilio, sendgrid, shopify, zoom, mailgun, zendesk, sns, paypal, msgraph, public-key, shared-secret, basic");
    }

    @Test
    void hubSpotChecksV3UnlessTheConnectorNamesAnOlderVersionAndV2NeedsAnEventId() {
        String yaml = "webhooks:\n  verify: { scheme: hubspot, secret: \"{{ secrets.current }}\"%s }\n";
        assertThat(load(yaml.formatted("")).verify()).isEqualTo(new WebhookScheme.Vendor(WebhookVendor.HUBSPOT,
                List.of("{{ secrets.current }}"), null));
        assertThat(load(yaml.formatted(", version: v3")).verify()).isEqualTo(load(yaml.formatted("")).verify());
        WebhookSpec v1 = load(yaml.formatted(", version: v1"));
        assertThat(v1.verify().signsTimestamp()).isFalse();
        assertThat(v1.events()).isEqualTo("$");
        assertThat(v1.eventType()).isEqualTo(new ValueSource.Path("$.subscriptionType"));
        assertThat(load(yaml.formatted(", version: any")).verify().signsTimestamp()).isTrue();
        WebhookSpec v2 = load(yaml.formatted(", version: v2") + "  eventId: $.callbackId\n");
        assertThat(v2.events()).isNull();
        assertThat(v2.eventType()).isNull();

        assertThat(problems(yaml.formatted(", version: v4"))).containsExactly(
                "hooks.yaml:11:72 webhooks.verify.version: 'v4' is not one of v3, v1, v2, any");
        assertThat(problems(yaml.formatted(", version: v2"))).containsExactly("hooks.yaml:10:1 webhooks: missing required key 'eventId' (scheme 'hubspot'"
                + " version v2 sends no event id of its own; name a payload path such as $.id or a header such as { header: X-Event-Id },"
                + " so that redelivered events can be recognized)");
        assertThat(problems(yaml.formatted(", version: v1") + "  tolerance: 1m\n")).containsExactly(
                "hooks.yaml:12:14 webhooks.tolerance: scheme 'hubspot' version v1 signs no timestamp, so a tolerance has no effect; remove it");
        assertThat(problems("webhooks:\n  verify: { scheme: github, secret: \"{{ secrets.current }}\", version: v1 }\n")).containsExactly(
                "hooks.yaml:11:62 webhooks.verify.version: unknown key (allowed: scheme, secret, secrets)");
    }

    @Test
    void snsTakesTopicsInsteadOfSecretsAndAnswersItsSubscriptionMessagesItself() {
        WebhookSpec spec = load("""
                webhooks:
                  verify: { scheme: sns, topics: ["arn:aws:sns:us-east-1:123456789012:orders", "arn:aws:sns:*:123456789012:audit-*"] }
                  messageJson: true
                """);

        assertThat(spec.verify()).isEqualTo(new WebhookScheme.Vendor(WebhookVendor.SNS,
                List.of("arn:aws:sns:us-east-1:123456789012:orders", "arn:aws:sns:*:123456789012:audit-*")));
        assertThat(spec.eventId()).isEqualTo(new ValueSource.Path("$.MessageId"));
        assertThat(spec.eventType()).isEqualTo(new ValueSource.Path("$.Type"));
        assertThat(spec.messageJson()).isTrue();
        assertThat(spec.verify().signsTimestamp()).isTrue();
        assertThat(spec.handshake().challenge()).isEqualTo(new ValueSource.Path("$.SubscribeURL"));
        assertThat(spec.handshake().confirm()).isEqualTo(new WebhookSpec.Handshake.When(new ValueSource.Path("$.Type"), "SubscriptionConfirmation"));
        assertThat(SnsTopics.matches("arn:aws:sns:*:123456789012:audit-*", "arn:aws:sns:eu-west-1:123456789012:audit-x")).isTrue();
        assertThat(SnsTopics.matches("arn:aws:sns:*:123456789012:audit-*", "arn:aws:sns:eu-west-1:123456789012:x:audit-x")).isFalse();
        assertThat(load("webhooks:\n  verify: { scheme: sns, topic: \"{{ config.topicArn }}\" }\n".replace("webhooks:", "config:\n  topicArn: {}\nwebhooks:"))
                .verify().secrets()).containsExactly("{{ config.topicArn }}");
    }

    @Test
    void snsRefusesAMissingTopicAnyAccountsTopicsAndAHandshakeOfItsOwn() {
        assertThat(problems("webhooks:\n  verify: { scheme: sns }\n")).containsExactly("hooks.yaml:11:3 webhooks.verify: missing required key"
                + " 'topic' (or 'topics'): the ARN of the SNS topic this connection takes, such as arn:aws:sns:us-east-1:123456789012:orders"
                + " or \"{{ config.topicArn }}\"; Amazon signs every topic's messages alike, so without it any AWS account's topic could deliver here");
        assertThat(problems("webhooks:\n  verify: { scheme: sns, topic: \"arn:aws:sns:us-east-1:*:orders\" }\n")).containsExactly(
                "hooks.yaml:11:33 webhooks.verify.topic: the account of a topic must be named, not matched with '*': any AWS account can create"
                        + " a topic and subscribe this endpoint to it; found 'arn:aws:sns:us-east-1:*:orders'");
        assertThat(problems("webhooks:\n  verify: { scheme: sns, topics: [orders] }\n")).containsExactly(
                "hooks.yaml:11:35 webhooks.verify.topics[0]: expected the ARN of an SNS topic such as arn:aws:sns:us-east-1:123456789012:orders"
                        + " ('*' matches any run of characters within a part), found 'orders'");
        assertThat(problems("webhooks:\n  verify: { scheme: sns, topic: \"arn:aws:sns:us-east-1:123456789012:o\", secret: \"{{ secrets.current }}\" }\n"))
                .containsExactly("hooks.yaml:11:73 webhooks.verify.secret: unknown key (allowed: scheme, topic, topics)");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: sns, topic: "arn:aws:sns:us-east-1:123456789012:orders" }
                  handshake: { path: $.SubscribeURL }
                """)).containsExactly("hooks.yaml:12:14 webhooks.handshake: scheme sns confirms its subscriptions itself (a GET of the"
                + " SubscriptionConfirmation's SubscribeURL); remove handshake");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                  messageJson: true
                """)).containsExactly("hooks.yaml:12:16 webhooks.messageJson: messageJson reads the Message of an Amazon SNS message as JSON,"
                + " so it needs scheme: sns");
    }

    @Test
    void anHmacSignedContentMustCoverTheBodyAndSignTheTimestampItNames() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", signedContent: "{{ timestamp }}", timestampHeader: X-Ts }
                  eventId: $.id
                """)).containsExactly("hooks.yaml:11:90 webhooks.verify.signedContent: signedContent must contain {{ body }}, so that the body is"
                + " authenticated; found '{{ timestamp }}'");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", timestampHeader: X-Ts }
                  eventId: $.id
                """)).containsExactly("hooks.yaml:11:92 webhooks.verify.timestampHeader: the timestamp is not in signedContent, so it is not signed"
                + " and protects nothing; add {{ timestamp }} to signedContent as the provider signs it, such as \"{{ timestamp }}.{{ body }}\"");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: hmac, header: X-Sig, secret: "{{ secrets.current }}", signedContent: "{{ bdy }}" }
                  eventId: $.id
                """)).contains("hooks.yaml:11:90 webhooks.verify.signedContent: unknown template variable 'bdy'; did you mean 'body'?"
                + " (known: body, timestamp, headers.NAME, query.NAME, method, url, form)");
    }

    @Test
    void reportsWrongValuesOfTheOtherKeys() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: github, secret: "{{ secrets.current }}" }
                  tolerance: 5m
                  ordered: true
                  recordKey: $.data[x]
                  maxBodySize: lots
                  register: subscrib
                  eventId: { header: X-Id, path: $.id }
                """)).containsExactly(
                "hooks.yaml:12:14 webhooks.tolerance: scheme 'github' signs no timestamp, so a tolerance has no effect; remove it",
                "hooks.yaml:14:14 webhooks.recordKey: invalid JSON path '$.data[x]': expected an array index or a quoted key inside [...], found 'x'",
                "hooks.yaml:15:16 webhooks.maxBodySize: expected a size in bytes greater than zero, such as 1048576, 512KB or 1MiB, found 'lots'",
                "hooks.yaml:16:13 webhooks.register: unknown action 'subscrib'; did you mean 'subscribe'? (known: subscribe, unsubscribe)",
                "hooks.yaml:17:22 webhooks.eventId.header: give only one of path, header, paths, digest, found path and header");
    }

    @Test
    void orderedProcessingNeedsARecordKey() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: stripe, secret: "{{ secrets.current }}" }
                  ordered: true
                """)).containsExactly("hooks.yaml:12:12 webhooks.ordered: ordered: true keeps the events of one record in arrival order, so it"
                + " needs recordKey, the payload path of the record's key, such as $.data.id");
    }

    @Test
    void aHandshakeNeedsOneChallengeAndAnsweringBeforeVerificationCannotReadThePayload() {
        assertThat(problems("""
                webhooks:
                  verify: { scheme: slack, secret: "{{ secrets.current }}" }
                  handshake: { respond: "{{ secrets.current }}" }
                """)).containsExactly(
                "hooks.yaml:12:3 webhooks.handshake: missing required key 'path' (one of path, query, such as $.challenge or validationToken)",
                "hooks.yaml:12:25 webhooks.handshake.respond: unknown template variable 'secrets.current' (known: challenge, challengeHmac)");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: slack, secret: "{{ secrets.current }}" }
                  handshake: { query: token, when: { path: $.type, equals: x }, signed: false }
                """)).containsExactly("hooks.yaml:12:73 webhooks.handshake.signed: an unsigned challenge is answered before the payload is verified,"
                + " so its condition cannot read the payload; use when: { query: NAME, equals: VALUE } or { header: NAME, equals: VALUE }");
        assertThat(problems("""
                webhooks:
                  verify: { scheme: slack, secret: "{{ secrets.current }}" }
                  handshake: { path: $.challenge, signed: false }
                """)).containsExactly("hooks.yaml:12:43 webhooks.handshake.signed: a challenge in the payload is answered only after the payload is"
                + " verified; signed: false fits only a query challenge such as { query: validationToken }");
    }

    /** A connector with config fields, for routeTo: its webhooks: is on line 9. */
    private List<String> routeProblems(String webhooks) {
        String head = """
                kind: Connector
                name: app
                baseUrl: http://127.0.0.1:9
                config:
                  accountId: { required: false }
                  region: { default: eu }
                secrets:
                  current: {}
                """;
        LoadResult result = loader.loadTexts(List.of(new SourceText("app.yaml", head + webhooks)));
        if (result.problems().isEmpty()) {
            assertThat(result.connectors().get("app").webhooks().routeTo()).isEqualTo("accountId");
        }
        return result.problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void routeToNamesTheConfigFieldAnAppLevelDeliveryIsMatchedWith() {
        assertThat(routeProblems("""
                webhooks:
                  verify: { scheme: stripe, secret: "{{ secrets.current }}" }
                  tenant: $.account
                  routeTo: config.accountId
                """)).isEmpty();
    }

    @Test
    void routeToIsRefusedWithoutTenantOrWhenItNamesNoDeclaredConfigField() {
        assertThat(routeProblems("""
                webhooks:
                  verify: { scheme: stripe, secret: "{{ secrets.current }}" }
                  routeTo: config.accountId
                """)).containsExactly("app.yaml:11:12 webhooks.routeTo: routeTo names the connection field an app-level delivery's routing"
                + " value is matched with, so it needs tenant:, the payload path of that value (such as tenant: $.account)");
        assertThat(routeProblems("""
                webhooks:
                  verify: { scheme: stripe, secret: "{{ secrets.current }}" }
                  tenant: $.account
                  routeTo: config.acountId
                """)).containsExactly("app.yaml:12:12 webhooks.routeTo: unknown config field 'acountId'; did you mean 'accountId'?"
                + " (known: accountId, region)");
        assertThat(routeProblems("""
                webhooks:
                  verify: { scheme: stripe, secret: "{{ secrets.current }}" }
                  tenant: $.account
                  routeTo: accountId
                """)).containsExactly("app.yaml:12:12 webhooks.routeTo: expected config.NAME, a config field of this connector whose value"
                + " on each tenant's connection says which deliveries are its own (such as routeTo: config.accountId), found 'accountId'");
    }
}
