package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.SnsTopics;
import dev.junction.spec.WebhookScheme;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookFetcher;
import dev.junction.webhook.WebhookResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Amazon SNS: the body is the message, JSON (sent as {@code text/plain}); its {@code Signature} is
 * the RSA signature — SHA1withRSA for {@code SignatureVersion} 1, SHA256withRSA for 2 — of some of
 * its fields, each written {@code Name\nvalue\n} in this order:
 * <ul>
 *   <li>{@code Notification}: Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type;
 *   <li>{@code SubscriptionConfirmation}, {@code UnsubscribeConfirmation}: Message, MessageId,
 *       SubscribeURL, Timestamp, Token, TopicArn, Type.
 * </ul>
 * It is checked with the certificate at {@code SigningCertURL}, fetched (and kept) through the
 * {@link WebhookFetcher} only when that URL is Amazon SNS's. What costs nothing is checked first: the
 * topic is one the connection takes (Amazon signs every account's topics alike), the
 * {@code Timestamp} is within the tolerance, the certificate URL is Amazon's; then the certificate
 * is fetched and trusted (issued to Amazon SNS by a trusted authority, valid at the delivery's
 * time: {@link CertificateSignature}), and the signature checked.
 */
final class SnsCheck implements Authenticator {
    private static final List<String> NOTIFICATION = List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    private static final List<String> CONFIRMATION = List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> topics;
    private final SignedContent timestamp;
    private final WebhookFetcher fetcher;

    /** @param topics the topic ARNs (or patterns with {@code *}) the connection takes, each checked with {@link SnsTopics#problem} */
    SnsCheck(List<String> topics, SignedContent timestamp, WebhookFetcher fetcher) {
        this.topics = List.copyOf(topics);
        this.timestamp = timestamp;
        this.fetcher = fetcher;
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        JsonNode message;
        try {
            message = json.readTree(delivery.body());
        } catch (IOException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return Authenticator.refuse(400, "body is not an Amazon SNS message: expected a JSON object with Type, MessageId, Signature, ...");
        }
        String type = text(message, "Type");
        List<String> signed = "Notification".equals(type) ? NOTIFICATION
                : "SubscriptionConfirmation".equals(type) || "UnsubscribeConfirmation".equals(type) ? CONFIRMATION : null;
        if (signed == null) {
            return Authenticator.refuse(400, "Type is not one of Notification, SubscriptionConfirmation, UnsubscribeConfirmation");
        }
        if (signed == NOTIFICATION && message.has("SubscribeURL")) {
            // not signed in a Notification: it would make the delivery look like a subscription message
            return Authenticator.refuse(400, "a Notification carries no SubscribeURL");
        }
        for (String field : List.of("Signature", "SignatureVersion", "SigningCertURL")) {
            if (text(message, field) == null) {
                return Authenticator.refuse(401, "missing " + field + " in the SNS message");
            }
        }
        for (String field : signed) {
            if (text(message, field) == null && !field.equals("Subject")) {
                return Authenticator.refuse(400, "missing " + field + " in the SNS " + type + " message");
            }
        }
        String algorithm = switch (text(message, "SignatureVersion")) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return Authenticator.refuse(400, "SignatureVersion is not 1 or 2, the versions Amazon SNS signs with");
        }
        String topic = text(message, "TopicArn");
        if (topics.stream().noneMatch(pattern -> SnsTopics.matches(pattern, topic))) {
            return Authenticator.refuse(401, "the message's TopicArn is not a topic this connection takes (webhooks.verify.topics)");
        }
        byte[] signature = ClaimParsers.decode(text(message, "Signature"), WebhookScheme.Encoding.BASE64);
        if (signature == null) {
            return Authenticator.refuse(400, "malformed Signature; expected base64");
        }
        WebhookResult.Rejected stale = timestamp.precheck(delivery, Claim.of(text(message, "Timestamp"), List.of(signature)));
        if (stale != null) {
            return stale;
        }
        CertificateSignature.Signer signer = CertificateSignature.find(fetcher, Provider.SNS, "SigningCertURL", text(message, "SigningCertURL"),
                delivery.receivedAt());
        if (signer.rejected() != null) {
            return signer.rejected();
        }
        return CertificateSignature.verifies(algorithm, signer.certificate(), canonical(message, signed), signature) ? null
                : Authenticator.refuse(401, "signature does not match");
    }

    /** The signed fields, each {@code Name\nvalue\n}, in their documented order; a Notification's Subject only when present. */
    private static byte[] canonical(JsonNode message, List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (String field : fields) {
            String value = text(message, field);
            if (value != null) {
                out.append(field).append('\n').append(value).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A field's text; null when absent, JSON null or not a string. */
    private static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
