package dev.junction.server;

import java.util.Objects;

/**
 * A request body a route took as text ({@link RouteBuilder#textBody}): the media type it was sent as
 * (lower case, without parameters, e.g. {@code application/yaml}) and its text, decoded from UTF-8.
 */
public record TextBody(String mediaType, String text) {
    public TextBody {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(text, "text");
    }
}
