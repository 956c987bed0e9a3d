package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting records into batches by count and by the bytes of their JSON array. */
class BatchesTest {
    private final ObjectMapper json = new ObjectMapper();

    private Pending record(String key, int bytes) {
        return new Pending(key, json.createObjectNode(), "f", false, null, bytes);
    }

    /** Adds every record and returns the batches (keys), the last one included. */
    private List<List<String>> cut(Batches batches, Pending... records) {
        List<List<String>> out = new ArrayList<>();
        for (Pending p : records) {
            List<Pending> closed = batches.add(p);
            if (closed != null) {
                out.add(closed.stream().map(Pending::key).toList());
            }
        }
        List<Pending> rest = batches.take();
        if (!rest.isEmpty()) {
            out.add(rest.stream().map(Pending::key).toList());
        }
        return out;
    }

    @Test
    void withoutMaxBytesOnlyTheCountCloses() {
        assertThat(cut(new Batches(2, 0), record("a", 900), record("b", 900), record("c", 900)))
                .containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void aBatchClosesWhenTheNextRecordWouldTakeItsArrayPastMaxBytes() {
        // [a,b] is 2 + 40 + 1 + 40 = 83 bytes; c would make it 124 > 100
        assertThat(cut(new Batches(10, 100), record("a", 40), record("b", 40), record("c", 40), record("d", 40)))
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void anArrayOfExactlyMaxBytesStillFits() {
        // 2 + 48 + 1 + 49 = 100
        assertThat(cut(new Batches(10, 100), record("a", 48), record("b", 49), record("c", 1)))
                .containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void whicheverLimitComesFirstCloses() {
        assertThat(cut(new Batches(2, 1000), record("a", 10), record("b", 10), record("c", 600), record("d", 600)))
                .containsExactly(List.of("a", "b"), List.of("c"), List.of("d"));
    }

    @Test
    void aRecordWhoseArrayAloneIsLargerThanMaxBytesIsTooLarge() {
        Batches batches = new Batches(10, 100);

        assertThat(batches.tooLarge(98)).isFalse();
        assertThat(batches.tooLarge(99)).isTrue();
        assertThat(new Batches(10, 0).tooLarge(Integer.MAX_VALUE)).isFalse();
    }
}
