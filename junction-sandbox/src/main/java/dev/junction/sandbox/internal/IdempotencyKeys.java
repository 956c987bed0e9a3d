package dev.junction.sandbox.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe-style idempotency keys: the first request with a key is applied and its answer kept; a
 * request repeating the key with the same body gets that answer again without being applied; with
 * a different body it is refused with 422. Only answers of requests that were applied are kept (a
 * request refused as a whole may be retried with its key). Keys live in memory, the most recent
 * {@code capacity} of them. Requests with the same key are handled one at a time.
 */
public final class IdempotencyKeys {
    /** Longest key accepted, as Stripe. */
    public static final int MAX_KEY_LENGTH = 255;

    /** A kept answer: the status and JSON text sent the first time. */
    public record Answer(int status, String body) {}

    private record Kept(byte[] bodyHash, Answer answer) {}

    private final Map<String, Kept> entries;

    public IdempotencyKeys(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Handles one request carrying {@code key}: the kept answer when the key was seen with the same
     * body (then {@code apply} is not called), else {@code apply}'s answer, kept for the key.
     *
     * @return the answer, and whether it is a replay
     * @throws ApiException 400 for a malformed key, 422 for a key seen with another body
     */
    public synchronized Result handle(String key, byte[] body, Supplier<Answer> apply) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters, got " + key.length());
        }
        byte[] hash = sha256(body);
        Kept seen = entries.get(key);
        if (seen != null) {
            if (!MessageDigest.isEqual(seen.bodyHash(), hash)) {
                throw ApiException.of(422, "idempotency_key_reused", "Idempotency-Key '" + key
                        + "' was already used with a different request body; send a new key with a different request");
            }
            return new Result(seen.answer(), true);
        }
        Answer answer = apply.get();
        entries.put(key, new Kept(hash, answer));
        return new Result(answer, false);
    }

    /** How many keys are kept. */
    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }

    /** An answer and whether it was replayed from an earlier request. */
    public record Result(Answer answer, boolean replayed) {}

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
