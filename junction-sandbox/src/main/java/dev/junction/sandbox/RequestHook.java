package dev.junction.sandbox;

/**
 * Called in a request's own handling thread as it arrives, before faults, auth and the rate limit
 * ({@code /_admin/*} requests excepted). Tests use it to see which requests are in flight at once, or
 * to hold one until something else happened; the request goes on when the hook returns.
 */
@FunctionalInterface
public interface RequestHook {
    /** Does nothing. */
    RequestHook NONE = (method, path) -> {};

    /** @throws InterruptedException when interrupted while holding the request; it is answered 503 */
    void arrived(String method, String path) throws InterruptedException;
}
