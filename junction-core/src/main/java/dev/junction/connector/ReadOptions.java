package dev.junction.connector;

import dev.junction.http.CallContext;
import java.util.Objects;

/**
 * How to read a stream.
 *
 * @param incrementalFrom the checkpoint to send as the stream's incremental query parameter, or
 *     null for a full read (also ignored when the stream has no incremental settings)
 * @param context who the reads are for (run, tenant); the connection name is filled in when null
 */
public record ReadOptions(String incrementalFrom, CallContext context) {
    public ReadOptions {
        Objects.requireNonNull(context, "context");
    }

    public static ReadOptions full(CallContext context) {
        return new ReadOptions(null, context);
    }
}
