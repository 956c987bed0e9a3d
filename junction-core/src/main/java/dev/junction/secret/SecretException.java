package dev.junction.secret;

import dev.junction.JunctionException;

/**
 * A secret cannot be encrypted or decrypted: the master key is missing or malformed, or it is not
 * the key the data was encrypted with. The message says which key and what to do; it never
 * contains key material or plaintext.
 */
public class SecretException extends JunctionException {
    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
