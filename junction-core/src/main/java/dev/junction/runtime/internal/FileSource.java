package dev.junction.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.junction.JunctionException;
import dev.junction.json.JsonPath;
import dev.junction.json.TextDecoding;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.RecordSource;
import dev.junction.sync.internal.CursorOrder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV or JSON Lines file as a sync's source, streamed in pages of {@link #PAGE} records. A CSV
 * file's first row names the fields and every value is text; a JSON Lines file holds one object
 * per line (blank lines are skipped). A malformed row stops the run with its line number.
 *
 * <p>An incremental read (a {@code cursorField} and a checkpoint) still reads every line, but
 * returns only the records whose cursor value is at or above the checkpoint less the lookback, in
 * {@link CursorOrder}'s order (like a SQL source's {@code CURSOR >= ?}); the others are not returned,
 * so not counted as read. A record without a cursor value, or with one that is not comparable to the
 * checkpoint (a number against a date-time), is returned: at worst read again, never skipped.
 */
public final class FileSource implements RecordSource, AutoCloseable {
    public static final int PAGE = 500;

    private final String sync;
    private final SyncSpec.File file;
    private final Path path;
    private final ObjectMapper json;
    private final JsonPath cursor;
    private Rows current;
    private long size;
    private java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();

    public FileSource(String sync, SyncSpec.File file, ObjectMapper json) {
        this.sync = sync;
        this.file = file;
        this.path = Path.of(file.path()).toAbsolutePath().normalize();
        this.json = json;
        this.cursor = file.cursorField() == null ? null : JsonPath.parse(file.cursorField());
    }

