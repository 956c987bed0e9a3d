package dev.junction.spec;

import java.util.Map;

/**
 * One HTTP request. {@code path} is relative to the connector's base URL (or absolute); path,
 * query and header values are templates. {@code body}, when set, is a JSONata expression evaluated
 * with {@code $records} (batch actions) or {@code $record} bound; null means no body.
 */
public record RequestSpec(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {}
