package dev.junction.spec;

import java.util.Map;

/**
 * A connector used by one tenant in one environment. Secret values are only references
 * ({@code ${env:NAME}}, {@code ${file:PATH}}); config values may be literals or references.
 */
public record ConnectionSpec(
        String name,
        String connector,
        String tenant,
        String environment,
        Map<String, ValueRef> config,
        Map<String, ValueRef> secrets,
        SourceLocation location)
        implements Spec {
    @Override
    public String kind() {
        return "Connection";
    }
}
