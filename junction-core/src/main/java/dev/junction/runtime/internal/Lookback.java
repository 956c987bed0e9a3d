package dev.junction.runtime.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An incremental read's start: the checkpoint less the stream's lookback window. */
public final class Lookback {
    private Lookback() {}

    /**
     * {@code checkpoint} less {@code lookback} when the checkpoint is an ISO-8601 date-time with an
     * offset ({@code 2026-01-30T22:57:50Z} less 10m is {@code 2026-01-30T22:47:50Z}); the checkpoint
     * unchanged when it is another kind of value, when there is no lookback, or when it is null.
     */
    public static String apply(String checkpoint, Duration lookback) {
        if (checkpoint == null || lookback == null || lookback.isZero()) {
            return checkpoint;
        }
        try {
            return OffsetDateTime.parse(checkpoint, DateTimeFormatter.ISO_OFFSET_DATE_TIME).minus(lookback).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return checkpoint;
        }
    }
}
