package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.junction.sync.RecordSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The run reads a prefetchable source's next page while it writes the current one, in order and bounded. */
class PageAheadTest {

    /** Pages 1..n of one record each (the page number); throws {@code failure} instead of page {@code failAt}. */
    private static final class Counted implements RecordSource.Reader {
        final AtomicInteger returned = new AtomicInteger();
        final AtomicInteger accounted = new AtomicInteger();
        final List<Long> accountedPages = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final int pages;
        private final int failAt;
        private final boolean prefetchable;
        private final RuntimeException failure = new IllegalStateException("HTTP 503 from GET /v1/contacts, retries exhausted");

        Counted(int pages, int failAt, boolean prefetchable) {
            this.pages = pages;
            this.failAt = failAt;
            this.prefetchable = prefetchable;
        }

        @Override
        public List<JsonNode> nextPage() {
            int number = returned.get() + 1;
            if (number == failAt) {
                throw failure;
            }
            if (number > pages) {
                return null;
            }
            returned.incrementAndGet();
            return List.of(IntNode.valueOf(number));
        }

        @Override
        public void accounted() {
            accounted.incrementAndGet();
        }

        @Override
        public void accountedPages(long pages) {
            accountedPages.add(pages);
        }

        @Override
        public boolean prefetchable() {
            return prefetchable;
        }
    }

    @Test
    void returnsEveryPageInTheSourcesOrderAndThenStaysExhausted() {
        Counted source = new Counted(50, 0, true);
        List<Integer> seen = new ArrayList<>();
        try (PageAhead reader = PageAhead.of(source, 1)) {
            for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
                seen.add(page.getFirst().intValue());
            }
            assertThat(reader.nextPage()).isNull();
        }

        assertThat(seen).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void readsTheNextPageWhileTheCurrentOneIsHeldButNoFurther() {
        Counted source = new Counted(10, 0, true);
        try (PageAhead reader = PageAhead.of(source, 1)) {
            assertThat(reader.nextPage()).containsExactly(IntNode.valueOf(1));

            await().atMost(Duration.ofSeconds(10)).until(() -> source.returned.get() == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> source.returned.get() == 2);
            assertThat(reader.nextPage()).containsExactly(IntNode.valueOf(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> source.returned.get() == 3);
        }
    }

    @Test
    void aFailureOfTheSourceComesOutInThePlaceOfThePageItWasReading() {
        Counted source = new Counted(10, 3, true);
        try (PageAhead reader = PageAhead.of(source, 1)) {
            assertThat(reader.nextPage()).containsExactly(IntNode.valueOf(1));
            assertThat(reader.nextPage()).containsExactly(IntNode.valueOf(2));

            assertThatThrownBy(reader::nextPage).isSameAs(source.failure)
                    .hasMessage("HTTP 503 from GET /v1/contacts, retries exhausted");
            assertThat(reader.nextPage()).isNull();
        }
    }

    @Test
    void aSourceThatIsNotPrefetchableIsReadOnlyOnDemandAndToldWhatIsAccounted() {
        Counted source = new Counted(3, 0, false);
        try (PageAhead reader = PageAhead.of(source, 1)) {
            assertThat(reader.nextPage()).containsExactly(IntNode.valueOf(1));
            reader.accounted();

            assertThat(source.returned).hasValue(1);
            assertThat(source.accounted).hasValue(1);
        }
    }

    @Test
    void aPrefetchableSourceIsToldHowManyPagesAreAccountedAndAnyOtherThatAllReturnedAre() {
        Counted ahead = new Counted(3, 0, true);
        try (PageAhead reader = PageAhead.of(ahead, 1)) {
            reader.nextPage();
            reader.nextPage();
            await("the third page read ahead").atMost(Duration.ofSeconds(10)).until(() -> ahead.returned.get() == 3);
            reader.accountedThrough(1);
            reader.accountedThrough(2);

            assertThat(ahead.accountedPages).containsExactly(1L, 2L);
            assertThat(ahead.accounted).hasValue(0);
        }
        Counted inStep = new Counted(3, 0, false);
        try (PageAhead reader = PageAhead.of(inStep, 1)) {
            reader.nextPage();
            reader.accountedThrough(1);

            assertThat(inStep.accounted).hasValue(1);
            assertThat(inStep.accountedPages).isEmpty();
        }
    }
}
