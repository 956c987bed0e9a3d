package dev.junction.server.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single sign-ons on their way through the provider, in this process's memory, by their {@code state}:
 * the nonce and PKCE verifier the callback needs, the redirect URI it was asked with, and the random
 * value of the browser cookie that binds it to the browser that started it (a callback URL sent to
 * someone else's browser signs nobody in). Each is taken once, and lapses after {@link #TTL}.
 */
final class PendingSignOns {
    /** How long a person has to sign in at the provider. */
    static final Duration TTL = Duration.ofMinutes(10);
    /** The most kept at once; past it the oldest is dropped. */
    static final int MAX = 10_000;

    record Pending(String state, String browser, String nonce, String codeVerifier, URI redirectUri, Instant startedAt) {}

    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    PendingSignOns(Clock clock) {
        this.clock = clock;
    }

    /** Keeps a new sign-on; {@code browser} is the value of the cookie the callback must bring. */
    void add(OidcClient.Start start, String browser, URI redirectUri) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> lapsed(p, now));
        if (pending.size() >= MAX) {
            pending.values().stream().min(Comparator.comparing(Pending::startedAt)).ifPresent(oldest -> pending.remove(oldest.state()));
        }
        pending.put(start.state(), new Pending(start.state(), browser, start.nonce(), start.codeVerifier(), redirectUri, now));
    }

    /** The sign-on of this state, removed; empty when unknown, taken before, lapsed, or started by another browser. */
    Optional<Pending> take(String state, String browser) {
        if (state == null) {
            return Optional.empty();
        }
        Pending found = pending.remove(state);
        if (found == null || lapsed(found, clock.instant()) || browser == null || !SessionStore.equal(found.browser(), browser)) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    private static boolean lapsed(Pending p, Instant now) {
        return now.isAfter(p.startedAt().plus(TTL));
    }
}
