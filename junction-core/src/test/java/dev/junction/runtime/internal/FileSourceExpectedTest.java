package dev.junction.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RecordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file source's expected total: the records read so far scaled by the share of the file read; exact once read to the end. */
class FileSourceExpectedTest {
    @Test
    void theEstimateClosesInOnTheRecordCountAndIsExactAtTheEnd(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("contacts.jsonl");
        Files.writeString(file, IntStream.range(0, 20_000)
                .mapToObj(i -> "{\"id\":\"c-" + i + "\",\"email\":\"user" + i + "@example.com\",\"name\":\"Ada Lovelace\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        try (FileSource source = new FileSource("s", new SyncSpec.File(file.toString(), SyncSpec.FileFormat.JSONL, "id", ','), new ObjectMapper())) {
            RecordSource.Reader reader = source.open(null, "run");
            assertThat(reader.expected()).isNull();

            List<JsonNode> page = reader.nextPage();
            ExpectedTotal first = reader.expected();
            for (int i = 1; i < 20; i++) {
                page = reader.nextPage();
            }
            ExpectedTotal half = reader.expected();
            while (page != null) {
                page = reader.nextPage();
            }

            assertThat(first.basis()).isEqualTo(ExpectedTotal.Basis.FILE_SIZE);
            // the reader's buffers run ahead of the records by a few KiB (low at first), and the early records
            // are shorter than the late ones (c-9 against c-19999): within 5% by half way
            assertThat(first.records()).isBetween(5_000L, 21_000L);
            assertThat(half.records()).isBetween(19_000L, 21_000L);
            assertThat(reader.expected()).isEqualTo(new ExpectedTotal(20_000, ExpectedTotal.Basis.FILE_SIZE));
        }
    }
}
