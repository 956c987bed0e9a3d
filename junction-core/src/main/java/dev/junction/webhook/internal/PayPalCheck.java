package dev.junction.webhook.internal;

import dev.junction.spec.WebhookScheme;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookFetcher;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * PayPal, checked locally as PayPal's SDKs do ({@code WebhookEvent.validateReceivedEvent}), not with
 * its verify-webhook-signature call: {@code PAYPAL-TRANSMISSION-SIG} is the base64 SHA256withRSA
 * signature of {@code TRANSMISSION-ID|TRANSMISSION-TIME|WEBHOOK-ID|CRC32}, where the ids and the
 * time are the headers' values as sent, the webhook id is the one PayPal gave the connection's
 * webhook (its own deliveries only: PayPal signs every merchant's alike) and CRC32 is the checksum
 * of the raw body as an unsigned decimal. What costs nothing is checked first (every header there,
 * {@code PAYPAL-AUTH-ALGO} SHA256withRSA, the signature base64, {@code PAYPAL-TRANSMISSION-TIME}
 * within the tolerance, {@code PAYPAL-CERT-URL} PayPal's); then the certificate is fetched and
 * trusted ({@link CertificateSignature}) and the signature checked with each webhook id.
 */
final class PayPalCheck implements Authenticator {
    static final String TRANSMISSION_ID = "PAYPAL-TRANSMISSION-ID";
    static final String TRANSMISSION_TIME = "PAYPAL-TRANSMISSION-TIME";
    static final String TRANSMISSION_SIG = "PAYPAL-TRANSMISSION-SIG";
    static final String CERT_URL = "PAYPAL-CERT-URL";
    static final String AUTH_ALGO = "PAYPAL-AUTH-ALGO";
    /** The one algorithm PayPal signs its webhooks with. */
    private static final String ALGORITHM = "SHA256withRSA";

    private final List<String> webhookIds;
    private final SignedContent timestamp;
    private final WebhookFetcher fetcher;

    /** @param webhookIds the ids PayPal gave the connection's webhook, current first */
    PayPalCheck(List<String> webhookIds, SignedContent timestamp, WebhookFetcher fetcher) {
        this.webhookIds = webhookIds.stream().map(String::strip).toList();
        this.timestamp = timestamp;
        this.fetcher = fetcher;
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        for (String header : List.of(TRANSMISSION_ID, TRANSMISSION_TIME, TRANSMISSION_SIG, CERT_URL, AUTH_ALGO)) {
            String value = delivery.header(header);
            if (value == null || value.isBlank()) {
                return Authenticator.refuse(401, "missing header " + header);
            }
        }
        if (!ALGORITHM.equalsIgnoreCase(delivery.header(AUTH_ALGO).strip())) {
            return Authenticator.refuse(400, "header " + AUTH_ALGO + " names another algorithm than " + ALGORITHM + ", the one PayPal signs with");
        }
        byte[] signature = ClaimParsers.decode(delivery.header(TRANSMISSION_SIG).strip(), WebhookScheme.Encoding.BASE64);
        if (signature == null) {
            return Authenticator.refuse(400, "malformed header " + TRANSMISSION_SIG + "; expected base64");
        }
        String id = delivery.header(TRANSMISSION_ID);
        String time = delivery.header(TRANSMISSION_TIME);
        WebhookResult.Rejected stale = timestamp.precheck(delivery, Claim.of(time.strip(), List.of(signature)));
        if (stale != null) {
            return stale;
        }
        CertificateSignature.Signer signer = CertificateSignature.find(fetcher, Provider.PAYPAL, CERT_URL, delivery.header(CERT_URL), delivery.receivedAt());
        if (signer.rejected() != null) {
            return signer.rejected();
        }
        String crc32 = Long.toString(crc32(delivery.body()));
        for (String webhookId : webhookIds) {
            byte[] signed = (id + "|" + time + "|" + webhookId + "|" + crc32).getBytes(StandardCharsets.UTF_8);
            if (CertificateSignature.verifies(ALGORITHM, signer.certificate(), signed, signature)) {
                return null;
            }
        }
        return Authenticator.refuse(401, "signature does not match; check that webhooks.verify.webhookId is the id PayPal shows for this webhook");
    }

    /** The CRC-32 (IEEE, as zlib's) of {@code body}, unsigned. */
    static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }
}
