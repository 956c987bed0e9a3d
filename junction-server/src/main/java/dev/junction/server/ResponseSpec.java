package dev.junction.server;

import java.util.Objects;

/**
 * A success answer an operation documents: status, description and, when it has a body, its schema
 * and media type. Error answers (problem+json) are documented by the server from the route's guard
 * and body; routes list only what is particular to them (e.g. 409, 412).
 */
public record ResponseSpec(int status, String description, Schema schema, String mediaType) {
    public ResponseSpec {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is 100..599, was " + status);
        }
        Objects.requireNonNull(description, "description");
        if (schema != null) {
            Objects.requireNonNull(mediaType, "mediaType");
        }
    }
}
