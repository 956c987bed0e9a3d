package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.JunctionException;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.LoadedSpec;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.Store;
import dev.junction.store.StoredDefinition;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** The data directory's store plus the definitions applied to it. One per command. */
final class Workspace implements AutoCloseable {
    private final Store store;
    private final SpecLoader loader;
    private final Clock clock;
    private final Path dataDir;
    private dev.junction.store.CredentialRepository credentials;
    private dev.junction.sync.LeaseKeeper leases;

    Workspace(Store store, SpecLoader loader, Clock clock) {
        this(store, loader, clock, null);
    }

    /** @param dataDir where the master key file lives when JUNCTION_MASTER_KEY is not set; null for none */
    Workspace(Store store, SpecLoader loader, Clock clock, Path dataDir) {
        this.store = store;
        this.loader = loader;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    /** The data directory's store (created owner-only when missing), shared with other processes that open it. */
    static Workspace open(Path dataDir) {
        return new Workspace(JdbcStore.h2(dataDir), new SpecLoader(), Clock.systemUTC(), dataDir);
    }

    /**
     * The store's encrypted connection credentials (OAuth tokens). The master key is looked up on
     * first use, so only commands that touch an OAuth connection need one: {@code JUNCTION_MASTER_KEY}
     * or, when that is not set, {@code <dataDir>/master.key}, created (owner read/write only) then.
     */
    synchronized dev.junction.store.CredentialRepository credentials(java.util.function.Function<String, String> env) {
        if (credentials == null) {
            credentials = new LazyCredentials(() -> {
                String fromEnv = env.apply(dev.junction.secret.MasterKey.ENV);
                if (dataDir == null && fromEnv == null) {
                    throw new JunctionException("no master key to encrypt connection credentials with; set " + dev.junction.secret.MasterKey.ENV
                            + " to 32 random bytes in base64 (openssl rand -base64 32)");
                }
                java.security.SecureRandom random = new java.security.SecureRandom();
                dev.junction.secret.MasterKey key = dataDir == null
                        ? dev.junction.secret.MasterKey.fromBase64(fromEnv, "environment variable " + dev.junction.secret.MasterKey.ENV)
                        : dev.junction.secret.MasterKey.resolve(env, dataDir, random);
                return store.credentials(new dev.junction.secret.EnvelopeCipher(key, random));
            });
        }
        return credentials;
    }

    Store store() {
        return store;
    }

    /** This process's run leases, kept by one thread while a run holds one; closed with the workspace. */
    synchronized dev.junction.sync.LeaseKeeper leases() {
        if (leases == null) {
            leases = new dev.junction.sync.LeaseKeeper(store.leases(), clock);
        }
        return leases;
    }

    /** Cancels runs of this store, live or abandoned. */
    dev.junction.sync.RunCancel runCancel() {
        return new dev.junction.sync.RunCancel(store, leases(), clock);
    }

    SpecLoader loader() {
        return loader;
    }

    Clock clock() {
        return clock;
    }

    /** Every applied definition, loaded and validated together. */
    LoadResult applied() {
        return loader.loadTexts(storedTexts(Set.of()));
    }

    /**
     * The new texts validated together with the applied definitions they do not replace, so a sync
     * may refer to a connection applied earlier.
     */
    LoadResult withApplied(List<SourceText> texts) {
        Set<String> replaced = new HashSet<>();
        for (SourceText text : texts) {
            replaced.addAll(identities(text));
        }
        List<SourceText> all = new ArrayList<>(storedTexts(replaced));
        all.addAll(texts);
        return loader.loadTexts(all);
    }

    /** Stores one definition; returns "new", "changed" or "unchanged". */
    String save(LoadedSpec spec) {
        String checksum = sha256(spec.documentText());
        var existing = store.definitions().find(spec.kind(), spec.name());
        if (existing.isPresent() && existing.get().checksum().equals(checksum)) {
            return "unchanged";
        }
        store.definitions().save(new StoredDefinition(spec.kind(), spec.name(), spec.documentText(), spec.source().origin(), checksum, clock.instant()));
        if (spec.spec() instanceof ConnectionSpec c) {
            store.connections().save(new ConnectionRecord(c.name(), c.connector(), c.tenant(), c.environment(), "configured", null, clock.instant()));
        }
        return existing.isPresent() ? "changed" : "new";
    }

    private List<SourceText> storedTexts(Set<String> except) {
        List<SourceText> texts = new ArrayList<>();
        for (StoredDefinition d : store.definitions().list()) {
            if (!except.contains(d.kind() + "/" + d.name())) {
                texts.add(new SourceText(d.origin() + " (applied)", d.source()));
            }
        }
        return texts;
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

    @Override
    public void close() {
        synchronized (this) {
            if (leases != null) {
                leases.close();
            }
        }
        store.close();
    }
}
