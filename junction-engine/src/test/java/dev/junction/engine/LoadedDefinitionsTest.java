package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.internal.LoadedDefinitions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.store.StoredDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LoadedDefinitions} (tested here, where the engine's {@link TestClock} is). */
class LoadedDefinitionsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String CONNECTOR = "kind: Connector\nname: crm\nbaseUrl: https://api.example.com\n";

    private final List<StoredDefinition> stored = new ArrayList<>(List.of(new StoredDefinition("Connector", "crm", CONNECTOR, "crm.yaml", "c1", T0)));
    private int reads;
    private final TestClock clock = new TestClock(T0);
    private final LoadedDefinitions loaded = new LoadedDefinitions(() -> {
        reads++;
        return List.copyOf(stored);
    }, new SpecLoader(), clock, Duration.ofSeconds(1), d -> new SourceText(d.origin(), d.source(), false, d.lineOffset()));

    @Test
    void aRecentReadWithinTheFreshSpanDoesNotAskTheStore() {
        LoadResult first = loaded.load(true);
        clock.advance(Duration.ofMillis(999));
        assertThat(loaded.load(true)).isSameAs(first);
        assertThat(reads).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(loaded.load(true)).isSameAs(first);
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aFullReadAsksTheStoreButLoadsAgainOnlyWhenTheStoredSetChanged() {
        LoadResult first = loaded.load(false);
        assertThat(loaded.load(false)).isSameAs(first);
        stored.set(0, new StoredDefinition("Connector", "crm", CONNECTOR.replace("api.", "api2."), "crm.yaml", "c2", T0));
        LoadResult second = loaded.load(false);
        assertThat(second).isNotSameAs(first);
        assertThat(reads).isEqualTo(3);
    }

    @Test
    void aLoadThatReadTheStoreBeforeAnApplyForgotTheSetKeepsNothing() {
        List<LoadedDefinitions> self = new ArrayList<>();
        LoadedDefinitions racing = new LoadedDefinitions(() -> {
            reads++;
            List<StoredDefinition> before = List.copyOf(stored);
            if (reads == 1) { // another thread applies between this read and the load's end
                stored.set(0, new StoredDefinition("Connector", "crm", CONNECTOR.replace("api.", "api2."), "crm.yaml", "c2", T0));
                self.getFirst().forget();
            }
            return before;
        }, new SpecLoader(), clock, Duration.ofSeconds(1), d -> new SourceText(d.origin(), d.source(), false, d.lineOffset()));
        self.add(racing);

        LoadResult stale = racing.load(true);
        LoadResult next = racing.load(true);

        assertThat(stale.connectors().get("crm").baseUrl()).contains("api.example.com");
        assertThat(next.connectors().get("crm").baseUrl()).as("the applied set, not the one read before the apply").contains("api2.example.com");
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void forgettingLoadsAgainAtTheNextRead() {
        LoadResult first = loaded.load(true);
        loaded.forget();
        assertThat(loaded.load(true)).isNotSameAs(first);
        assertThat(reads).isEqualTo(2);
    }
}
