package dev.junction.sandbox.internal;

import dev.junction.sandbox.WebhookAttempt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every webhook delivery attempt, in the order they ended, and which events were acknowledged. Thread-safe. */
final class WebhookLedger {

    private final List<WebhookAttempt> attempts = new ArrayList<>();
    private final Set<String> acknowledged = new HashSet<>();
    private final Set<String> gaveUp = new HashSet<>();
    private long published;

    synchronized void published() {
        published++;
    }

    synchronized void record(WebhookAttempt attempt) {
        attempts.add(attempt);
        if (attempt.acknowledged()) {
            acknowledged.add(attempt.eventId());
        }
    }

    /** A delivery of that event ended without a 2xx. */
    synchronized void gaveUp(String eventId) {
        gaveUp.add(eventId);
    }

    synchronized List<WebhookAttempt> snapshot() {
        return List.copyOf(attempts);
    }

    synchronized List<WebhookAttempt> page(int offset, int limit) {
        int from = Math.min(offset, attempts.size());
        return List.copyOf(attempts.subList(from, Math.min(attempts.size(), from + limit)));
    }

    synchronized int size() {
        return attempts.size();
    }

    synchronized long publishedCount() {
        return published;
    }

    synchronized Set<String> acknowledged() {
        return Collections.unmodifiableSet(new TreeSet<>(acknowledged));
    }

    synchronized Set<String> failed() {
        TreeSet<String> failed = new TreeSet<>(gaveUp);
        failed.removeAll(acknowledged);
        return Collections.unmodifiableSet(failed);
    }

    synchronized void clear() {
        attempts.clear();
        acknowledged.clear();
        gaveUp.clear();
        published = 0;
    }
}
