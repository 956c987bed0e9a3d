package dev.junction.http.internal;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM private keys in the forms APIs hand them out, read with Bouncy Castle's PEM parser: PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}), PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----}, GitHub Apps'
 * keys), SEC1 ({@code -----BEGIN EC PRIVATE KEY-----}, after the {@code EC PARAMETERS} block
 * {@code openssl ecparam -genkey} writes first), encrypted PKCS#8 ({@code -----BEGIN ENCRYPTED PRIVATE
 * KEY-----}, as {@code openssl pkcs8 -topk8} writes it) and OpenSSL's legacy encryption
 * ({@code Proc-Type: 4,ENCRYPTED}). RSA, EC, Ed25519 and DSA keys come out as the JDK's own key
 * objects. Bouncy Castle is never registered as a JCA provider (a shaded jar has lost its signature).
 * Messages name the field and never show the key.
 */
public final class PemKeys {
    /** A PEM block: its label and what lies between its lines. */
    private static final java.util.regex.Pattern BLOCK = java.util.regex.Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
            java.util.regex.Pattern.DOTALL);

    private PemKeys() {}

    /**
     * The first private key of PEM text, skipping what comes before it (an {@code EC PARAMETERS} block, words).
     *
     * @param passphrase the key's passphrase, or null
     * @param field where the key was given, such as {@code auth.privateKey}, first in every message
     * @param passphraseField where a passphrase is given, such as {@code auth.passphrase}; null when none can be
     *     (an encrypted key is then refused, with the command that decrypts it)
     * @throws IllegalArgumentException when there is no PEM private key, it cannot be read or decrypted, or a passphrase is
     *     given for a key that is not encrypted
     */
    public static PrivateKey privateKey(String pem, String passphrase, String field, String passphraseField) {
        Object block;
        try (PEMParser parser = new PEMParser(new StringReader(normalize(pem)))) {
            block = parser.readObject();
            while (block != null && !isKey(block)) {
                block = parser.readObject(); // EC PARAMETERS before a SEC1 key, a certificate before the key
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(field + ": the PEM block cannot be read as a private key; expected a PEM private key"
                    + " (PKCS#8, PKCS#1 or SEC1, encrypted or not) as openssl writes it");
        }
        if (block == null) {
            throw new IllegalArgumentException(field + ": expected a PEM private key (-----BEGIN PRIVATE KEY-----), found none");
        }
        boolean encrypted = block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair;
        if (encrypted && passphrase == null) {
            throw new IllegalArgumentException(field + ": the key is encrypted; " + (passphraseField == null
                    ? "give it decrypted (openssl pkcs8 -in key.pem -out key-plain.pem)" : "give its passphrase as " + passphraseField));
        }
        if (!encrypted && passphrase != null) {
            throw new IllegalArgumentException(field + ": " + passphraseField + " is set but the key is not encrypted; remove "
                    + passphraseField.substring(passphraseField.lastIndexOf('.') + 1));
        }
        PrivateKeyInfo info = switch (block) {
            case PrivateKeyInfo plain -> plain;
            case PEMKeyPair pair -> pair.getPrivateKeyInfo();
            case PKCS8EncryptedPrivateKeyInfo pkcs8 -> decrypt(pkcs8, passphrase, field, passphraseField);
            case PEMEncryptedKeyPair legacy -> decrypt(legacy, passphrase, field, passphraseField);
            default -> throw new IllegalStateException("not a key: " + block.getClass().getSimpleName());
        };
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException | RuntimeException e) {
            throw new IllegalArgumentException(field + ": the key cannot be read as an RSA, EC, EdDSA or DSA key");
        }
    }

    /**
     * PEM text as it arrives from where people paste it, made PEM again: a browser's one-line field drops the line breaks
     * ({@code -----BEGIN PRIVATE KEY-----MIIE...-----END PRIVATE KEY-----}), and a key copied out of a JSON file (a Google
     * service account's {@code private_key}) keeps its {@code \n} escapes. Each block's base64 is put back on lines of its own;
     * a block with headers ({@code Proc-Type: 4,ENCRYPTED}) is left as it is. Null gives the empty text.
     */
    public static String normalize(String pem) {
        if (pem == null) {
            return "";
        }
        String text = pem.contains("-----BEGIN") && pem.contains("\\n") ? pem.replace("\\r", "").replace("\\n", "\n") : pem;
        java.util.regex.Matcher m = BLOCK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(2);
            String replacement = body.indexOf(':') >= 0 ? m.group()
                    : "-----BEGIN " + m.group(1) + "-----\n" + wrap(body.replaceAll("\\s", "")) + "-----END " + m.group(1) + "-----";
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String wrap(String base64) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < base64.length(); i += 64) {
            lines.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return lines.toString();
    }

    private static boolean isKey(Object block) {
        return block instanceof PrivateKeyInfo || block instanceof PEMKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo
                || block instanceof PEMEncryptedKeyPair;
    }

    /**
     * Encrypted PKCS#8 (PBES2 with PBKDF2 and AES as {@code openssl pkcs8 -topk8} writes it, or a PBES1 scheme the JDK
     * knows), decrypted by the JDK's own providers: Bouncy Castle's JCA path would ask them for cipher names they do not have.
     */
    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, String passphrase, String field, String passphraseField) {
        javax.crypto.EncryptedPrivateKeyInfo info;
        try {
            info = new javax.crypto.EncryptedPrivateKeyInfo(encrypted.getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": the encrypted key cannot be read");
        }
        try {
            String algorithm = info.getAlgName();
            javax.crypto.SecretKey secret = javax.crypto.SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(passphrase.toCharArray()));
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return PrivateKeyInfo.getInstance(info.getKeySpec(cipher).getEncoded());
        } catch (java.security.NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
            throw new IllegalArgumentException(field + ": the key is encrypted with " + info.getAlgName() + ", which the JDK cannot decrypt;"
                    + " decrypt it with: openssl pkcs8 -in key.pem -out key-plain.pem");
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw wrongPassphrase(field, passphraseField);
        }
    }

    /** OpenSSL's legacy PEM encryption ({@code Proc-Type: 4,ENCRYPTED} with {@code DEK-Info}, as {@code openssl rsa -aes256} writes it). */
    private static PrivateKeyInfo decrypt(PEMEncryptedKeyPair pair, String passphrase, String field, String passphraseField) {
        try {
            // Bouncy Castle's own cipher code: OpenSSL's key derivation (EVP_BytesToKey) is not in the JDK
            return pair.decryptKeyPair(new BcPEMDecryptorProvider(passphrase.toCharArray())).getPrivateKeyInfo();
        } catch (IOException | RuntimeException e) {
            throw wrongPassphrase(field, passphraseField);
        }
    }

    private static IllegalArgumentException wrongPassphrase(String field, String passphraseField) {
        return new IllegalArgumentException(field + ": the encrypted key cannot be decrypted with " + passphraseField
                + "; it is wrong or the key is damaged");
    }
}
