package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.engine.Schedules;
import dev.junction.store.ScheduleTick;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "schedules", description = {
    "Lists the syncs' schedules (schedule: in a sync) with their next fire times and last fire.",
    "'schedules pause SYNC' stops a schedule from queueing runs, 'schedules resume SYNC' starts it again.",
    "Schedules fire only where 'junction serve' runs."},
        subcommands = {SchedulesCommand.Pause.class, SchedulesCommand.Resume.class})
public final class SchedulesCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--sync", paramLabel = "SYNC", description = "Only this sync's schedules.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = "Only tenant T's schedules (of per-tenant syncs).")
    String tenant;

    SchedulesCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (Engine engine = common.engine(env)) {
            List<Schedules.Entry> entries = engine.schedules().list(sync, tenant);
            if (entries.isEmpty()) {
                console.out().println("no schedules" + (sync == null ? "" : " of '" + sync + "'") + (tenant == null ? "" : " for tenant '" + tenant + "'")
                        + "; add schedule: \"*/15 * * * *\" (or { every: 15m }) to a sync and apply it");
            }
            entries.forEach(e -> print(console, e));
            console.out().flush();
            return 0;
        }
    }

    /** One schedule: its name and timing, then its next fires and its last fire, indented. */
    static void print(Console console, Schedules.Entry e) {
        String timing = e.cron() != null ? "cron '" + e.cron() + "' in " + e.zone() : "every " + format(e.every());
        console.out().println(e.sync() + (e.tenant() == null ? "" : " [" + e.tenant() + "]") + "  " + timing + "  overlap: " + e.overlap()
                + ", catchUp: " + e.catchUp() + (e.paused() ? "  PAUSED" : ""));
        console.out().println("  next: " + String.join(", ", e.nextFires().stream().map(Instant::toString).toList()));
        ScheduleTick last = e.last();
        console.out().println("  last: " + (last == null ? "never fired"
                : last.firedAt() + " " + last.outcome() + (last.runId() == null ? "" : " run " + last.runId())
                        + (last.reason() == null ? "" : " (" + last.reason() + ")")));
    }

    /** 90s, 5m, 2h. */
    static String format(java.time.Duration every) {
        long seconds = every.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** pause and resume: the same arguments, one engine call each. */
    abstract static class Change implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @picocli.CommandLine.Parameters(paramLabel = "SYNC", description = "An applied sync with a schedule.")
        String sync;

        @Option(names = "--tenant", paramLabel = "T", description = "A per-tenant sync: only tenant T's schedule (without it: the sync as a whole).")
        String tenant;

        Change(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        abstract List<Schedules.Entry> change(Schedules schedules);

        abstract String done();

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                List<Schedules.Entry> entries = change(engine.schedules());
                console.out().println(done() + " the schedule of " + sync + (tenant == null ? "" : " for tenant " + tenant));
                entries.forEach(e -> print(console, e));
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "pause", description = {"Pauses a sync's schedule: its fires queue no run until it is resumed.",
        "A per-tenant sync without --tenant is paused as a whole, for every tenant. Runs already queued or running go on."})
    static final class Pause extends Change {
        Pause(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        List<Schedules.Entry> change(Schedules schedules) {
            return schedules.pause(sync, tenant);
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", description = {"Resumes a sync's schedule; its next fire is the schedule's next from now.",
        "Without --tenant every tenant of a per-tenant sync is resumed."})
    static final class Resume extends Change {
        Resume(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        List<Schedules.Entry> change(Schedules schedules) {
            return schedules.resume(sync, tenant);
        }

        @Override
        String done() {
            return "resumed";
        }
    }
}
