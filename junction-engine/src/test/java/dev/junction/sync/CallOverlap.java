package dev.junction.sync;

import dev.junction.store.ExchangeRecord;
import java.util.List;

/** How many calls of an exchange log were in flight at once: evidence of concurrency from the log of real calls. */
public final class CallOverlap {
    private CallOverlap() {}

    /** The most calls in flight at the same moment (a call's start within another's span, itself included). */
    public static int mostAtOnce(List<ExchangeRecord> calls) {
        int most = 0;
        for (ExchangeRecord call : calls) {
            int atOnce = (int) calls.stream().filter(other -> !other.at().isAfter(call.at())
                    && other.at().plusMillis(other.durationMillis()).isAfter(call.at())).count();
            most = Math.max(most, atOnce);
        }
        return most;
    }
}
