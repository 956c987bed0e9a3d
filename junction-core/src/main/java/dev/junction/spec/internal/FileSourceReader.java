package dev.junction.spec.internal;

import dev.junction.json.TextDecoding;
import dev.junction.spec.SyncSpec;
import java.time.Duration;
import java.util.Locale;

/** Reads {@code source: { file: { path, format, primaryKey, delimiter, encoding, cursorField, lookback } }}. */
final class FileSourceReader {
    static final String ONE_KIND = "a source reads one of a connector stream (connection or connector, and stream), a SQL query (sql) or a file (file)";

    private FileSourceReader() {}

    static SyncSpec.Source read(Fields source, SyncSpec.ReadMode mode) {
        for (String key : new String[] {"connection", "connector", "stream"}) {
            if (source.has(key)) {
                source.problem(key, ONE_KIND);
            }
        }
        Fields file = source.fields("file", true);
        if (file == null) {
            return null;
        }
        file.allow(Schema.FILE_SOURCE);
        String path = file.string("path", true);
        String format = file.has("format") ? file.oneOf("format", Schema.FILE_FORMATS, null) : inferred(file, path);
        String primaryKey = file.string("primaryKey", false);
        String delimiter = file.string("delimiter", false, ",");
        if (delimiter != null && delimiter.length() != 1) {
            file.problem("delimiter", "expected one character, such as ',' or ';', found '" + delimiter + "'");
            return null;
        }
        if (delimiter != null && !"csv".equals(format) && file.has("delimiter")) {
            file.problem("delimiter", "only a csv file has a delimiter");
            return null;
        }
        String encodingName = file.string("encoding", false, "UTF-8");
        java.nio.charset.Charset encoding = encodingName == null ? null : TextDecoding.known(encodingName);
        if (encodingName != null && encoding == null) {
            file.problem("encoding", "unknown encoding '" + encodingName + "'; expected " + TextDecoding.examples());
            return null;
        }
        String cursorField = file.jsonPath("cursorField", false);
        Duration lookback = file.duration("lookback", false, Duration.ZERO, false);
        if (mode == SyncSpec.ReadMode.INCREMENTAL && !file.has("cursorField")) {
            file.missing("cursorField", " (mode is incremental: the field of the file's records whose highest value becomes the checkpoint)");
        }
        if (file.has("lookback") && mode != SyncSpec.ReadMode.INCREMENTAL) {
            file.problem("lookback", "a lookback applies to mode incremental (it moves the checkpoint's start back); set source.mode: incremental"
                    + " or remove lookback");
        }
        if (path == null || format == null || delimiter == null || lookback == null || (mode == SyncSpec.ReadMode.INCREMENTAL && cursorField == null)) {
            return null;
        }
        return new SyncSpec.Source(null, null, mode, null, new SyncSpec.File(path, SyncSpec.FileFormat.valueOf(format.toUpperCase(Locale.ROOT)),
                primaryKey, delimiter.charAt(0), cursorField, lookback, encoding));
    }

    /** The format from the file name: {@code .csv}, or {@code .jsonl} / {@code .ndjson}. */
    private static String inferred(Fields file, String path) {
        if (path == null) {
            return null;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return "csv";
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return "jsonl";
        }
        file.missing("format", " (the name '" + path + "' does not end in .csv, .jsonl or .ndjson; expected one of: csv, jsonl)");
        return null;
    }
}
