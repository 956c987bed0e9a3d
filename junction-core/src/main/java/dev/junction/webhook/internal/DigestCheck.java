package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * HubSpot's older signatures (v1, v2): not an HMAC but the plain SHA-256 of the secret followed by
 * the signed content, in hex in {@code X-HubSpot-Signature}, with {@code X-HubSpot-Signature-Version}
 * naming the version. No timestamp is signed, so nothing bounds a replay but the inbox's event ids.
 * Each secret (current, then previous) is tried; the comparison is constant-time.
 */
final class DigestCheck implements Authenticator {
    static final String SIGNATURE = "X-HubSpot-Signature";
    static final String VERSION = "X-HubSpot-Signature-Version";

    private final String version;
    private final List<byte[]> secrets;
    private final SignedContent content;
    private final ClaimParsers.ClaimParser parser = ClaimParsers.prefixed(SIGNATURE, "", dev.junction.spec.WebhookScheme.Encoding.HEX, null);

    /** @param version {@code v1} or {@code v2}: what {@code X-HubSpot-Signature-Version} must say when it is sent */
    DigestCheck(String version, List<String> secrets, SignedContent content) {
        this.version = version;
        this.secrets = secrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        this.content = content;
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        String sent = delivery.header(VERSION);
        if (sent != null && !sent.strip().equalsIgnoreCase(version)) {
            return Authenticator.refuse(401, "header " + VERSION + " names another signature version than " + version
                    + ", the one this connector checks (webhooks.verify.version)");
        }
        Claim claim = parser.parse(delivery);
        WebhookResult.Rejected refused = content.precheck(delivery, claim);
        if (refused != null) {
            return refused;
        }
        for (byte[] secret : secrets) {
            MessageDigest digest = sha256();
            digest.update(secret);
            content.write(delivery, null, digest::update);
            if (MessageDigest.isEqual(digest.digest(), claim.signatures().getFirst())) {
                return null;
            }
        }
        return content.mismatch();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
