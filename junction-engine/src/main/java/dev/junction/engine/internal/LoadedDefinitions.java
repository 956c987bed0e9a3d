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
 * {@code freshFor} of the last check. Thread-safe: racing loads each store a result, the newest wins.
 */
public final class LoadedDefinitions {
    private final Supplier<List<StoredDefinition>> stored;
    private final SpecLoader loader;
    private final Clock clock;
    private final Duration freshFor;
    private final Function<StoredDefinition, SourceText> text;
    private volatile Cached cached;

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
        List<StoredDefinition> stored = this.stored.get();
        // the line offset too: a document that moved in its file is placed anew
        List<String> stamp = stored.stream().map(d -> d.kind() + "/" + d.name() + "@" + d.checksum() + "+" + d.lineOffset()).toList();
        if (current != null && current.stamp().equals(stamp)) {
            cached = new Cached(stamp, current.result(), now);
            return current.result();
        }
        LoadResult result = DefinitionTrusts.stamp(loader.loadTexts(stored.stream().map(text).toList()), stored);
        cached = new Cached(stamp, result, now);
        return result;
    }

    /** The stored definitions changed: the next read loads them again. */
    public void forget() {
        cached = null;
    }
}
