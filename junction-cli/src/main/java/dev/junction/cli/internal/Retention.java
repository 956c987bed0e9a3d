package dev.junction.cli.internal;

import dev.junction.JunctionException;
import java.time.Duration;

/** How long the request log keeps exchanges: {@code JUNCTION_EXCHANGE_RETENTION}, default 30 days. */
final class Retention {
    static final String VARIABLE = "JUNCTION_EXCHANGE_RETENTION";
    static final Duration DEFAULT = Duration.ofDays(30);

    private Retention() {}

    /** The retention the setting asks for; null for {@code forever}. Checked before a run starts. */
    static Duration of(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT;
        }
        if (setting.strip().equalsIgnoreCase("forever")) {
            return null;
        }
        Duration keep = DurationConverter.parse(setting);
        if (keep == null) {
            throw new JunctionException(VARIABLE + "='" + setting + "' is not a duration; write e.g. 7d, 12h or 'forever'");
        }
        return keep;
    }

    /** Deletes exchanges older than {@code keep} (null keeps all). @return how many were deleted */
    static long prune(Workspace workspace, Duration keep) {
        return keep == null ? 0 : workspace.store().exchanges().deleteOlderThan(workspace.clock().instant().minus(keep));
    }
}
