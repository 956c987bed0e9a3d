package dev.junction.spec;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * When a sync runs by itself: on a {@code cron} expression in a time {@code zone}, or {@code every}
 * so long (exactly one of the two). {@code overlap} says what a fire does while a run of the sync
 * (tenant) is still queued or running; {@code catchUp} what a fire does that comes more than one
 * period late because no scheduler was running.
 *
 * <pre>{@code
 * schedule: "*&#47;15 * * * *"                                      # 5-field cron, UTC
 * schedule: { cron: "0 6 * * MON-FRI", zone: Europe/Berlin, overlap: queue }
 * schedule: { every: 15m, catchUp: none }
 * }</pre>
 *
 * <p>Cron expressions are read by db-scheduler's cron support, the implementation that fires them:
 * 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), with names such as
 * {@code MON-FRI} and {@code JAN}. Fire times follow the zone's wall clock: a time that does not exist
 * on the day the clocks go forward does not fire that day; one that happens twice fires once.
 *
 * @param cron the expression as written (5 or 6 fields); null for an {@code every} schedule
 * @param every the period; null for a cron schedule
 */
public record ScheduleSpec(String cron, Duration every, ZoneId zone, Overlap overlap, CatchUp catchUp) {
    /** Cron fire times are read in UTC unless a zone is named. */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;
    /** The shortest period of an {@code every} schedule. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);

    /** What a fire does while a run of the sync (tenant) is queued or running. */
    public enum Overlap {
        /** Nothing but a record that it was skipped, and why (the default). */
        SKIP,
        /** Queues one run behind it, unless one is queued already: at most one waits. */
        QUEUE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a fire that comes more than one period late (no scheduler was running) does. */
    public enum CatchUp {
        /** Nothing but a record that the fire was missed. */
        NONE,
        /** Runs once, however many fires were missed (the default). */
        ONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ScheduleSpec {
        if ((cron == null) == (every == null)) {
            throw new IllegalArgumentException("a schedule has either a cron expression or a period, not " + (cron == null ? "neither" : "both"));
        }
        if (cron != null) {
            String problem = cronProblem(cron);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        if (every != null && every.compareTo(MIN_EVERY) < 0) {
            throw new IllegalArgumentException("a schedule's period must be at least " + MIN_EVERY.toSeconds() + "s, was " + every);
        }
        zone = zone == null ? DEFAULT_ZONE : zone;
        overlap = overlap == null ? Overlap.SKIP : overlap;
        catchUp = catchUp == null ? CatchUp.ONE : catchUp;
    }

    /** A cron schedule in UTC with the default policies. */
    public static ScheduleSpec cron(String expression) {
        return new ScheduleSpec(expression, null, null, null, null);
    }

    /** An {@code every} schedule with the default policies. */
    public static ScheduleSpec every(Duration period) {
        return new ScheduleSpec(null, period, null, null, null);
    }

    /**
     * Null when {@code expression} is a cron expression this schedule takes, else what is wrong and
     * what is expected.
     */
    public static String cronProblem(String expression) {
        Objects.requireNonNull(expression, "expression");
        String[] fields = expression.strip().split("\\s+");
        if (expression.isBlank() || fields.length < 5 || fields.length > 6) {
            return "'" + expression + "' is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week, such as"
                    + " '*/15 * * * *') or 6 (seconds first), found " + (expression.isBlank() ? "none" : fields.length);
        }
        try {
            new CronSchedule(springForm(expression), DEFAULT_ZONE);
            return null;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace("Failed to parse cron expression. ", "");
            return "'" + expression + "' is not a valid cron expression: " + reason + " (fields: " + (fields.length == 6 ? "second " : "")
                    + "minute hour day-of-month month day-of-week)";
        }
    }

    /** The fire after {@code after}: the cron's next time in the zone, or {@code after} plus the period. */
    public Instant nextAfter(Instant after) {
        if (every != null) {
            return after.plus(every);
        }
        return cronSchedule().getNextExecutionTime(ExecutionComplete.simulatedSuccess(after));
    }

    /** The next {@code count} fires after {@code after}, in order. */
    public List<Instant> nextFires(Instant after, int count) {
        List<Instant> fires = new ArrayList<>(count);
        if (every == null && count > 0) {
            CronSchedule schedule = cronSchedule();
            Instant at = after;
            for (int i = 0; i < count; i++) {
                at = schedule.getNextExecutionTime(ExecutionComplete.simulatedSuccess(at));
                fires.add(at);
            }
            return fires;
        }
        Instant at = after;
        for (int i = 0; i < count; i++) {
            at = nextAfter(at);
            fires.add(at);
        }
        return fires;
    }

    /**
     * What decides the fire times ({@code cron:0 0 6 * * MON-FRI@UTC}, {@code every:PT15M}): equal for
     * two schedules that fire at the same times, whatever their policies.
     */
    public String timing() {
        return every != null ? "every:" + every : "cron:" + springForm(cron) + "@" + zone.getId();
    }

    /** For people: {@code cron '0 6 * * MON-FRI' in Europe/Berlin}, {@code every 15m}. */
    public String describe() {
        return every != null ? "every " + format(every) : "cron '" + cron + "' in " + zone.getId();
    }

    private CronSchedule cronSchedule() {
        return new CronSchedule(springForm(cron), zone);
    }

    /** db-scheduler reads 6 fields, seconds first: a 5-field expression fires at second 0. */
    private static String springForm(String expression) {
        String stripped = expression.strip();
        return stripped.split("\\s+").length == 5 ? "0 " + stripped : stripped;
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
