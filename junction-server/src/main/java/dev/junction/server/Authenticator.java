package dev.junction.server;

import dev.junction.engine.Principal;
import java.util.Optional;

/**
 * Turns a bearer token into the principal it stands for. The engine's token service implements it
 * (hash lookup, revocation); the server calls it once per request that a token guard protects.
 *
 * <p>Return empty for an unknown, revoked or malformed token: the caller answers 401. Throw only when
 * the answer cannot be known (the store is unreachable): the caller answers 503.
 */
@FunctionalInterface
public interface Authenticator {
    Optional<Principal> authenticate(String bearerToken);

    /** Knows no token: every token-guarded route answers 401. */
    static Authenticator none() {
        return token -> Optional.empty();
    }
}
