package dev.junction.webhook.internal;

import dev.junction.connector.ConnectorException;
import dev.junction.spec.WebhookScheme.KeyAlgorithm;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A signature made with the provider's private key, checked with its public key (SendGrid's ECDSA,
 * Standard Webhooks' {@code v1a} ed25519): the claim from the headers, the timestamp within the
 * tolerance, then each claimed signature against each key (current, then previous) over the
 * signed content.
 */
final class PublicKeyCheck implements Authenticator {
    /** The DER header of an Ed25519 SubjectPublicKeyInfo, before the key's 32 bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private final KeyAlgorithm algorithm;
    private final List<PublicKey> keys;
    private final SignedContent content;
    private final ClaimParsers.ClaimParser parser;

    PublicKeyCheck(KeyAlgorithm algorithm, List<PublicKey> keys, SignedContent content, ClaimParsers.ClaimParser parser) {
        this.algorithm = algorithm;
        this.keys = List.copyOf(keys);
        this.content = content;
        this.parser = parser;
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        Claim claim = parser.parse(delivery);
        WebhookResult.Rejected refused = content.precheck(delivery, claim);
        if (refused != null) {
            return refused;
        }
        for (PublicKey key : keys) {
            for (byte[] signature : claim.signatures()) {
                if (verifies(key, signature, delivery, claim.timestamp())) {
                    return null;
                }
            }
        }
        return content.mismatch();
    }

    private boolean verifies(PublicKey key, byte[] signature, WebhookDelivery delivery, String timestamp) {
        // ECDSA signatures come DER-encoded (SendGrid) or as r and s side by side (64 bytes for P-256)
        String jca = algorithm == KeyAlgorithm.ECDSA_SHA256 && signature.length == 64 ? "SHA256withECDSAinP1363Format" : algorithm.jcaName();
        try {
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(key);
            content.write(delivery, timestamp, bytes -> {
                try {
                    verifier.update(bytes);
                } catch (java.security.SignatureException e) {
                    throw new IllegalStateException(e);
                }
            });
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // not a signature of this algorithm at all
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot verify " + jca, e);
        }
    }

    /**
     * Each public key's text as a key of {@code algorithm}: PEM ({@code -----BEGIN PUBLIC KEY-----})
     * or the base64 of its SubjectPublicKeyInfo as providers show it; for ed25519 also the raw 32
     * bytes in base64 or hex, after an optional {@code whpk_} (Standard Webhooks).
     *
     * @throws ConnectorException when one is not such a key; the message never shows it
     */
    static List<PublicKey> parse(List<String> texts, KeyAlgorithm algorithm, String scheme) {
        return texts.stream().map(text -> {
            PublicKey key = parse(text, algorithm);
            if (key == null) {
                throw new ConnectorException("webhooks.verify (" + scheme + "): a public key is not a valid " + algorithm.yamlName()
                        + " public key (PEM, or the base64 of its SubjectPublicKeyInfo" + (algorithm == KeyAlgorithm.ED25519
                        ? ", or its 32 bytes in base64 or hex" : "") + "); copy it exactly as the provider shows it");
            }
            return key;
        }).toList();
    }

    private static PublicKey parse(String text, KeyAlgorithm algorithm) {
        String s = text.strip();
        if (s.startsWith("whpk_")) {
            s = s.substring("whpk_".length());
        }
        s = s.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] bytes;
        if (algorithm == KeyAlgorithm.ED25519 && s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            bytes = HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
        } else {
            try {
                bytes = Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (algorithm == KeyAlgorithm.ED25519 && bytes.length == 32) {
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(bytes, 0, spki, ED25519_SPKI_PREFIX.length, 32);
            bytes = spki;
        }
        try {
            return KeyFactory.getInstance(algorithm.keyFactory()).generatePublic(new X509EncodedKeySpec(bytes));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
