package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SingleTokensTest {
    private static ResponseSignals said(int status, Long remaining) {
        return ResponseSignals.of(status, new RateLimitHeaders(null, remaining, Duration.ofSeconds(1), 1L, null));
    }

    @Test
    void twoAcceptedRequestsInARowLeavingNoneShowSingleTokens() {
        SingleTokens once = SingleTokens.NOT_SEEN.after(said(200, 0L), true);
        assertThat(once.seen()).isFalse();
        assertThat(once.after(said(200, 0L), true).seen()).isTrue();
    }

    @Test
    void aCountAboveZeroBetweenThemStartsOver() {
        SingleTokens tokens = SingleTokens.NOT_SEEN.after(said(200, 0L), true).after(said(200, 3L), true).after(said(200, 0L), true);
        assertThat(tokens.seen()).isFalse();
    }

    @Test
    void refusedResponsesAndResponsesWithoutACountTellNothing() {
        SingleTokens once = SingleTokens.NOT_SEEN.after(said(200, 0L), true);
        assertThat(once.after(said(429, 0L), true)).isEqualTo(once);
        assertThat(once.after(said(200, null), false)).isEqualTo(once);
        assertThat(once.after(said(429, 0L), true).after(said(200, 0L), true).seen()).isTrue();
    }

    @Test
    void onceSeenSingleTokensStaySeen() {
        SingleTokens seen = new SingleTokens(true, true);
        assertThat(seen.after(said(200, 5L), true).seen()).isTrue();
    }
}
