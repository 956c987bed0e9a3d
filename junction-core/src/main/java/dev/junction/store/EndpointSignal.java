package dev.junction.store;

import java.time.Instant;

/**
 * What an API said about an endpoint's future: a {@code Deprecation}, {@code Sunset} (RFC 8594) or
 * {@code Warning} response header, per connection, method and path, with when it was first and last
 * seen. Lets a maintainer see an API version going away before it breaks.
 */
public record EndpointSignal(String connection, String method, String path, String kind, String value, Instant firstSeen, Instant lastSeen) {}
