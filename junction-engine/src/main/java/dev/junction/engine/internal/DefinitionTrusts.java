package dev.junction.engine.internal;

import dev.junction.connector.ConnectionValues;
import dev.junction.engine.Principal;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.LoadResult;
import dev.junction.spec.LoadedSpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecProblem;
import dev.junction.spec.ValueRef;
import dev.junction.store.StoredDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who stands behind each applied definition, and what follows from it. A definition applied by a
 * tenant-scoped principal is recorded with {@code appliedBy} = {@code tenant:<tenant>/<principal id>};
 * every other {@code appliedBy} (a token of every tenant, {@code local:<user>}, none) is the
 * operator's. A connection is a tenant's when it or its connector was applied by a tenant: the
 * connector's base URL and requests decide where the connection's credentials go.
 */
public final class DefinitionTrusts {
    /** How {@code appliedBy} starts for a definition a tenant-scoped principal applied. */
    public static final String TENANT_PREFIX = "tenant:";

    private DefinitionTrusts() {}

    /** What to record as {@code appliedBy} for {@code by}; null stays null (not known). */
    public static String appliedBy(Principal by) {
        if (by == null) {
            return null;
        }
        return by.isTenantScoped() ? TENANT_PREFIX + by.tenant() + "/" + by.id() : by.id();
    }

    /** The trust of a definition recorded as applied by {@code appliedBy}. */
    public static DefinitionTrust trustOf(String appliedBy) {
        return appliedBy != null && appliedBy.startsWith(TENANT_PREFIX) ? DefinitionTrust.TENANT : DefinitionTrust.OPERATOR;
    }

    /** {@code loaded} with each connection a tenant stands behind (it, or its connector, applied by one) marked {@link DefinitionTrust#TENANT}. */
    public static LoadResult stamp(LoadResult loaded, List<StoredDefinition> stored) {
        Set<String> tenants = new HashSet<>();
        for (StoredDefinition d : stored) {
            if (trustOf(d.appliedBy()) == DefinitionTrust.TENANT) {
                tenants.add(d.kind() + "/" + d.name());
            }
        }
        if (tenants.isEmpty()) {
            return loaded;
        }
        List<LoadedSpec> specs = new ArrayList<>();
        for (LoadedSpec spec : loaded.specs()) {
            if (spec.spec() instanceof ConnectionSpec c
                    && (tenants.contains("Connection/" + c.name()) || c.connector() != null && tenants.contains("Connector/" + c.connector()))) {
                specs.add(new LoadedSpec(c.withTrust(DefinitionTrust.TENANT), spec.source(), spec.documentText(), spec.lineOffset()));
            } else {
                specs.add(spec);
            }
        }
        return new LoadResult(specs, loaded.problems(), loaded.warnings());
    }

    /**
     * {@code result} with a problem for everything of {@code texts} a tenant may not apply: a
     * connection's {@code ${env:}} / {@code ${file:}} reference (the server's environment and files
     * are not a tenant's), a database connection (it would reach the server's network through JDBC,
     * past the outbound address policy).
     */
    public static LoadResult checkTenantTexts(LoadResult result, List<SourceText> texts) {
        Set<String> origins = new HashSet<>();
        texts.forEach(t -> origins.add(t.origin()));
        List<SpecProblem> problems = new ArrayList<>(result.problems());
        for (LoadedSpec spec : result.specs()) {
            if (origins.contains(spec.source().origin()) && (spec.spec() instanceof dev.junction.spec.AlertSpec
                    || spec.spec() instanceof dev.junction.spec.AlertChannelSpec)) {
                // a channel resolves ${env:} and ${file:} in the operator's scope and sends where it says: the operator's alone
                SourceLocation at = SourceLocation.unknown(spec.source().origin());
                problems.add(new SpecProblem(at, "kind", "a tenant may not apply " + spec.spec().kind() + " definitions: alert rules and channels"
                        + " are the operator's; ask the operator to apply it"));
                continue;
            }
            if (!origins.contains(spec.source().origin()) || !(spec.spec() instanceof ConnectionSpec c)) {
                continue;
            }
            SourceLocation at = c.location() != null ? c.location() : SourceLocation.unknown(spec.source().origin());
            references(c.config(), "config", at, problems);
            references(c.secrets(), "secrets", at, problems);
            if (c.isDatabase()) {
                problems.add(new SpecProblem(at, "database", "a tenant may not apply a database connection: it would reach the server's network"
                        + " past the outbound address policy; ask the operator to apply it"));
            }
            if (c.proxy() != null) {
                problems.add(new SpecProblem(at, "proxy", ConnectionValues.TENANT_PROXY_REFUSAL));
            }
        }
        return problems.size() == result.problems().size() ? result : new LoadResult(result.specs(), problems, result.warnings());
    }

    private static void references(Map<String, ValueRef> values, String kind, SourceLocation at, List<SpecProblem> problems) {
        if (values == null) {
            return;
        }
        values.forEach((name, ref) -> {
            if (ref instanceof ValueRef.Env || ref instanceof ValueRef.File) {
                problems.add(new SpecProblem(at, kind + "." + name, ConnectionValues.tenantRefusal(ref)));
            }
        });
    }
}
