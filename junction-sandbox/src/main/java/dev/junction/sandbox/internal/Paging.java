package dev.junction.sandbox.internal;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Query parameter parsing, opaque cursors and page slicing shared by both services. */
final class Paging {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    /** One page of records, whether more records follow it, and the key of its last record (null when empty). */
    record Page<T>(List<T> items, boolean hasMore, String lastKey) {
    }

    private Paging() {
    }

    /** Records after {@code afterKey} (exclusive, null = from the start) that pass the filter, at most limit. */
    static <T> Page<T> after(NavigableMap<String, T> records, String afterKey, Predicate<T> filter, int limit) {
        NavigableMap<String, T> tail = afterKey == null ? records : records.tailMap(afterKey, false);
        List<T> items = new ArrayList<>(Math.min(limit, 128));
        String lastKey = null;
        for (Map.Entry<String, T> entry : tail.entrySet()) {
            if (!filter.test(entry.getValue())) {
                continue;
            }
            if (items.size() == limit) {
                return new Page<>(items, true, lastKey);
            }
            items.add(entry.getValue());
            lastKey = entry.getKey();
        }
        return new Page<>(items, false, lastKey);
    }

    /** {@code limit} in 1..100, default 50. */
    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw limitError("limit must be an integer between 1 and " + MAX_LIMIT + ", got '" + raw + "'");
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw limitError("limit must be between 1 and " + MAX_LIMIT + ", got " + value);
        }
        return value;
    }

    /** {@code offset} ≥ 0, default 0. */
    static int offset(Context ctx) {
        String raw = ctx.queryParam("offset");
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("invalid_offset", "offset must be a non-negative integer, got '" + raw + "'");
    }

    /**
     * {@code sort}: null for the default order (by id, also {@code sort=id}), or {@code updatedAt}
     * (ascending, ties by id); 400 {@code invalid_sort} otherwise.
     */
    static String sort(Context ctx) {
        String raw = ctx.queryParam("sort");
        if (raw == null || raw.isEmpty() || raw.equals("id")) {
            return null;
        }
        if (raw.equals("updatedAt")) {
            return raw;
        }
        throw ApiException.badRequest("invalid_sort", "sort must be 'id' (the default) or 'updatedAt', got '" + raw + "'");
    }

    /**
     * The records keyed by {@code at} (ascending) then by their key, so that {@link #after} walks them in that order
     * and a cursor names a position in it. Instants from 1970 on.
     */
    static <T> NavigableMap<String, T> byInstant(NavigableMap<String, T> records, Function<T, Instant> at) {
        NavigableMap<String, T> sorted = new TreeMap<>();
        records.forEach((key, record) -> {
            Instant instant = at.apply(record);
            sorted.put("%019d.%09d/%s".formatted(instant.getEpochSecond(), instant.getNano(), key), record);
        });
        return sorted;
    }

    /** {@code updatedSince} as an ISO-8601 instant, or null. */
    static Instant updatedSince(Context ctx) {
        String raw = ctx.queryParam("updatedSince");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_updated_since",
                    "updatedSince must be an ISO-8601 instant such as 2026-01-15T00:00:00Z, got '" + raw + "'");
        }
    }

    /** An opaque cursor pointing after {@code lastKey} in {@code collection}. */
    static String encodeCursor(String collection, String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((collection + ":" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor points after, or null when no cursor was given; 400 {@code invalid_cursor} if bad. */
    static String decodeCursor(Context ctx, String collection) {
        String raw = ctx.queryParam("after");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        String prefix = collection + ":";
        if (!decoded.startsWith(prefix) || decoded.length() == prefix.length()) {
            throw ApiException.badRequest("invalid_cursor",
                    "'after' is not a cursor returned by this endpoint: " + raw);
        }
        return decoded.substring(prefix.length());
    }

    private static ApiException limitError(String message) {
        return new ApiException(400, Json.obj("error", "invalid_limit", "message", message, "max", MAX_LIMIT),
                Map.of());
    }
}
