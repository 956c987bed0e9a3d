package dev.junction.webhook;

import static dev.junction.webhook.Hooks.utf8;
import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;

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
