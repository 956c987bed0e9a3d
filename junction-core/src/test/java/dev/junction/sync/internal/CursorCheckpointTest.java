package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression: an incremental read saved the highest cursor value read after each page, so a run
 * that stopped partway skipped, on the next run, every unread record below it when the API did not
 * return records in cursor order. Each case reads pages ({@code read 1 2 2}: records with those
 * cursor values), says which pages are accounted for ({@code accounted 1}: the first page read) and
 * whether the read reached its end, and lists the checkpoints saved, in order ({@code -}: removed).
 */
class CursorCheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unsorted: pages accounted for move nothing; the end moves to the highest value read", false, null,
                        "read 5 1 3 | read 2 4 | accounted 1 | accounted 2 | ended", List.of("5")),
                Arguments.of("unsorted: a read that stops partway saves nothing", false, "1",
                        "read 5 1 3 | read 2 4 | accounted 1", List.of()),
                Arguments.of("sorted: a page followed by a higher value moves to its highest", true, null,
                        "read 1 2 | read 3 4 | accounted 1", List.of("2")),
                Arguments.of("sorted: a value that goes on across the page boundary moves only to the value before it", true, null,
                        "read 1 2 2 | read 2 3 | accounted 1", List.of("1")),
                Arguments.of("sorted: a page of one value with the next page unread moves nothing", true, null,
                        "read 7 7 | accounted 1", List.of()),
                Arguments.of("sorted: a page accounted for before the next is read moves below its last value, then to it once the next is higher",
                        true, null, "read 1 2 | accounted 1 | read 3", List.of("1", "2")),
                Arguments.of("sorted: the end moves to the highest value read", true, null,
                        "read 1 2 | read 2 3 | accounted 1 | accounted 2 | ended", List.of("1", "2", "3")),
                Arguments.of("sorted: values below the start (a lookback) never move the checkpoint back", true, "5",
                        "read 3 4 | read 6 | accounted 1 | accounted 2 | ended", List.of("6")),
                Arguments.of("sorted: records without a cursor value neither move nor order anything", true, null,
                        "read 1 - 2 | read - 3 | accounted 1", List.of("2")),
                Arguments.of("sorted but out of order: the checkpoint goes back to where the read started and moves only at the end", true, "0",
                        "read 1 2 | read 3 | accounted 1 | read 1 | accounted 2 | accounted 3 | ended", List.of("2", "0", "3")),
                Arguments.of("sorted but out of order on a first read: the checkpoint saved is removed", true, null,
                        "read 1 2 | read 3 | accounted 1 | read 2", List.of("2", "-")),
                Arguments.of("sorted but values of different kinds: out of order", true, null,
                        "read 1 2 | read 2026-01-01T00:00:00Z | accounted 1", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void movesTheCheckpointOnlyPastRecordsNoUnreadRecordCanBeBelow(String name, boolean sorted, String start, String steps, List<String> saved) {
        List<String> saves = new ArrayList<>();
        CursorCheckpoint checkpoint = rules(sorted, new ArrayList<>()).start("stream 's'", start, value -> saves.add(value == null ? "-" : value));
        List<CursorCheckpoint.Mark> marks = new ArrayList<>();
        int id = 0;
        for (String step : steps.split("\\|")) {
            String[] words = step.strip().split(" ");
            switch (words[0]) {
                case "read" -> {
                    List<JsonNode> page = new ArrayList<>();
                    for (int i = 1; i < words.length; i++) {
                        page.add(record("r" + ++id, words[i]));
                    }
                    marks.add(checkpoint.read(page));
                }
                case "accounted" -> checkpoint.accounted(marks.get(Integer.parseInt(words[1]) - 1));
                case "ended" -> checkpoint.ended();
                default -> throw new IllegalArgumentException(step);
            }
        }
        assertThat(saves).isEqualTo(saved);
    }

    @Test
    void aSortedReadOutOfOrderSaysWhichRecordCameAfterAHigherValueOnce() {
        List<String> notes = new ArrayList<>();
        CursorCheckpoint checkpoint = rules(true, notes).start("stream 'contacts'", null, value -> {});

        checkpoint.read(List.of(record("c-1", "2026-01-02T00:00:00Z"), record("c-2", "2026-01-05T00:00:00Z")));
        checkpoint.read(List.of(record("c-3", "2026-01-01T00:00:00Z"), record("c-4", "2026-01-03T00:00:00Z")));

        assertThat(notes).containsExactly("stream 'contacts' is declared sorted by 't', but record 'c-3' has '2026-01-01T00:00:00Z' after"
                + " '2026-01-05T00:00:00Z'; this read moves its checkpoint only once it reaches its end. If the source does not return its"
                + " records in ascending 't' order, remove sorted: true from the stream's incremental");
    }

    private static CursorCheckpoint.Rules rules(boolean sorted, List<String> notes) {
        return new CursorCheckpoint.Rules(JsonPath.parse("t"), JsonPath.parse("id"), "t", sorted, notes::add);
    }

    /** A record with cursor {@code t} ({@code -}: none). */
    private static JsonNode record(String id, String t) {
        var record = JSON.createObjectNode().put("id", id);
        return "-".equals(t) ? record : record.put("t", t);
    }
}