    @Override
    public synchronized RecordSource.Reader open(String checkpoint, String runId) {
        close();
        String from = start(checkpoint);
        BufferedReader reader;
        try {
            size = Files.size(path);
            bytesRead = new java.util.concurrent.atomic.AtomicLong();
            java.io.InputStream counted = new java.io.FilterInputStream(Files.newInputStream(path)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
            reader = new BufferedReader(TextDecoding.strictReader(counted, file.encoding()));
            reader.mark(1);
            if (reader.read() != '\uFEFF') { // a byte order mark, as spreadsheets write, is not part of the first field
                reader.reset();
            }
        } catch (CharacterCodingException e) {
            throw new JunctionException("sync '" + sync + "': source file " + path + " " + undecodable());
        } catch (NoSuchFileException e) {
            throw new JunctionException("sync '" + sync + "': source file " + path + " does not exist");
        } catch (IOException e) {
            throw new JunctionException("sync '" + sync + "': cannot read source file " + path + ": " + e.getMessage(), e);
        }
        current = file.format() == SyncSpec.FileFormat.CSV ? new CsvRows(reader, from) : new JsonLines(reader, from);
        return current;
    }

    /**
     * The lowest cursor value an incremental read returns: the checkpoint less the lookback; null
     * (every record) for a full read or the first incremental one.
     */
    private String start(String checkpoint) {
        if (checkpoint == null || cursor == null || file.lookback().isZero()) {
            return cursor == null ? null : checkpoint;
        }
        String start = Lookback.apply(checkpoint, file.lookback());
        if (start.equals(checkpoint)) { // not a date-time with an offset: "10 minutes before id 41203" means nothing
            throw new JunctionException("sync '" + sync + "' source.file.lookback: a lookback needs ISO-8601 date-time cursor values with an offset"
                    + " (2026-01-30T22:57:50Z), but the checkpoint of cursorField '" + file.cursorField() + "' is '" + checkpoint
                    + "'; remove lookback, or make cursorField such a field (and reset the sync's checkpoint)");
        }
        return start;
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Bytes the file's encoding cannot decode: where the first are (read again from the start), and the setting that reads another encoding. */
    private String undecodable() {
        TextDecoding.Position at;
        try (java.io.InputStream in = Files.newInputStream(path)) {
            at = TextDecoding.firstUndecodable(in, file.encoding());
        } catch (IOException e) {
            at = null;
        }
        return TextDecoding.describe(at, file.encoding(), file.encoding().equals(StandardCharsets.UTF_8)
                ? "if the file is written in another encoding, name it in file.encoding (a CSV saved by Excel on Windows: encoding: windows-1252)"
                : "check file.encoding (" + file.encoding().name() + ")");
    }

    private JunctionException malformed(long line, String what) {
        return new JunctionException("sync '" + sync + "': source file " + path + " line " + line + ": " + what);
    }

    /** A read of the file; closes the file when exhausted, failed or closed. */
    private abstract class Rows implements RecordSource.Reader {
        private final java.io.Reader reader;
        private final String from;
        private volatile boolean done;

        /** {@code from}: the lowest cursor value returned (null: every record). */
        Rows(java.io.Reader reader, String from) {
            this.reader = reader;
            this.from = from;
        }

        /** Whether an incremental read returns the record: its cursor is not below {@code from}, or has no value comparable to it. */
        private boolean returns(JsonNode record) {
            if (from == null) {
                return true;
            }
            JsonNode value = cursor.find(record);
            if (value.isMissingNode() || value.isNull() || !value.isValueNode() || value.asText().isEmpty()) {
                return true;
            }
            Integer order = CursorOrder.compare(value.asText(), from);
            return order == null || order >= 0;
        }

        /** The next record, or null at the end of the file. */
        abstract JsonNode next() throws IOException;

        private final java.util.concurrent.atomic.AtomicLong returned = new java.util.concurrent.atomic.AtomicLong();

        /**
         * The records returned so far, scaled by the share of the file read: an estimate (the
         * reader's buffers run a little ahead of the records, and records differ in size). The
         * bytes read include the lines an incremental read skips, so it assumes the records still
         * to come are spread like those so far: for lines appended at the end, none before they are
         * reached, about right once they are.
         */
        @Override
        public dev.junction.sync.ExpectedTotal expected() {
            long read = bytesRead.get();
            long records = returned.get();
            if (read <= 0 || records <= 0 || size <= 0) {
                return null;
            }
            return new dev.junction.sync.ExpectedTotal(done ? records : Math.max(records, Math.round(records * (double) size / read)),
                    dev.junction.sync.ExpectedTotal.Basis.FILE_SIZE);
        }

        /**
         * A file has no position of its own to account for (the engine keeps an incremental read's
         * checkpoint, from the pages accounted for; the lines skipped are below it): it may be read
         * ahead.
         */
        @Override
        public boolean prefetchable() {
            return true;
        }

        @Override
        public List<JsonNode> nextPage() {
            if (done) {
                return null;
            }
            List<JsonNode> page = new ArrayList<>();
            try {
                JsonNode record;
                while (page.size() < PAGE && (record = next()) != null) {
                    if (returns(record)) {
                        page.add(record);
                    }
                }
            } catch (IOException e) {
                close();
                throw new JunctionException("sync '" + sync + "': cannot read source file " + path + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (page.isEmpty()) {
                close();
                return null;
            }
            returned.addAndGet(page.size());
            return page;
        }

        void close() {
            if (!done) {
                done = true;
                try {
                    reader.close();
                } catch (IOException e) {
                    // only read from: nothing is lost
                }
            }
        }
    }

    private final class JsonLines extends Rows {
        private final BufferedReader lines;
        private long lineNumber;

        JsonLines(BufferedReader lines, String from) {
            super(lines, from);
            this.lines = lines;
        }

        @Override
        JsonNode next() throws IOException {
            String line;
            while ((line = readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (JsonProcessingException e) {
                    throw malformed(lineNumber, "not valid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode)) {
                    throw malformed(lineNumber, "expected a JSON object, found " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
                }
                return node;
            }
            return null;
        }

        private String readLine() throws IOException {
            try {
                return lines.readLine();
            } catch (CharacterCodingException e) {
                throw new JunctionException("sync '" + sync + "': source file " + path + " " + undecodable(), e);
            }
        }
    }

    private final class CsvRows extends Rows {
        private final MappingIterator<List<String>> rows;
        private List<String> header;
        private long rowLine;

        CsvRows(java.io.Reader reader, String from) {
            super(reader, from);
            CsvMapper csv = new CsvMapper();
            csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            try {
                rows = csv.readerForListOf(String.class).with(CsvSchema.emptySchema().withColumnSeparator(file.delimiter())).readValues(reader);
            } catch (IOException e) {
                throw new JunctionException("sync '" + sync + "': cannot read source file " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        JsonNode next() throws IOException {
            List<String> row = row();
            if (row == null) {
                return null;
            }
            if (header == null) {
                header = row;
                if (header.stream().anyMatch(String::isBlank)) {
                    throw malformed(line(), "the header row names an empty column: " + String.join(",", header));
                }
                return next();
            }
            if (row.size() == 1 && row.get(0).isEmpty()) {
                return next(); // a blank line
            }
            if (row.size() != header.size()) {
                throw malformed(line(), "expected " + header.size() + " values (" + String.join(", ", header) + "), found " + row.size());
            }
            ObjectNode record = json.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                record.put(header.get(i), row.get(i));
            }
            return record;
        }

        private List<String> row() {
            rowLine = rows.getParser().currentLocation().getLineNr(); // the previous row's line break is consumed
            try {
                return rows.hasNextValue() ? rows.nextValue() : null;
            } catch (IOException e) {
                if (TextDecoding.decodingFailure(e)) { // the parser wraps the reader's failure
                    throw new JunctionException("sync '" + sync + "': source file " + path + " " + undecodable(), e);
                }
                String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
                throw malformed(rowLine, message);
            }
        }

        /** The line the last row started on. */
        private long line() {
            return rowLine;
        }
    }
}
