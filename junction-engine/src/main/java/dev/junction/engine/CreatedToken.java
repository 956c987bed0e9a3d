package dev.junction.engine;

import dev.junction.store.StoredToken;
import java.util.Objects;

/**
 * A token just created: its secret, to show once to its owner (it is not stored and cannot be shown
 * again), and the token as stored. {@link #toString()} hides the secret.
 */
public record CreatedToken(String secret, StoredToken token) {
    public CreatedToken {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "CreatedToken[secret=***, token=" + token + "]";
    }
}
