package dev.junction.engine.internal;

import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.StoredDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The applied definitions as loaded, cached: loaded (and their trusts stamped, {@link DefinitionTrusts})
 * again only when the stored set changed, told by its stamp (each definition's kind, name, checksum
 * and line offset); and for a read that a recent result serves, not even asked of the store within
 * {@code freshFor} of the last check. Thread-safe: racing loads each store a result, the newest wins;
 * a load that began before a {@link #forget()} keeps nothing (what it read may predate the change, and
 * would otherwise be served as recent after this process's own apply).
 */
public final class LoadedDefinitions {
    private final Supplier<List<StoredDefinition>> stored;
    private final SpecLoader loader;
    private final Clock clock;
    private final Duration freshFor;
    private final Function<StoredDefinition, SourceText> text;
    private volatile Cached cached;
    /** Counts {@link #forget()}s, so that a load begun before one does not keep what it read. Guarded by {@code this}. */
    private long generation;

    private record Cached(List<String> stamp, LoadResult result, Instant checkedAt) {}

    /**
     * @param stored reads the stored definitions
     * @param text a stored definition as the text to load
     */
    public LoadedDefinitions(Supplier<List<StoredDefinition>> stored, SpecLoader loader, Clock clock, Duration freshFor,
            Function<StoredDefinition, SourceText> text) {
        this.stored = stored;
        this.loader = loader;
        this.clock = clock;
        this.freshFor = freshFor;
        this.text = text;
    }

    /** @param recentIsEnough whether a result checked against the store within {@code freshFor} will do */
    public LoadResult load(boolean recentIsEnough) {
        Cached current = cached;
        Instant now = clock.instant();
        if (recentIsEnough && current != null && now.isBefore(current.checkedAt().plus(freshFor)) && !now.isBefore(current.checkedAt())) {
            return current.result();
        }
        long seen = generation();
        List<StoredDefinition> stored = this.stored.get();
        // the line offset too: a document that moved in its file is placed anew
        List<String> stamp = stored.stream().map(d -> d.kind() + "/" + d.name() + "@" + d.checksum() + "+" + d.lineOffset()).toList();
        if (current != null && current.stamp().equals(stamp)) {
            keep(seen, new Cached(stamp, current.result(), now));
            return current.result();
        }
        LoadResult result = DefinitionTrusts.stamp(loader.loadTexts(stored.stream().map(text).toList()), stored);
        keep(seen, new Cached(stamp, result, now));
        return result;
    }

    private synchronized long generation() {
        return generation;
    }

    /** Keeps {@code value} unless the definitions were forgotten since the load that made it began. */
    private synchronized void keep(long seen, Cached value) {
        if (generation == seen) {
            cached = value;
        }
    }

    /** The stored definitions changed: the next read loads them again. */
    public synchronized void forget() {
        generation++;
        cached = null;
    }
}
