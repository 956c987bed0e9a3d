package dev.junction.cli.internal;

import dev.junction.engine.Engine;
import dev.junction.engine.Polls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "polls", description = {
    "Lists the polls (on: { poll: { every } } in syncs): one per connection and stream, shared by its syncs,",
    "with its cursor, last tick and next tick. Polls tick only where 'junction serve' runs."})
public final class PollsCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--tenant", paramLabel = "T", description = "Only the polls of tenant T's connections.")
    String tenant;

    PollsCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (Engine engine = common.engine(env)) {
            List<Polls.Entry> entries = engine.polls().list(tenant);
            if (entries.isEmpty()) {
                console.out().println("no polls" + (tenant == null ? "" : " for tenant '" + tenant + "'")
                        + "; add on: { poll: { every: 1m } } to a sync reading an incremental stream and apply it");
            }
            entries.forEach(this::print);
            console.out().flush();
            return 0;
        }
    }

    /** One poll: its stream and period, then its subscribers, cursor, last and next tick, indented. */
    private void print(Polls.Entry e) {
        console.out().println(e.connection() + "/" + e.stream() + " [" + e.tenant() + "]  every " + SchedulesCommand.format(e.every()));
        console.out().println("  syncs: " + String.join(", ", e.subscribers()));
        console.out().println("  cursor: " + (e.cursor() == null ? "none" : e.cursor() + " (set " + e.cursorMovedAt() + ")"));
        console.out().println("  last: " + (e.lastTickAt() == null ? "never ticked"
                : e.lastTickAt() + " " + e.lastOutcome() + ", " + e.lastRecords() + " record(s) read, " + e.lastEvents() + " new event(s)"
                        + (e.lastReason() == null ? "" : " (" + e.lastReason() + ")")));
        console.out().println("  next: " + (e.nextTick() == null ? "not scheduled yet" : e.nextTick()));
    }
}
