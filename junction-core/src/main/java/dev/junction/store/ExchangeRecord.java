package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request and its response, as logged: secrets already redacted, bodies already
 * truncated. {@code status} is 0 when no response arrived ({@code error} then says why).
 * {@code recordKeys} are the source or destination keys of the records the call carried.
 */
public record ExchangeRecord(
        long id,
        Instant at,
        String runId,
        String tenant,
        String connection,
        String method,
        String url,
        int status,
        long durationMillis,
        int attempt,
        Map<String, List<String>> requestHeaders,
        String requestBody,
        Map<String, List<String>> responseHeaders,
        String responseBody,
        String error,
        List<String> recordKeys) {}
