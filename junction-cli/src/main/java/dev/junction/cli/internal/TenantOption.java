package dev.junction.cli.internal;

/** {@code --tenant T} on the commands that take a sync (the engine's {@link dev.junction.engine.SyncTargets} checks it). */
final class TenantOption {
    static final String DESCRIPTION = "A per-tenant sync (one that names a connector): only tenant T, with T's connections and mapping overrides.";

    private TenantOption() {}
}
