package dev.junction.audit.internal;

import dev.junction.audit.AuditEntry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * An external sort of one side's entries by key: entries gather in memory until a chunk is full (by
 * count or by an estimate of its heap size), then the chunk is sorted and written to a file of its
 * own in {@code dir}. {@link #sorted()} merges the chunk files (at most {@value #MAX_FAN_IN} at once;
 * more are first merged into bigger files), so at most one chunk of entries is in memory whatever the
 * side's size. A side that fits in one chunk is never written. The caller deletes {@code dir}.
 */
public final class SortedSpill implements AutoCloseable {
    /** The most files merged in one pass: each open file holds a read buffer. */
    static final int MAX_FAN_IN = 64;
    private static final int BUFFER = 64 * 1024;
    /** By key, then (for entries of one key) by their values, so which copy of a repeated key comes first does not depend on chunking. */
    private static final Comparator<AuditEntry> BY_KEY = Comparator.comparing(AuditEntry::key).thenComparing(AuditEntry::values, SortedSpill::compareValues);

    private final Path dir;
    private final String name;
    private final int chunkEntries;
    private final long chunkBytes;
    private final int width;
    private final List<Path> files = new ArrayList<>();
    private final List<AuditEntry> buffer = new ArrayList<>();
    private final List<EntryReader> open = new ArrayList<>();
    private long bufferedBytes;
    private int nextFile;

    /**
     * @param name how this side's files are named ({@code source}, {@code destination})
     * @param chunkEntries the most entries in memory
     * @param chunkBytes the most (estimated) heap bytes of entries in memory
     * @param width the number of values of each entry
     */
    public SortedSpill(Path dir, String name, int chunkEntries, long chunkBytes, int width) {
        if (chunkEntries < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("a chunk needs room for at least one entry, got " + chunkEntries + " entries and " + chunkBytes + " bytes");
        }
        this.dir = dir;
        this.name = name;
        this.chunkEntries = chunkEntries;
        this.chunkBytes = chunkBytes;
        this.width = width;
    }

    /** Adds an entry with a key. */
    public void add(AuditEntry entry) {
        buffer.add(entry);
        bufferedBytes += estimate(entry);
        if (buffer.size() >= chunkEntries || bufferedBytes >= chunkBytes) {
            spill();
        }
    }

    /** How many chunk files were written so far. */
    public int chunksWritten() {
        return nextFile;
    }

    /** Every entry added, by key (entries of one key by their values). Call once, after the last {@link #add}. */
    public Iterator<AuditEntry> sorted() {
        if (files.isEmpty()) {
            buffer.sort(BY_KEY);
            List<AuditEntry> all = new ArrayList<>(buffer);
            buffer.clear();
            return all.iterator();
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        while (files.size() > MAX_FAN_IN) {
            List<Path> batch = new ArrayList<>(files.subList(0, MAX_FAN_IN));
            files.subList(0, MAX_FAN_IN).clear();
            Path merged = newFile();
            try (DataOutputStream out = output(merged)) {
                Iterator<AuditEntry> entries = merge(batch);
                while (entries.hasNext()) {
                    write(out, entries.next());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write audit spill file " + merged, e);
            }
            closeOpen();
            batch.forEach(SortedSpill::delete);
            files.add(merged);
        }
        return merge(List.copyOf(files));
    }

    /** Closes the files being read; the directory's owner deletes them. */
    @Override
    public void close() {
        closeOpen();
    }

    private void spill() {
        buffer.sort(BY_KEY);
        Path file = newFile();
        try (DataOutputStream out = output(file)) {
            for (AuditEntry entry : buffer) {
                write(out, entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write audit spill file " + file + ": " + e.getMessage(), e);
        }
        files.add(file);
        buffer.clear();
        bufferedBytes = 0;
    }

    private Path newFile() {
        return dir.resolve(name + "-" + (nextFile++) + ".bin");
    }

    private Iterator<AuditEntry> merge(List<Path> sources) {
        PriorityQueue<EntryReader> heads = new PriorityQueue<>(Comparator.comparing((EntryReader r) -> r.head, BY_KEY));
        for (Path file : sources) {
            EntryReader reader = new EntryReader(file, width);
            open.add(reader);
            if (reader.advance()) {
                heads.add(reader);
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public AuditEntry next() {
                EntryReader reader = heads.poll();
                if (reader == null) {
                    throw new NoSuchElementException();
                }
                AuditEntry entry = reader.head;
                if (reader.advance()) {
                    heads.add(reader);
                }
                return entry;
            }
        };
    }

    private void closeOpen() {
        open.forEach(EntryReader::close);
        open.clear();
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static void write(DataOutputStream out, AuditEntry entry) throws IOException {
        writeString(out, entry.key());
        for (String value : entry.values()) {
            writeString(out, value);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static int compareValues(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int order = a[i] == null ? (b[i] == null ? 0 : -1) : b[i] == null ? 1 : a[i].compareTo(b[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** A rough heap size: the strings' characters and the objects around them. */
    private static long estimate(AuditEntry entry) {
        long bytes = 64 + 2L * entry.key().length() + 16L * entry.values().length;
        for (String value : entry.values()) {
            bytes += value == null ? 0 : 48 + value.length();
        }
        return bytes;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the directory's owner deletes what is left
        }
    }

    /** Reads one chunk file, one entry ahead. */
    private static final class EntryReader {
        private final Path file;
        private final int width;
        private DataInputStream in;
        private AuditEntry head;

        EntryReader(Path file, int width) {
            this.file = file;
            this.width = width;
            try {
                this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read audit spill file " + file + ": " + e.getMessage(), e);
            }
        }

        boolean advance() {
            try {
                String key;
                try {
                    key = readString();
                } catch (EOFException end) {
                    head = null;
                    close();
                    return false;
                }
                String[] values = new String[width];
                for (int i = 0; i < width; i++) {
                    values[i] = readString();
                }
                head = new AuditEntry(key, values);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("could not read audit spill file " + file + ": " + e.getMessage(), e);
            }
        }

        private String readString() throws IOException {
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new EOFException("spill file " + file + " ends inside an entry");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // read to the end or abandoned: nothing to keep
                }
                in = null;
            }
        }
    }
}
