package dev.junction.webhook;

import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Graph change notifications ({@code scheme: msgraph}): the endpoint's validation POST
 * answered with its token before anything is verified; each notification's {@code clientState} must be
 * the connection's secret; each is an event of its own, identified by its digest. Bodies as Graph's
 * documentation shows them.
 */
class MicrosoftGraphSchemeTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String YAML = """
            verify: { scheme: msgraph, secrets: ["{{ secrets.current }}", "{{ secrets.previous }}"] }
            recordKey: $.resourceData.id
            """;
    private static final String TWO = """
            {"value": [
              {"subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07", "subscriptionExpirationDateTime": "2026-12-09T18:23:45.9356913Z",
               "changeType": "created", "resource": "Users/ad2e1c3a/Messages/AAMkAGUwNjQ4ZjIxAAA=", "clientState": "secretClientValue",
               "resourceData": {"@odata.type": "#Microsoft.Graph.Message", "id": "AAMkAGUwNjQ4ZjIxAAA="}, "tenantId": "bb8775a4"},
              {"subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07", "subscriptionExpirationDateTime": "2026-12-09T18:23:45.9356913Z",
               "changeType": "updated", "resource": "Users/ad2e1c3a/Messages/AAMkAGUwNjQ4ZjIxAAB=", "clientState": "secretClientValue",
               "resourceData": {"@odata.type": "#Microsoft.Graph.Message", "id": "AAMkAGUwNjQ4ZjIxAAB="}, "tenantId": "bb8775a4"}
            ]}""";

    /** A throw-away key made for this test ({@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024}). */
    private static final String GRAPH_KEY = "-----BEGIN PRIVATE KEY-----" + "\n"
            + "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMAMqxZD0DxnEEBV" + "\n"
            + "0IEcLyNL+AstCQeDzxwnUbW6711bimtXjWJRbM7Z0nvoxq+Oj095HJA0vxPot1/i" + "\n"
            + "EymTAv/M3bBJbHFynjNbKF6AffHaYz0hUCyftEx0EbEhjpXDn5wY/tvqX1JqtrEk" + "\n"
            + "AEFcG4gf2PUGgj1zo+x2OK6we/0pAgMBAAECgYAF9F6ZoiCivs9SL1b3qdgMUB6w" + "\n"
            + "ugS9puiVBuMRr2ociuoPyfcoRT4Ka9aK4PzIFLN801R/ZCNIir6kym2trFE7b1Fu" + "\n"
            + "0t9SUaIWOf8Xk7W2CWXuV7CWI+j7GAymqI5Nzj9ipffb3mkE4taNvtDZ4P6MJEvc" + "\n"
            + "05C5YxIL2ztO9WjawQJBAPw7Sg0fbWdWffxFVJ6yu7akVvulU235dfO044XB5q3w" + "\n"
            + "qmUt9SRBCctanyyBq55zc0VpDsVFKFAZmhcPB8WvVZcCQQDC6zNMqRYQxbXdNXxt" + "\n"
            + "ONmHBn2gw0+OkKH2UN8YJpdUhoQtc/IUHd5PTeLtl7G6lEjnifZz8N48TfwJmUAG" + "\n"
            + "CRs/AkB1dkbuBYy1axoQuVjG7wVr8OxxFHTd6iZ77+llCP+cUU+I/vYChCdDhFhM" + "\n"
            + "Kbb6e1lbIam3RJWZd9LCmkVMUnLRAkAIBXfZ+sder1Q5oz7Ym9NP3DOFTyRSAJ+5" + "\n"
            + "rEBSFRx7LQH5gOEAdO42I0Voc6qru/h4FtRelxX+M1Ng7b6VwQAvAkEAq7bXp2ae" + "\n"
            + "2G2DVw3yTVOT+BXXaj7nq6snMHthG381m8sMdUPEdgUyJBQlbm7jj2BYuc3fwwJF" + "\n"
            + "iBIMhX9pahVU2A==" + "\n"
            + "-----END PRIVATE KEY-----" + "\n";
    /**
     * A rich notification's encryptedContent made with openssl as Graph documents it: a random 32-byte key, encrypted with the key's public
     * half ({@code openssl pkeyutl -encrypt -pkeyopt rsa_padding_mode:oaep}); the resource's JSON in AES-256-CBC with the key's first 16
     * bytes as IV ({@code openssl enc -aes-256-cbc -K <key> -iv <its first 16 bytes>}); HMAC-SHA256 of that data with the key.
     */
    private static final String RICH = """
            {"value": [{"subscriptionId": "7f105c7d", "changeType": "created", "clientState": "secretClientValue", "tenantId": "bb8775a4",
              "resource": "Users/ad2e1c3a/Messages/AAMkAGUwNjQ4ZjIxAAA=", "resourceData": {"id": "AAMkAGUwNjQ4ZjIxAAA="},
              "encryptedContent": {"data": "FSmngJq3kB/9Wf5X41k0fOUbkYR9KhJu6jKtBAa6CTNytryoc7F7lUZzUrPfiX4zBnPy9cJagL+73AIeg1xJGF76tEDIhupS7tS0ANSz1NTuoC2K0aP553a6X3TfSp6ljJwHhONRZrsc36UCSHOWpyTB7NUU0T9hiuo7ZHEzPMM=",
                "dataKey": "cIstI3UTCV1q2f2D5B2dKGXESZGNWDR2J76tS7fiaIpVCPDxcvomF5OGWHWWya4u/2ZxanaGVwNUP8VnPkZFA52CFZze3PbYIcwWMaoYjOZUnUfE2OMiI2aBzaeCyDt9fJ6cZIYHr7bItx2a4M6flLbhOyTSk7fwA33DnUbC4sM=",
                "dataSignature": "GpsdYUiCEj18NPD+hWDIOg+f0uXQWBTcAGQQqRcODGk=", "encryptionCertificateId": "junction-test", "encryptionCertificateThumbprint": "0A1B"}}]}""";
    private static final String RICH_YAML = """
            verify: { scheme: msgraph, secret: "{{ secrets.current }}", decryptionKey: "{{ secrets.previous }}" }
            recordKey: $.resourceData.id
            """;

    @Test
    void decryptsARichNotificationsResourceIntoDecryptedContent() {
        WebhookResult result = verifier(RICH_YAML, "secretClientValue", GRAPH_KEY).verify(WebhookDelivery.post(Map.of(), utf8(RICH), NOW));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Events.class, events -> assertThat(events.events()).singleElement().satisfies(e -> {
            assertThat(e.payload().at("/decryptedContent/subject").asText()).isEqualTo("Quarterly numbers");
            assertThat(e.payload().at("/decryptedContent/from/emailAddress/address").asText()).isEqualTo("ada@example.com");
            assertThat(e.payload().has("encryptedContent")).as("kept as sent").isTrue();
            assertThat(e.recordKey()).isEqualTo("AAMkAGUwNjQ4ZjIxAAA=");
        }));
        assertThat(verifier(YAML, "secretClientValue", "older").verify(WebhookDelivery.post(Map.of(), utf8(RICH), NOW)))
                .as("without a decryption key the notification is taken as sent").isInstanceOfSatisfying(WebhookResult.Events.class,
                        events -> assertThat(events.events().getFirst().payload().has("decryptedContent")).isFalse());
    }

    @Test
    void refusesARichNotificationWhoseSignatureDoesNotMatchOrWhoseKeyIsAnothers() {
        String tampered = RICH.replace("\"dataSignature\": \"GpsdYUiCEj18NPD+hWDIOg+f0uXQWBTcAGQQqRcODGk=\"", "\"dataSignature\": \"" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"");

        assertThat(verifier(RICH_YAML, "secretClientValue", GRAPH_KEY).verify(WebhookDelivery.post(Map.of(), utf8(tampered), NOW)))
                .isEqualTo(new WebhookResult.Rejected(400, "notification 1 of 1: encryptedContent.dataSignature does not match its data"));
        assertThat(verifier(RICH_YAML, "secretClientValue", OTHER_KEY).verify(WebhookDelivery.post(Map.of(), utf8(RICH), NOW)))
                .isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.reason())
                        .startsWith("notification 1 of 1: encryptedContent.dataKey cannot be decrypted with the connection's decryptionKey"));
        assertThatThrownBy(() -> verifier(RICH_YAML, "secretClientValue", "not a key"))
                .hasMessageContaining("webhooks.verify.decryptionKey: expected a PEM private key").hasMessageNotContaining("not a key");
    }

    /** Another throw-away key: not the one the notification's key was encrypted for. */
    private static final String OTHER_KEY = pem();

    private static String pem() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void answersTheValidationPostWithItsTokenAsTextBeforeAnythingIsVerified() {
        WebhookDelivery validation = new WebhookDelivery("POST", Map.of("Content-Type", List.of("text/plain; charset=utf-8")),
                Map.of("validationToken", List.of("Validation: Testing client application reachability for subscription Request-Id: 6b3b")),
                new byte[0], NOW);

        assertThat(verifier(YAML, "secretClientValue", "older").verify(validation)).isEqualTo(new WebhookResult.Handshake(200, "text/plain",
                "Validation: Testing client application reachability for subscription Request-Id: 6b3b"));
    }

    @Test
    void takesEachNotificationCarryingTheClientStateAsAnEventIdentifiedByItsDigest() {
        WebhookResult result = verifier(YAML, "secretClientValue", "older").verify(WebhookDelivery.post(Map.of(), utf8(TWO), NOW));
        WebhookResult rotated = verifier(YAML, "newer", "secretClientValue").verify(WebhookDelivery.post(Map.of(), utf8(TWO), NOW));
        WebhookResult again = verifier(YAML, "secretClientValue", "older").verify(WebhookDelivery.post(Map.of(), utf8(TWO), NOW.plusSeconds(30)));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Events.class, events -> {
            assertThat(events.events()).extracting(WebhookResult.Accepted::eventType).containsExactly("created", "updated");
            assertThat(events.events()).extracting(WebhookResult.Accepted::recordKey).containsExactly("AAMkAGUwNjQ4ZjIxAAA=", "AAMkAGUwNjQ4ZjIxAAB=");
            assertThat(events.events().get(0).eventId()).isNotEqualTo(events.events().get(1).eventId());
        });
        assertThat(rotated).as("the previous clientState during a rotation").isInstanceOf(WebhookResult.Events.class);
        assertThat(((WebhookResult.Events) again).events()).extracting(WebhookResult.Accepted::eventId)
                .as("Graph's retry is the same body: the same ids").isEqualTo(((WebhookResult.Events) result).events().stream()
                        .map(WebhookResult.Accepted::eventId).toList());
    }

    /** A lifecycle notification (Graph's documentation's body) carries no changeType: its type is its lifecycleEvent. */
    @Test
    void typesALifecycleNotificationByItsLifecycleEvent() {
        String lifecycle = """
                {"value": [
                  {"subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07", "subscriptionExpirationDateTime": "2026-12-09T18:23:45.9356913Z",
                   "tenantId": "bb8775a4", "clientState": "secretClientValue", "lifecycleEvent": "reauthorizationRequired"},
                  {"subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07", "subscriptionExpirationDateTime": "2026-12-09T18:23:45.9356913Z",
                   "tenantId": "bb8775a4", "clientState": "secretClientValue", "lifecycleEvent": "missed"}
                ]}""";

        WebhookResult result = verifier(YAML, "secretClientValue", "older").verify(WebhookDelivery.post(Map.of(), utf8(lifecycle), NOW));

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Events.class, events -> assertThat(events.events())
                .extracting(WebhookResult.Accepted::eventType).containsExactly("reauthorizationRequired", "missed"));
    }

    @Test
    void refusesTheWholeDeliveryWhenOneNotificationLacksTheClientState() {
        String oneForged = TWO.replaceFirst("\"clientState\": \"secretClientValue\"", "\"clientState\": \"guess\"");
        String oneWithout = TWO.replaceFirst("\"clientState\": \"secretClientValue\",", "");

        WebhookVerifier graph = verifier(YAML, "secretClientValue", "older");
        assertThat(graph.verify(WebhookDelivery.post(Map.of(), utf8(oneForged), NOW))).isEqualTo(new WebhookResult.Rejected(401,
                "wrong clientState in notification 1 of 2"));
        assertThat(graph.verify(WebhookDelivery.post(Map.of(), utf8(oneWithout), NOW))).isEqualTo(new WebhookResult.Rejected(401,
                "notification 1 of 2 carries no clientState"));
        assertThat(graph.verify(WebhookDelivery.post(Map.of(), utf8("{\"value\": []}"), NOW))).isEqualTo(new WebhookResult.Rejected(400,
                "expected a list of notifications at $.value"));
        assertThat(graph.verify(WebhookDelivery.post(Map.of(), utf8("not json"), NOW))).isEqualTo(new WebhookResult.Rejected(400,
                "body is not valid JSON"));
    }
}
