package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.LoadedSpec;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.Store;
import dev.junction.store.StoredDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The definitions applied to the store: validated together, stored, and loaded back for every run.
 * The loaded set is cached and loaded again only when what is stored changed (another process may
 * apply), so a long-lived process parses YAML once per change, not once per request.
 */
public final class Definitions {
    /** What applying did to one definition. */
    public enum Outcome {
        NEW, CHANGED, UNCHANGED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One applied definition and what happened to it. */
    public record Applied(String kind, String name, String origin, Outcome outcome) {}

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

    private final Store store;
    private final SpecLoader loader;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(List<String> stamp, LoadResult result) {}

    public Definitions(Store store, SpecLoader loader, Clock clock) {
        this.store = store;
        this.loader = loader;
        this.clock = clock;
    }

    /** Validates texts on their own (not against what is applied): every problem at once. */
    public LoadResult validate(List<SourceText> texts) {
        return loader.loadTexts(texts);
    }

    /** Every applied definition, loaded and validated together (cached until the stored set changes). */
    public LoadResult applied() {
        List<StoredDefinition> stored = store.definitions().list();
        List<String> stamp = stored.stream().map(d -> d.kind() + "/" + d.name() + "@" + d.checksum()).toList();
        Cached current = cached;
        if (current != null && current.stamp().equals(stamp)) {
            return current.result();
        }
        List<SourceText> texts = new ArrayList<>();
        for (StoredDefinition d : stored) {
            texts.add(new SourceText(d.origin() + " (applied)", d.source()));
        }
        LoadResult result = loader.loadTexts(texts);
        cached = new Cached(stamp, result);
        return result;
    }

    /**
     * The new texts validated together with the applied definitions they do not replace, so a sync
     * may refer to a connection applied earlier.
     */
    public LoadResult withApplied(List<SourceText> texts) {
        Set<String> replaced = new HashSet<>();
        for (SourceText text : texts) {
            replaced.addAll(identities(text));
        }
        List<SourceText> all = new ArrayList<>();
        for (StoredDefinition d : store.definitions().list()) {
            if (!replaced.contains(d.kind() + "/" + d.name())) {
                all.add(new SourceText(d.origin() + " (applied)", d.source()));
            }
        }
        all.addAll(texts);
        return loader.loadTexts(all);
    }

    /**
     * Validates the texts together with what is applied and, when there is no problem at all, stores
     * each of their definitions. Nothing is stored when any problem is found.
     */
    public ApplyResult apply(List<SourceText> texts) {
        LoadResult result = withApplied(texts);
        if (!result.ok()) {
            return new ApplyResult(result, List.of());
        }
        Set<String> origins = new HashSet<>();
        texts.forEach(t -> origins.add(t.origin()));
        List<Applied> applied = new ArrayList<>();
        for (LoadedSpec spec : result.specs()) {
            if (origins.contains(spec.source().origin())) {
                applied.add(new Applied(spec.kind(), spec.name(), spec.source().origin(), save(spec)));
            }
        }
        return new ApplyResult(result, List.copyOf(applied));
    }

    private Outcome save(LoadedSpec spec) {
        String checksum = sha256(spec.documentText());
        var existing = store.definitions().find(spec.kind(), spec.name());
        if (existing.isPresent() && existing.get().checksum().equals(checksum)) {
            return Outcome.UNCHANGED;
        }
        store.definitions().save(new StoredDefinition(spec.kind(), spec.name(), spec.documentText(), spec.source().origin(), checksum, clock.instant()));
        if (spec.spec() instanceof ConnectionSpec c) {
            store.connections().save(new ConnectionRecord(c.name(), c.connector(), c.tenant(), c.environment(), "configured", null, clock.instant()));
        }
        return existing.isPresent() ? Outcome.CHANGED : Outcome.NEW;
    }

    /** kind/name of every document in a text that has both; unreadable documents are skipped here. */
    private static Set<String> identities(SourceText text) {
        Set<String> ids = new HashSet<>();
        ObjectMapper yaml = new YAMLMapper(new YAMLFactory());
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(text.text())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.path("kind").isTextual() && doc.path("name").isTextual()) {
                    ids.add(doc.get("kind").asText() + "/" + doc.get("name").asText());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the loader reports the syntax problem with its position
        }
        return ids;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
