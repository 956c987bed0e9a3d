package dev.junction.connector;

import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RequestSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.ValueRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connector and connection specs for tests, built in code with sensible small defaults. */
final class Specs {
    static final RetrySpec FAST_RETRY = new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(2));

    private Specs() {}

    static ConnectorSpec connector(String baseUrl, AuthSpec auth, Map<String, StreamSpec> streams, Map<String, ActionSpec> actions) {
        Map<String, FieldSpec> config = new LinkedHashMap<>();
        config.put("baseUrl", new FieldSpec("baseUrl", "string", false, baseUrl, "API root"));
        config.put("pageSize", new FieldSpec("pageSize", "integer", false, "2", "records per page"));
        Map<String, FieldSpec> secrets = Map.of("token", new FieldSpec("token", "string", false, null, "API token"));
        return new ConnectorSpec("acme-crm", "1", "test connector", config, secrets, "{{ config.baseUrl }}", auth,
                Map.of("Accept", "application/json"), FAST_RETRY, null, streams, actions, SourceLocation.unknown("acme-crm.yaml"));
    }

    static ConnectionSpec connection(Map<String, ValueRef> config, Map<String, ValueRef> secrets) {
        return new ConnectionSpec("crm", "acme-crm", "tenant-a", "sandbox", config, secrets, new SourceLocation("connections.yaml", 3, 1));
    }

    static StreamSpec stream(String name, String path, String records, PaginationSpec pagination) {
        return stream(name, path, records, pagination, 50);
    }

    static StreamSpec stream(String name, String path, String records, PaginationSpec pagination, int maxPages) {
        return new StreamSpec(name, new RequestSpec("GET", path, Map.of(), Map.of(), null), records, "id", pagination,
                new StreamSpec.IncrementalSpec("updatedAt", "since"), maxPages);
    }
}
