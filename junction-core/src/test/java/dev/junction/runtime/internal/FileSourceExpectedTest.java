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

/**
 * A file source's expected total: the records read so far scaled by the share of the file read; exact once read to the end.
 * An incremental read's skipped lines count as read bytes but not as records.
 */
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

    @Test
    void anIncrementalReadSkipsOlderLinesAcrossPagesAndEstimatesTheLinesAppendedAtTheEnd(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("contacts.csv");
        Files.writeString(file, "id,updated\n" + IntStream.range(0, 3_000)
                .mapToObj(i -> "c-" + i + "," + (i < 2_990 ? "2026-01-05T09:00:00Z" : "2026-01-05T10:0" + (i % 10) + ":00Z"))
                .collect(Collectors.joining("\n", "", "\n")));
        SyncSpec.File spec = new SyncSpec.File(file.toString(), SyncSpec.FileFormat.CSV, "id", ',', "updated", java.time.Duration.ZERO);
        try (FileSource source = new FileSource("s", spec, new ObjectMapper())) {
            RecordSource.Reader reader = source.open("2026-01-05T10:05:00+00:00", "run");

            List<JsonNode> page = reader.nextPage();

            assertThat(page).extracting(r -> r.path("id").asText()).containsExactly("c-2995", "c-2996", "c-2997", "c-2998", "c-2999");
            assertThat(reader.expected().records()).isBetween(5L, 6L); // the skipped lines were read, the new ones are at the end
            assertThat(reader.nextPage()).isNull();
            assertThat(reader.expected()).isEqualTo(new ExpectedTotal(5, ExpectedTotal.Basis.FILE_SIZE));
        }
    }
}
