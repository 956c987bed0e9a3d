package dev.junction.sandbox.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeysTest {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void keepsOnlyTheMostRecentKeysSoAnEvictedKeyIsAppliedAgain() {
        IdempotencyKeys keys = new IdempotencyKeys(2);
        AtomicInteger applied = new AtomicInteger();
        for (String key : new String[] {"a", "b", "c", "a"}) {
            keys.handle(key, BODY, () -> new IdempotencyKeys.Answer(200, "#" + applied.incrementAndGet()));
        }

        assertThat(applied).hasValue(4);
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.handle("c", BODY, () -> new IdempotencyKeys.Answer(200, "never")).answer().body()).isEqualTo("#3");
    }
}
