package dev.junction.audit.internal;

import dev.junction.audit.AuditEntry;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
            try (EntryWriter out = new EntryWriter(merged)) {
                Iterator<AuditEntry> entries = merge(batch);
                while (entries.hasNext()) {
                    out.write(entries.next());
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
        try (EntryWriter out = new EntryWriter(file)) {
            for (AuditEntry entry : buffer) {
                out.write(entry);
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

    /**
     * Writes entries to one chunk file through its own buffer: a length-prefixed UTF-8 string per key
     * and value (-1: null). The JDK's buffered streams take a lock on every small write, which was
     * the largest cost of a spill.
     */
    private static final class EntryWriter implements AutoCloseable {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int used;

        EntryWriter(Path file) throws IOException {
            this.out = Files.newOutputStream(file);
        }

        void write(AuditEntry entry) throws IOException {
            writeString(entry.key());
            for (String value : entry.values()) {
                writeString(value);
            }
        }

        private void writeString(String value) throws IOException {
            if (value == null) {
                writeInt(-1);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            writeInt(bytes.length);
            if (bytes.length > buffer.length - used) {
                flush();
            }
            if (bytes.length > buffer.length) {
                out.write(bytes);
            } else {
                System.arraycopy(bytes, 0, buffer, used, bytes.length);
                used += bytes.length;
            }
        }

        private void writeInt(int v) throws IOException {
            if (buffer.length - used < 4) {
                flush();
            }
            buffer[used++] = (byte) (v >>> 24);
            buffer[used++] = (byte) (v >>> 16);
            buffer[used++] = (byte) (v >>> 8);
            buffer[used++] = (byte) v;
        }

        private void flush() throws IOException {
            out.write(buffer, 0, used);
            used = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                out.close();
            }
        }
    }

    /** Reads one chunk file through its own buffer, one entry ahead. */
    private static final class EntryReader {
        private final Path file;
        private final int width;
        private final byte[] buffer = new byte[BUFFER];
        private InputStream in;
        private int position;
        private int limit;
        private AuditEntry head;

        EntryReader(Path file, int width) {
            this.file = file;
            this.width = width;
            try {
                this.in = Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read audit spill file " + file + ": " + e.getMessage(), e);
            }
        }

        boolean advance() {
            try {
                if (!fill(4)) {
                    head = null;
                    close();
                    return false;
                }
                String key = readString();
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

        /** Whether {@code n} more bytes are buffered (reading more when needed); false only at the file's end with nothing left. */
        private boolean fill(int n) throws IOException {
            if (limit - position >= n) {
                return true;
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
            while (limit < n) {
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    if (limit == 0) {
                        return false;
                    }
                    throw new EOFException("spill file " + file + " ends inside an entry");
                }
                limit += read;
            }
            return true;
        }

        private String readString() throws IOException {
            if (!fill(4)) {
                throw new EOFException("spill file " + file + " ends inside an entry");
            }
            int length = (buffer[position] & 0xff) << 24 | (buffer[position + 1] & 0xff) << 16 | (buffer[position + 2] & 0xff) << 8
                    | buffer[position + 3] & 0xff;
            position += 4;
            if (length < 0) {
                return null;
            }
            if (length > buffer.length) {
                byte[] bytes = new byte[length];
                int have = limit - position;
                System.arraycopy(buffer, position, bytes, 0, have);
                position = limit;
                if (in.readNBytes(bytes, have, length - have) < length - have) {
                    throw new EOFException("spill file " + file + " ends inside an entry");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (!fill(length)) {
                throw new EOFException("spill file " + file + " ends inside an entry");
            }
            String value = new String(buffer, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
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
