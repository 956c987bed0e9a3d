package dev.junction.spec;

import java.util.List;

/**
 * {@code hooks:} of a connector, stream or action. {@code preRequest} is a JSONata expression over
 * {@code {method, url, headers, query, body}} returning the request to send; {@code postResponse}
 * one over {@code {status, headers, body}} returning the response to read (each without its
 * leading {@code =}; null when absent). {@code java} names {@link dev.junction.http.Hook} classes
 * registered with {@link java.util.ServiceLoader}, run after the expressions, in order.
 */
public record HooksSpec(String preRequest, String postResponse, List<String> java) {

    public HooksSpec {
        java = java == null ? List.of() : List.copyOf(java);
    }

    public boolean isEmpty() {
        return preRequest == null && postResponse == null && java.isEmpty();
    }
}
