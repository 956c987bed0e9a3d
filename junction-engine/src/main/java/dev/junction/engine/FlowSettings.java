package dev.junction.engine;

import java.time.Duration;

/**
 * How flow executions are kept going: a claimed execution's lease lasts {@code leaseTtl} unrenewed
 * (how soon a dead process's executions are resumed elsewhere), the flow worker looks for executions
 * no process runs every {@code pollInterval}, and ended executions are purged {@code retention} after
 * they ended (null: kept forever).
 */
public record FlowSettings(Duration leaseTtl, Duration pollInterval, Duration retention) {
    /** The setting of {@link #retention}: a duration such as 30d, or {@code forever}. */
    public static final String RETENTION_ENV = "JUNCTION_FLOW_RETENTION";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final FlowSettings DEFAULT = new FlowSettings(Duration.ofSeconds(6), Duration.ofSeconds(1), DEFAULT_RETENTION);

    public FlowSettings {
        if (leaseTtl == null || leaseTtl.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("leaseTtl: expected at least 300ms (it is renewed every third of it), was " + leaseTtl);
        }
        if (pollInterval == null || !pollInterval.isPositive()) {
            throw new IllegalArgumentException("pollInterval: expected a positive duration, was " + pollInterval);
        }
        if (retention != null && !retention.isPositive()) {
            throw new IllegalArgumentException("retention: expected a positive duration (or forever), was " + retention);
        }
    }

    /**
     * The retention {@value #RETENTION_ENV} asks for (null or blank: 30 days; {@code forever}: null, keep all).
     *
     * @throws EngineException.Invalid when it is not a duration such as 7d, 12h or forever
     */
    public static Duration retention(String setting) {
        return Durations.retention(setting, DEFAULT_RETENTION, RETENTION_ENV);
    }
}
