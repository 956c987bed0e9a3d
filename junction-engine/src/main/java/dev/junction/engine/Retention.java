package dev.junction.engine;

import dev.junction.store.RetentionRepository;
import dev.junction.store.RetentionRepository.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the logs are kept, and the purge that enforces it: per log (exchanges, runs, dead
 * letters, the audit log) a maximum age and a maximum number of rows, deleted in batches of
 * {@link Settings#batchSize()} ids (never one large delete, so a purge holds few locks at a time and
 * runs beside the work). A served process purges every {@link Settings#every()} in the background;
 * {@code junction purge} runs one purge by hand.
 *
 * <p>Only ended runs are purged (never a queued or running one, nor a backfill chunk's run). Open
 * dead letters are purged like replayed ones once they pass the age: replay them before. Defaults
 * are in {@link Settings#DEFAULT} and {@code docs/operations.md}.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** How often a served process purges ({@code off}: never). */
    public static final String EVERY_ENV = "JUNCTION_RETENTION_EVERY";
    public static final String BATCH_SIZE_ENV = "JUNCTION_RETENTION_BATCH_SIZE";

    /** What {@link Table} each setting's name means, in the order a purge works. */
    public static final Map<Table, String> NAMES = Map.of(Table.EXCHANGES, "exchanges", Table.RUNS, "runs", Table.DEAD_LETTERS, "deadLetters",
            Table.AUDIT_LOG, "audit");

    /**
     * One log's limits.
     *
     * @param maxAge rows older than this go; null: no age limit
     * @param maxRows at most this many rows stay (the newest); null: no size limit
     */
    public record Rule(Duration maxAge, Long maxRows) {
        public static final Rule KEEP_ALL = new Rule(null, null);

        public Rule {
            if (maxAge != null && maxAge.isNegative()) {
                throw new EngineException.Invalid("maxAge: expected a duration such as 30d (or forever), was " + maxAge);
            }
            if (maxRows != null && maxRows < 1) {
                throw new EngineException.Invalid("maxRows: expected 1 or more (or none), was " + maxRows);
            }
        }

        public Rule withMaxAge(Duration value) {
            return new Rule(value, maxRows);
        }

        public Rule withMaxRows(Long value) {
            return new Rule(maxAge, value);
        }

        /** A {@code maxAge} setting: a duration such as 30d or 12h; {@code forever} (or none, off): null. */
        public static Duration age(String text) {
            if (text == null || text.isBlank() || List.of("forever", "none", "off").contains(text.strip().toLowerCase(java.util.Locale.ROOT))) {
                return null;
            }
            Duration age = Durations.parse(text.strip());
            if (age == null) {
                throw new EngineException.Invalid("expected a duration such as 30d, 12h or forever, was '" + text + "'");
            }
            return age;
        }

        /** A {@code maxRows} setting: a whole number (underscores allowed: 1_000_000); {@code none} (or off): null. */
        public static Long rows(String text) {
            if (text == null || text.isBlank() || List.of("none", "off", "unlimited").contains(text.strip().toLowerCase(java.util.Locale.ROOT))) {
                return null;
            }
            try {
                return Long.parseLong(text.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new EngineException.Invalid("expected a number of rows such as 1000000, or none, was '" + text + "'");
            }
        }
    }

    /**
     * @param every how often a served process purges; null: never in the background (by hand only)
     * @param batchSize how many rows one delete statement deletes, 1 to 10,000
     */
    public record Settings(Rule exchanges, Rule runs, Rule deadLetters, Rule audit, Duration every, int batchSize) {
        public static final Settings DEFAULT = new Settings(new Rule(Exchanges.DEFAULT_RETENTION, 1_000_000L), new Rule(Duration.ofDays(180), null),
                new Rule(Duration.ofDays(180), null), new Rule(Duration.ofDays(400), null), Duration.ofHours(1), 1000);

        public Settings {
            exchanges = exchanges == null ? Rule.KEEP_ALL : exchanges;
            runs = runs == null ? Rule.KEEP_ALL : runs;
            deadLetters = deadLetters == null ? Rule.KEEP_ALL : deadLetters;
            audit = audit == null ? Rule.KEEP_ALL : audit;
            if (every != null && every.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new EngineException.Invalid("retention.every: expected 1m or more (or off), was " + Durations.format(every));
            }
            if (batchSize < 1 || batchSize > 10_000) {
                throw new EngineException.Invalid("retention.batchSize: expected 1 to 10000, was " + batchSize);
            }
        }

        public Rule rule(Table table) {
            return switch (table) {
                case EXCHANGES -> exchanges;
                case RUNS -> runs;
                case DEAD_LETTERS -> deadLetters;
                case AUDIT_LOG -> audit;
            };
        }

        /** The same settings with {@code table}'s rule changed by {@code change}. */
        public Settings with(Table table, Function<Rule, Rule> change) {
            Rule changed = change.apply(rule(table));
            return new Settings(table == Table.EXCHANGES ? changed : exchanges, table == Table.RUNS ? changed : runs,
                    table == Table.DEAD_LETTERS ? changed : deadLetters, table == Table.AUDIT_LOG ? changed : audit, every, batchSize);
        }

        public Settings withEvery(Duration value) {
            return new Settings(exchanges, runs, deadLetters, audit, value, batchSize);
        }

        public Settings withBatchSize(int value) {
            return new Settings(exchanges, runs, deadLetters, audit, every, value);
        }
    }

    /**
     * The variable of a log's limit: {@code JUNCTION_RETENTION_RUNS_MAX_AGE}, ..._MAX_ROWS; the
     * exchanges' age is {@value Exchanges#RETENTION_ENV}, as {@code junction run} has always read it.
     */
    public static String variable(Table table, boolean age) {
        if (table == Table.EXCHANGES && age) {
            return Exchanges.RETENTION_ENV;
        }
        String log = switch (table) {
            case EXCHANGES -> "EXCHANGES";
            case RUNS -> "RUNS";
            case DEAD_LETTERS -> "DEAD_LETTERS";
            case AUDIT_LOG -> "AUDIT";
        };
        return "JUNCTION_RETENTION_" + log + (age ? "_MAX_AGE" : "_MAX_ROWS");
    }

    /**
     * {@link Settings#DEFAULT} with what the environment sets ({@link #variable}, {@value #EVERY_ENV},
     * {@value #BATCH_SIZE_ENV}). @throws EngineException.Invalid naming the variable that is wrong
     */
    public static Settings fromEnvironment(Function<String, String> env) {
        Settings settings = Settings.DEFAULT;
        String name = null;
        try {
            for (Table table : Table.values()) {
                name = variable(table, true);
                String age = env.apply(name);
                if (age != null && !age.isBlank()) {
                    settings = settings.with(table, rule -> rule.withMaxAge(Rule.age(age)));
                }
                name = variable(table, false);
                String rows = env.apply(name);
                if (rows != null && !rows.isBlank()) {
                    settings = settings.with(table, rule -> rule.withMaxRows(Rule.rows(rows)));
                }
            }
            name = EVERY_ENV;
            String every = env.apply(name);
            if (every != null && !every.isBlank()) {
                settings = settings.withEvery(Rule.age(every));
            }
            name = BATCH_SIZE_ENV;
            String batch = env.apply(name);
            if (batch != null && !batch.isBlank()) {
                settings = settings.withBatchSize(batchSize(batch));
            }
            return settings;
        } catch (EngineException.Invalid e) {
            throw new EngineException.Invalid(name + ": " + e.getMessage());
        }
    }

    /** A batch size setting: a whole number. */
    public static int batchSize(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new EngineException.Invalid("retention.batchSize: expected 1 to 10000, was '" + text + "'");
        }
    }

    /** What one purge deleted, per log. */
    public record Purged(Map<Table, Long> deleted) {
        public Purged {
            deleted = Map.copyOf(deleted);
        }

        public long of(Table table) {
            return deleted.getOrDefault(table, 0L);
        }

        public long total() {
            return deleted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final RetentionRepository rows;
    private final Clock clock;
    private final Settings settings;

    public Retention(RetentionRepository rows, Clock clock, Settings settings) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** One purge with this process's settings. */
    public Purged purge() {
        return purge(settings, () -> false);
    }

    /**
     * One purge with {@code with}: per log, first what is older than its age, then what is beyond its
     * size, each in batches; {@code stop} is asked between batches (a stopping process stops there).
     */
    public Purged purge(Settings with, BooleanSupplier stop) {
        Map<Table, Long> deleted = new EnumMap<>(Table.class);
        Instant now = clock.instant();
        for (Table table : Table.values()) {
            Rule rule = with.rule(table);
            long count = 0;
            if (rule.maxAge() != null) {
                count += deleteBefore(table, now.minus(rule.maxAge()), with.batchSize(), stop);
            }
            if (rule.maxRows() != null && !stop.getAsBoolean()) {
                Optional<Instant> beyond = rows.timeBeyondNewest(table, rule.maxRows());
                if (beyond.isPresent()) {
                    // the stores keep microseconds: everything up to and including that instant goes
                    count += deleteBefore(table, beyond.get().plusNanos(1000), with.batchSize(), stop);
                }
            }
            deleted.put(table, count);
        }
        Purged purged = new Purged(deleted);
        if (purged.total() > 0) {
            LOG.info("Retention purged {} exchanges, {} runs, {} dead letters, {} audit entries", purged.of(Table.EXCHANGES), purged.of(Table.RUNS),
                    purged.of(Table.DEAD_LETTERS), purged.of(Table.AUDIT_LOG));
        }
        return purged;
    }

    /** Deletes the rows before {@code cutoff} a batch at a time, until a batch comes back short. */
    private long deleteBefore(Table table, Instant cutoff, int batchSize, BooleanSupplier stop) {
        long count = 0;
        while (!stop.getAsBoolean()) {
            List<String> ids = rows.idsBefore(table, cutoff, batchSize);
            if (ids.isEmpty()) {
                break;
            }
            count += rows.delete(table, ids);
            if (ids.size() < batchSize) {
                break;
            }
        }
        return count;
    }
}
