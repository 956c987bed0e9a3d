package dev.junction.e2e;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started, closed in reverse order when it ends, pass or fail: the processes before the
 * store and the sandbox they talk to. Every close is tried; the first failure is thrown with the others
 * suppressed.
 */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Registers {@code resource} to be closed; returns it. */
    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
