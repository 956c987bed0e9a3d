package dev.junction.sandbox.internal;

import dev.junction.sandbox.LedgerEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accepted record writes, in order, with per-key counts. Thread-safe. */
public final class Ledger {

    private final List<LedgerEntry> entries = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();

    public synchronized void record(LedgerEntry entry) {
        entries.add(entry);
        counts.merge(entry.key(), 1, Integer::sum);
    }

    public synchronized List<LedgerEntry> snapshot() {
        return List.copyOf(entries);
    }

    public synchronized Map<String, Integer> countsByKey() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
        counts.clear();
    }
}
