package dev.junction.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The periodic work a served process does beside its runs, started and stopped with the run queue:
 * the retention purge when the settings give it a period (the first pass after that period, or after
 * a minute when the period is longer), the check for scheduled audits that are due, every minute, and
 * the renewal of webhooks whose renewal is due, every minute.
 */
public final class Housekeeping {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private Housekeeping() {}

    /**
     * @param purgeEvery how often the retention purge runs; null for never
     * @param purge one purge pass, told whether the process is stopping
     * @param dueAudits starts the scheduled audits that are due
     * @param dueRenewals renews the webhooks whose renewal is due
     */
    public static List<Background> tasks(Duration purgeEvery, Consumer<BooleanSupplier> purge, Runnable dueAudits, Runnable dueRenewals) {
        List<Background> tasks = new ArrayList<>();
        if (purgeEvery != null) {
            tasks.add(new PeriodicTask("junction-retention", purgeEvery.compareTo(MINUTE) < 0 ? purgeEvery : MINUTE, purgeEvery, purge));
        }
        tasks.add(new PeriodicTask("junction-audit-schedule", MINUTE, MINUTE, stopping -> dueAudits.run()));
        tasks.add(new PeriodicTask("junction-webhook-renewal", MINUTE, MINUTE, stopping -> dueRenewals.run()));
        return tasks;
    }
}
