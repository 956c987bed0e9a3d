package dev.junction.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.RecordSource;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file source's {@code encoding}: files in other charsets are read in them, and bytes a charset cannot decode stop the read saying where. */
class FileSourceEncodingTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @Test
    void aWindows1252CsvAsExcelSavesItIsReadInItsEncoding(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("customers.csv");
        Files.write(file, "id;name;city\n1;Café Müller;Köln\n2;Œuvre – Straße;€ zone\n".getBytes(WINDOWS_1252));

        List<JsonNode> records = readAll(spec(file, SyncSpec.FileFormat.CSV, ';', WINDOWS_1252));

        assertThat(records).extracting(JsonNode::toString).containsExactly("{\"id\":\"1\",\"name\":\"Café Müller\",\"city\":\"Köln\"}",
                "{\"id\":\"2\",\"name\":\"Œuvre – Straße\",\"city\":\"€ zone\"}");
    }

    @Test
    void aUtf16FileWithItsByteOrderMarkIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("changes.jsonl");
        Files.write(file, "{\"id\":\"1\",\"name\":\"東京\"}\n".getBytes(StandardCharsets.UTF_16)); // big-endian, with a byte order mark

        List<JsonNode> records = readAll(spec(file, SyncSpec.FileFormat.JSONL, ',', StandardCharsets.UTF_16));

        assertThat(records).extracting(JsonNode::toString).containsExactly("{\"id\":\"1\",\"name\":\"東京\"}");
    }

    @Test
    void aWindows1252FileReadAsUtf8StopsAtTheFirstByteThatIsNotUtf8AndNamesTheSetting(@TempDir Path dir) throws IOException {
        // 3,000 clean lines first: the CSV parser reads ahead of the rows, so the error is located by reading the file again
        String clean = IntStream.range(0, 3_000).mapToObj(i -> i + ";Ada " + i).collect(Collectors.joining("\n", "id;name\n", "\n"));
        Path file = dir.resolve("customers.csv");
        Files.write(file, (clean + "3000;Café\n").getBytes(WINDOWS_1252));
        int offset = clean.length() + "3000;Caf".length();

        assertThatThrownBy(() -> readAll(spec(file, SyncSpec.FileFormat.CSV, ';', null))).isInstanceOf(JunctionException.class)
                .hasMessage("sync 's': source file " + file + " line 3002 (byte " + offset + ") holds bytes that are not valid UTF-8; if the file is"
                        + " written in another encoding, name it in file.encoding (a CSV saved by Excel on Windows: encoding: windows-1252)");
    }

    @Test
    void aJsonLinesFileWithABadByteOnItsFirstLineSaysSoToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("changes.jsonl");
        Files.write(file, "{\"id\":\"1\",\"name\":\"Søren\"}\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> readAll(spec(file, SyncSpec.FileFormat.JSONL, ',', null))).isInstanceOf(JunctionException.class)
                .hasMessageContaining(" line 1 (byte 19) holds bytes that are not valid UTF-8; ");
    }

    private static SyncSpec.File spec(Path file, SyncSpec.FileFormat format, char delimiter, Charset encoding) {
        return new SyncSpec.File(file.toString(), format, "id", delimiter, null, Duration.ZERO, encoding);
    }

    private static List<JsonNode> readAll(SyncSpec.File spec) {
        List<JsonNode> all = new ArrayList<>();
        try (FileSource source = new FileSource("s", spec, new ObjectMapper())) {
            RecordSource.Reader reader = source.open(null, "run");
            for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
                all.addAll(page);
            }
        }
        return all;
    }
}
