package dev.junction.spec;

import java.util.List;
import java.util.Map;

/**
 * A connector used by one tenant in one environment. Secret values are only references
 * ({@code ${env:NAME}}, {@code ${file:PATH}}); config values may be literals or references.
 * {@code mappingOverrides} holds, per sync name, mapping lines this connection (tenant) puts on top
 * of the sync's default mapping: a line with the same target replaces the default one, a new
 * target is added (custom fields).
 */
public record ConnectionSpec(
        String name,
        String connector,
        String tenant,
        String environment,
        Map<String, ValueRef> config,
        Map<String, ValueRef> secrets,
        SourceLocation location,
        Map<String, List<FieldMapping>> mappingOverrides)
        implements Spec {
    public ConnectionSpec {
        mappingOverrides = mappingOverrides == null ? Map.of() : mappingOverrides;
    }

    public ConnectionSpec(
            String name, String connector, String tenant, String environment, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
            SourceLocation location) {
        this(name, connector, tenant, environment, config, secrets, location, Map.of());
    }

    @Override
    public String kind() {
        return "Connection";
    }
}
