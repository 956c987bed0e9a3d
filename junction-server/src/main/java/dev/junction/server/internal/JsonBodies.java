package dev.junction.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.junction.server.ApiProblem;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a route's declared JSON body, strictly: {@code application/json} (or {@code +json}) in UTF-8
 * only (415), no larger than the limit (413), well-formed, one value, no unknown fields, no
 * duplicate keys, no type coercion (a string is not a number), bounded nesting (400 saying where).
 */
public final class JsonBodies {
    static final int MAX_NESTING_DEPTH = 200;
    private final ObjectMapper strict;
    private final long maxBytes;

    public JsonBodies(ObjectMapper json, long maxBytes) {
        this.strict = strict(json);
        this.maxBytes = maxBytes;
    }

    static ObjectMapper strict(ObjectMapper json) {
        ObjectMapper mapper = json.copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // no coercion between JSON types: "1" is not a number, 1 is not a string, "" is not an object
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        return mapper;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public <T> T read(Context ctx, Class<T> type) {
        checkContentType(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = ctx.bodyAsBytes(); // bounded by Javalin's maxRequestSize (the same limit): 413 beyond
        if (bytes.length == 0) {
            throw new ApiProblem.BadRequest("This route needs a JSON body; the request has none.");
        }
        String text = utf8(bytes);
        T value;
        try {
            value = strict.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw JacksonProblems.badRequest(e, () -> tree(text));
        } catch (IOException e) {
            throw new ApiProblem.BadRequest("The request body could not be read as JSON.");
        }
        if (value == null) {
            throw new ApiProblem.BadRequest("The request body is JSON null; this route needs a JSON " + (type.isRecord() ? "object" : "value") + ".");
        }
        return value;
    }

    private JsonNode tree(String text) {
        try {
            return strict.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    public static ApiProblem tooLarge(long maxBytes) {
        return new ApiProblem.PayloadTooLarge("The request body is larger than this server accepts (" + Sizes.human(maxBytes)
                + "); send a smaller one, or raise maxRequestBody (JUNCTION_MAX_REQUEST_BODY).");
    }

    private static void checkContentType(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiProblem.UnsupportedMediaType("This route takes JSON: send 'Content-Type: application/json'.");
        }
        String[] parts = header.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!isJson(media)) {
            throw new ApiProblem.UnsupportedMediaType("This route takes JSON (application/json), not '" + echo(media) + "'.");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair[0].strip().equalsIgnoreCase("charset") && pair.length == 2) {
                String charset = pair[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new ApiProblem.UnsupportedMediaType("JSON bodies are UTF-8; this one says charset '" + echo(charset) + "'.");
                }
            }
        }
    }

    /** {@code application/json} or an {@code application/*+json} type (lower case, without parameters). */
    static boolean isJson(String media) {
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiProblem.BadRequest("The request body is not valid UTF-8; JSON bodies are UTF-8 text.");
        }
    }

    static String echo(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
