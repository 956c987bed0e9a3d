package dev.junction.server.internal;

import dev.junction.server.ApiProblem;
import dev.junction.server.Operation;
import dev.junction.server.TextBody;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a route's declared body by its {@code Content-Type}: one of the route's text media types is
 * taken as UTF-8 text ({@link TextBody}); JSON, when the route declares a JSON type, is read strictly
 * by {@link JsonBodies}. The same size limit holds for both (413); another media type is a 415 that
 * lists those the route takes; bytes that are not UTF-8 are a 400.
 */
public final class RequestBodies {
    private static final String UTF8_BOM = "\uFEFF";
    private final JsonBodies json;

    public RequestBodies(JsonBodies json) {
        this.json = json;
    }

    /** The body as the route's JSON type, or as a {@link TextBody}. */
    public Object read(Context ctx, Operation operation) {
        if (operation.textMediaTypes().isEmpty()) {
            return json.read(ctx, operation.bodyType());
        }
        String header = ctx.header("Content-Type");
        List<String> accepted = accepted(operation);
        if (header == null || header.isBlank()) {
            throw new ApiProblem.UnsupportedMediaType("This route takes " + String.join(" or ", accepted) + ": send 'Content-Type: " + accepted.get(0) + "'.");
        }
        String[] parts = header.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (operation.textMediaTypes().contains(media)) {
            checkCharset(parts, media);
            return new TextBody(media, text(ctx, media));
        }
        if (operation.bodyType() != null && JsonBodies.isJson(media)) {
            return json.read(ctx, operation.bodyType());
        }
        throw new ApiProblem.UnsupportedMediaType("This route takes " + String.join(" or ", accepted) + ", not '" + JsonBodies.echo(media) + "'.");
    }

    private static List<String> accepted(Operation operation) {
        List<String> accepted = new ArrayList<>(operation.textMediaTypes());
        if (operation.bodyType() != null && !accepted.contains("application/json")) {
            accepted.add("application/json");
        }
        return accepted;
    }

    private String text(Context ctx, String media) {
        if (ctx.req().getContentLengthLong() > json.maxBytes()) {
            throw JsonBodies.tooLarge(json.maxBytes());
        }
        byte[] bytes = ctx.bodyAsBytes(); // bounded by Javalin's maxRequestSize (the same limit): 413 beyond
        if (bytes.length == 0) {
            throw new ApiProblem.BadRequest("This route needs a body (" + media + "); the request has none.");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith(UTF8_BOM) ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ApiProblem.BadRequest("The request body is not valid UTF-8 (at byte " + firstBadByte(bytes) + "); send " + media + " as UTF-8 text.");
        }
    }

    private static void checkCharset(String[] parts, String media) {
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair[0].strip().equalsIgnoreCase("charset") && pair.length == 2) {
                String charset = pair[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new ApiProblem.UnsupportedMediaType(media + " bodies are UTF-8; this one says charset '" + JsonBodies.echo(charset) + "'.");
                }
            }
        }
    }

    /** The 0-based offset of the first byte that does not start or continue a valid UTF-8 sequence. */
    private static int firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length;
    }
}
