package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.runtime.Tenants;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code --tenant T} on the commands that take a sync: which tenants a command runs for. A classic
 * sync takes no tenant; a per-tenant sync without {@code --tenant} means every eligible tenant (for
 * {@code run}) or the default mapping (for {@code map show}).
 */
final class TenantOption {
    static final String DESCRIPTION = "A per-tenant sync (one that names a connector): only tenant T, with T's connections and mapping overrides.";

    private TenantOption() {}

    /**
     * The applied sync named {@code sync}, checked against {@code tenant}.
     *
     * @throws JunctionException when no such sync is applied
     * @throws CommandLine.ParameterException when {@code tenant} is given for a classic sync
     */
    static SyncSpec sync(CommandLine command, LoadResult definitions, String sync, String tenant) {
        SyncSpec spec = definitions.syncs().get(sync);
        if (spec == null) {
            throw new JunctionException("no sync named '" + sync + "' is applied"
                    + (definitions.syncs().isEmpty() ? "; apply one with: junction apply PATH" : "; applied syncs: " + String.join(", ", definitions.syncs().keySet())));
        }
        if (tenant != null && !spec.perTenant()) {
            throw new CommandLine.ParameterException(command, "--tenant " + tenant + ": sync '" + sync + "' is not per tenant (its source and"
                    + " destination name connections, not connectors); leave --tenant out");
        }
        return spec;
    }

    /**
     * The tenants a command runs a sync for: {@code tenant} when given (checked to have its
     * connections), every eligible one of a per-tenant sync, or a single null for a classic sync.
     *
     * @throws JunctionException when a per-tenant sync has no eligible tenant
     */
    static List<String> tenants(LoadResult definitions, SyncSpec spec, String tenant) {
        if (!spec.perTenant()) {
            return java.util.Collections.singletonList(null);
        }
        if (tenant != null) {
            Tenants.bind(definitions, spec, tenant); // says which connection is missing or ambiguous
            return List.of(tenant);
        }
        List<String> eligible = Tenants.eligible(definitions, spec);
        if (eligible.isEmpty()) {
            throw new JunctionException("sync '" + spec.name() + "' runs per tenant, but no tenant has a connection of "
                    + connectors(spec) + "; apply a connection with that connector and a tenant: key");
        }
        return eligible;
    }

    private static String connectors(SyncSpec spec) {
        List<String> names = new java.util.ArrayList<>();
        if (spec.source().connector() != null) {
            names.add("connector '" + spec.source().connector() + "'");
        }
        if (spec.destination().connector() != null && !spec.destination().connector().equals(spec.source().connector())) {
            names.add("connector '" + spec.destination().connector() + "'");
        }
        return String.join(" and ", names);
    }
}
