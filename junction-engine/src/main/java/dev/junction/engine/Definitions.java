package dev.junction.engine;

import dev.junction.engine.internal.LoadedDefinitions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.LoadedSpec;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.DefinitionConflictException;
import dev.junction.store.DefinitionRepository;
import dev.junction.store.Store;
import dev.junction.store.StoredDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The definitions applied to the store: validated together, stored, and loaded back for every run.
 * The loaded set is cached and loaded again only when what is stored changed (another process may
 * apply), so a long-lived process parses YAML once per change, not once per request. Hot paths
 * ask {@link #recent()}, which asks the store whether it changed at most once per {@link #FRESH_FOR}
 * ({@link LoadedDefinitions}).
 */
public final class Definitions {
    /** What applying did to one definition. */
    public enum Outcome {
        NEW, CHANGED, UNCHANGED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One applied definition, what happened to it, and its version now. */
    public record Applied(String kind, String name, String origin, Outcome outcome, int version) {}

    /**
     * What {@link #apply} did: nothing when {@code result} has problems, else each definition of the
     * given texts with its outcome, in the order loaded.
     */
    public record ApplyResult(LoadResult result, List<Applied> applied) {
        public boolean ok() {
            return result.ok();
        }

        public long changed() {
            return applied.stream().filter(a -> a.outcome() != Outcome.UNCHANGED).count();
        }
    }

    /**
     * The origin of the definitions Junction writes itself for connections made through the API or the
     * connect page ({@link ManagedConnections}); only those are read as managed texts (their secrets may
     * be {@code ${stored:FIELD}}). A hand-written text is never read as managed, whatever its origin.
     */
    public static final String MANAGED_ORIGIN = "connections-api";

    private final Store store;
    private final SpecLoader loader;
    private final Clock clock;
    private final Runnable changed;
    private final LoadedDefinitions loaded;

    /**
     * How long {@link #recent()} uses the loaded set without asking the store whether it changed: a
     * change this process makes is seen at once (it drops the cache), one another process made (a
     * CLI's apply beside a server, another node) at most this much later. Hot paths (every webhook
     * delivery, every schedule fire) then cost no store round trip.
     */
    static final java.time.Duration FRESH_FOR = java.time.Duration.ofSeconds(1);

    public Definitions(Store store, SpecLoader loader, Clock clock) {
        this(store, loader, clock, () -> {});
    }

    /** {@code changed}: called after an apply, rollback or delete of this object changed what is applied (the engine brings its schedules in step). */
    public Definitions(Store store, SpecLoader loader, Clock clock, Runnable changed) {
        this.store = store;
        this.loader = loader;
        this.clock = clock;
        this.changed = changed;
        this.loaded = new LoadedDefinitions(() -> store.definitions().list(), loader, clock, FRESH_FOR, Definitions::appliedText);
    }

    /** Validates texts on their own (not against what is applied): every problem at once. */
    public LoadResult validate(List<SourceText> texts) {
        return loader.loadTexts(texts);
    }

    /** Every applied definition, loaded and validated together (cached until the stored set changes). */
    public LoadResult applied() {
        return loaded.load(false);
    }

    /**
     * {@link #applied()} for hot paths (each webhook delivery, each schedule fire): the loaded set
     * checked against the store within the last {@link #FRESH_FOR}, so a change another process made
     * may be seen that much later (this process's own changes at once). What this result lacks may
     * have just been applied elsewhere: use {@link #recent(java.util.function.Predicate)}, or ask {@link #applied()}
     * before concluding that something is not applied.
     */
    public LoadResult recent() {
        return loaded.load(true);
    }

    /** {@link #recent()} when it has what {@code has} looks for, else {@link #applied()} (which asks the store). */
    public LoadResult recent(java.util.function.Predicate<LoadResult> has) {
        LoadResult recent = recent();
        return has.test(recent) ? recent : applied();
    }

    /**
     * The new texts validated together with the applied definitions they do not replace, so a sync
     * may refer to a connection applied earlier.
     */
    public LoadResult withApplied(List<SourceText> texts) {
        return withApplied(texts, null);
    }

    /**
     * As {@link #withApplied(List)}, for texts {@code by} would apply: a tenant-scoped principal's
     * texts also get the problems of what a tenant may not apply (secret references, databases).
     */
    public LoadResult withApplied(List<SourceText> texts, Principal by) {
        Set<String> replaced = new HashSet<>();
        for (SourceText text : texts) {
            replaced.addAll(DefinitionTexts.identities(text));
        }
        List<SourceText> all = new ArrayList<>();
        List<StoredDefinition> kept = new ArrayList<>();
        for (StoredDefinition d : store.definitions().list()) {
            if (!replaced.contains(d.kind() + "/" + d.name())) {
                all.add(appliedText(d));
                kept.add(d);
            }
        }
        all.addAll(texts);
        LoadResult result = dev.junction.engine.internal.DefinitionTrusts.stamp(loader.loadTexts(all), kept);
        return by != null && by.isTenantScoped() ? dev.junction.engine.internal.DefinitionTrusts.checkTenantTexts(result, texts) : result;
    }

    /**
     * Validates the texts together with what is applied and, when there is no problem at all, stores
     * each of their definitions. Nothing is stored when any problem is found.
     */
    public ApplyResult apply(List<SourceText> texts) {
        return apply(texts, (String) null);
    }

    /** As {@link #apply(List)}, recording who applied ({@code appliedBy}: a token id or {@code local:USER}) in each new version. */
    public ApplyResult apply(List<SourceText> texts, String appliedBy) {
        return apply(texts, appliedBy, null);
    }

    /**
     * As {@link #apply(List)}, applied by {@code by}: what a tenant-scoped principal applies is a
     * tenant's (see {@link dev.junction.spec.DefinitionTrust}): its connections may not use
     * {@code ${env:}} / {@code ${file:}} (refused here with the place) nor reach private addresses.
     */
    public ApplyResult apply(List<SourceText> texts, Principal by) {
        return apply(texts, dev.junction.engine.internal.DefinitionTrusts.appliedBy(by), by);
    }

    private ApplyResult apply(List<SourceText> texts, String appliedBy, Principal by) {
        texts = texts.stream().map(t -> t.managed() ? new SourceText(t.origin(), t.text(), false, t.lineOffset()) : t).toList(); // hand-written, always
        LoadResult result = withApplied(texts, by);
        if (!result.ok()) {
            return new ApplyResult(result, List.of());
        }
        Set<String> origins = new HashSet<>();
        texts.forEach(t -> origins.add(t.origin()));
        List<Applied> applied = new ArrayList<>();
        try {
            for (LoadedSpec spec : result.specs()) {
                if (origins.contains(spec.source().origin())) {
                    applied.add(save(spec, DefinitionRepository.ANY_VERSION, appliedBy));
                }
            }
        } finally {
            notifyIfChanged(applied);
        }
        return new ApplyResult(result, List.copyOf(applied));
    }

    /**
     * Applies one definition, {@code kind}/{@code name}, from a text that must hold exactly it, if
     * the definition is still at {@code expectedVersion} (0: it must not exist yet;
     * {@link DefinitionRepository#ANY_VERSION}: no check) — an HTTP {@code If-Match}.
     *
     * @throws EngineException.Invalid when the text holds another definition, or more than one
     * @throws EngineException.Stale when the definition is at another version (changed meanwhile)
     */
    public ApplyResult applyOne(String kind, String name, SourceText text, int expectedVersion, String appliedBy) {
        return applyOne(kind, name, text, expectedVersion, appliedBy, null);
    }

    /** As {@link #applyOne(String, String, SourceText, int, String)}, applied by {@code by} (see {@link #apply(List, Principal)}). */
    public ApplyResult applyOne(String kind, String name, SourceText text, int expectedVersion, Principal by) {
        return applyOne(kind, name, text, expectedVersion, dev.junction.engine.internal.DefinitionTrusts.appliedBy(by), by);
    }

    private ApplyResult applyOne(String kind, String name, SourceText text, int expectedVersion, String appliedBy, Principal by) {
        LoadResult result = withApplied(List.of(text), by);
        if (!result.ok()) {
            return new ApplyResult(result, List.of());
        }
        List<LoadedSpec> own = result.specs().stream().filter(spec -> spec.source().origin().equals(text.origin())).toList();
        if (own.size() != 1 || !own.getFirst().kind().equals(kind) || !own.getFirst().name().equals(name)) {
            throw new EngineException.Invalid("the body must hold exactly one definition, " + kind + " '" + name + "' (the one this address names); it holds "
                    + (own.isEmpty() ? "none" : String.join(", ", own.stream().map(s -> s.kind() + " '" + s.name() + "'").toList())));
        }
        List<Applied> applied = List.of(save(own.getFirst(), expectedVersion, appliedBy));
        notifyIfChanged(applied);
        return new ApplyResult(result, applied);
    }

    /** The current version of a definition. @throws EngineException.NotFound when there is none */
    public StoredDefinition get(String kind, String name) {
        return store.definitions().find(kind, name).orElseThrow(() -> new EngineException.NotFound("no " + kind + " named '" + name + "' is applied"));
    }

    /** The current version number of a definition; 0 when none is applied (never was, or deleted). */
    public int currentVersion(String kind, String name) {
        return store.definitions().find(kind, name).map(StoredDefinition::version).orElse(0);
    }

    /** The current version of every applied definition, ordered by kind then name. */
    public List<StoredDefinition> list() {
        return store.definitions().list();
    }

    /** Every version ever applied, newest first. @throws EngineException.NotFound when there was none */
    public List<StoredDefinition> history(String kind, String name) {
        List<StoredDefinition> versions = store.definitions().history(kind, name);
        if (versions.isEmpty()) {
            throw new EngineException.NotFound("no " + kind + " named '" + name + "' was ever applied");
        }
        return versions;
    }

    /** One version, current or not. @throws EngineException.NotFound when there is no such version */
    public StoredDefinition version(String kind, String name, int version) {
        return store.definitions().findVersion(kind, name, version).orElseThrow(() -> new EngineException.NotFound(
                kind + " '" + name + "' has no version " + version + " (see its history)"));
    }

    /**
     * Applies the text of an earlier version again, as a new version, after validating it together
     * with everything else applied now (an old sync may name a connection deleted since).
     */
    public ApplyResult rollback(String kind, String name, int version, int expectedVersion, String appliedBy) {
        StoredDefinition old = version(kind, name, version);
        return applyOne(kind, name, versionText(old), expectedVersion, appliedBy);
    }

    /** As {@link #rollback(String, String, int, int, String)}, by {@code by}: the old text is checked as if {@code by} applied it now. */
    public ApplyResult rollback(String kind, String name, int version, int expectedVersion, Principal by) {
        StoredDefinition old = version(kind, name, version);
        return applyOne(kind, name, versionText(old), expectedVersion, by);
    }

    /**
     * Deletes a definition (its history stays), unless another applied definition refers to it.
     *
     * @return the problems the remaining definitions would have without it (nothing was deleted
     *     then); empty when it was deleted
     */
    public LoadResult delete(String kind, String name, int expectedVersion) {
        StoredDefinition current = get(kind, name);
        List<SourceText> remaining = new ArrayList<>();
        for (StoredDefinition d : store.definitions().list()) {
            if (!(d.kind().equals(kind) && d.name().equals(name))) {
                remaining.add(appliedText(d));
            }
        }
        LoadResult result = loader.loadTexts(remaining);
        if (!result.ok()) {
            return result;
        }
        try {
            store.definitions().deleteIfCurrent(kind, name, expectedVersion);
        } catch (DefinitionConflictException e) {
            throw new EngineException.Stale(e.getMessage(), e.currentVersion());
        }
        if (current.kind().equals("Connection")) {
            store.connections().delete(name);
            store.connectionChecks().delete(name);
        }
        loaded.forget();
        changed.run();
        return result;
    }

    /** Something other than this object changed the stored definitions (a tenant was erased): load them again. */
    void changedElsewhere() {
        loaded.forget();
        changed.run();
    }

    /**
     * A stored definition as a text to load: managed when Junction wrote it (see {@link #MANAGED_ORIGIN}),
     * on the lines it had in its file (the third document of a connections.yaml is not on line 1).
     */
    static SourceText appliedText(StoredDefinition d) {
        return new SourceText(d.origin() + " (applied)", d.source(), MANAGED_ORIGIN.equals(d.origin()), d.lineOffset());
    }

    /** An earlier version as the text to apply again, from its origin and its place there. */
    private static SourceText versionText(StoredDefinition old) {
        return new SourceText(old.origin(), old.source(), MANAGED_ORIGIN.equals(old.origin()), old.lineOffset());
    }

    /** Whether the stored definition is one Junction wrote for a connection made through the API. */
    public static boolean managed(StoredDefinition d) {
        return d.kind().equals("Connection") && MANAGED_ORIGIN.equals(d.origin());
    }

    private void notifyIfChanged(List<Applied> applied) {
        if (applied.stream().anyMatch(a -> a.outcome() != Outcome.UNCHANGED)) {
            loaded.forget();
            changed.run();
        }
    }

    /** Every applied definition as one YAML text of documents, connectors first, then connections, then syncs, then flows. */
    public String export() {
        StringBuilder yaml = new StringBuilder();
        for (String kind : List.of("Connector", "Connection", "Sync", "Flow", "AlertChannel", "Alert")) {
            for (StoredDefinition d : store.definitions().list()) {
                if (d.kind().equals(kind) && managed(d)) {
                    yaml.append("---\n# ").append(d.describe()).append(" was made through the connections API; its secrets are in the store.")
                            .append(" Not exported: make it again with POST /api/v1/connections.\n");
                } else if (d.kind().equals(kind)) {
                    yaml.append("---\n# ").append(d.describe()).append(", version ").append(d.version()).append('\n').append(d.source().strip()).append('\n');
                }
            }
        }
        return yaml.toString();
    }

    private Applied save(LoadedSpec spec, int expectedVersion, String appliedBy) {
        String checksum = DefinitionTexts.sha256(spec.documentText());
        var existing = store.definitions().find(spec.kind(), spec.name());
        if (existing.isPresent() && expectedVersion != DefinitionRepository.ANY_VERSION && existing.get().version() != expectedVersion) {
            throw conflict(spec, existing.get().version(), expectedVersion);
        }
        if (existing.isPresent() && existing.get().checksum().equals(checksum)) {
            StoredDefinition current = existing.get();
            if (current.lineOffset() != spec.lineOffset() && java.util.Objects.equals(current.origin(), spec.source().origin())) {
                // the same text, moved in its file (a document added above it): its positions follow, no new version
                store.definitions().relocate(current.kind(), current.name(), current.version(), spec.lineOffset());
                loaded.forget();
            }
            return new Applied(spec.kind(), spec.name(), spec.source().origin(), Outcome.UNCHANGED, current.version());
        }
        StoredDefinition saved;
        try {
            saved = store.definitions().saveIfCurrent(new StoredDefinition(spec.kind(), spec.name(), spec.documentText(), spec.source().origin(), checksum,
                    clock.instant(), appliedBy, 0, spec.lineOffset()), expectedVersion);
        } catch (DefinitionConflictException e) {
            throw new EngineException.Stale(e.getMessage(), e.currentVersion());
        }
        if (spec.spec() instanceof ConnectionSpec c) {
            // not checked since it changed (a connection whose credentials were refused stays marked in the credential store
            // unless its auth values changed: its next call fails fast and marks it needs_reauth again)
            store.connections().save(new ConnectionRecord(c.name(), c.connector(), c.tenant(), c.environment(), ConnectionHealth.UNKNOWN, null,
                    clock.instant()));
        }
        return new Applied(spec.kind(), spec.name(), spec.source().origin(), existing.isPresent() ? Outcome.CHANGED : Outcome.NEW, saved.version());
    }

    private static EngineException.Stale conflict(LoadedSpec spec, int current, int expected) {
        return new EngineException.Stale(spec.kind() + " '" + spec.name() + "' is at version " + current + ", not at version " + expected
                + " as expected: it was changed meanwhile; read version " + current + " and apply your change on top of it", current);
    }
}
