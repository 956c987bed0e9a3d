package dev.junction.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.EngineException;
import dev.junction.engine.Engine;
import dev.junction.engine.Flows;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowStepRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "flows", description = {"Flows: multi-step integrations, each its own API endpoint (see docs/flows.md).",
    "'flows list' shows the applied flows, 'flows run NAME --input JSON' runs one here and prints its answer;",
    "'flows retry ID' runs a failed execution again from its failed step, 'flows cancel ID' cancels one,",
    "'flows resume' runs here what no process runs (left queued, their process died, or their wait is over)."},
        subcommands = {FlowsCommand.ListFlows.class, FlowsCommand.Run.class, FlowsCommand.Retry.class, FlowsCommand.Cancel.class,
            FlowsCommand.Resume.class})
public final class FlowsCommand extends CommandGroup {

    @Command(name = "list", description = "Lists the applied flows: name, version, triggers and steps.")
    static final class ListFlows implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        ListFlows(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                List<Flows.Applied> flows = engine.flows().list();
                if (flows.isEmpty()) {
                    console.out().println("no flows applied; write a kind: Flow definition (docs/flows.md) and apply it");
                }
                for (Flows.Applied f : flows) {
                    FlowSpec spec = f.spec();
                    var t = spec.trigger();
                    String triggers = String.join(", ", java.util.stream.Stream.of(t.api() ? "api" : null, t.manual() ? "manual" : null,
                            t.schedule() != null ? "schedule" : null, t.webhook() != null ? "webhook" : null, t.poll() != null ? "poll" : null)
                            .filter(java.util.Objects::nonNull).toList());
                    console.out().println(spec.name() + "  v" + f.version() + "  trigger: " + triggers + "  steps: "
                            + String.join(", ", spec.steps().stream().map(FlowSpec.Step::name).toList()));
                }
                console.out().flush();
                return 0;
            }
        }
    }

    @Command(name = "run", description = {"Runs an applied flow in this process with --input as its input, stores the execution,",
        "and prints its answer (status and body) and its steps. Exit 0 when it succeeded, 1 when it failed."})
    static final class Run implements Callable<Integer> {
        private final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "NAME", description = "An applied flow.")
        String name;

        @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}", description = "The flow's input as JSON (default: ${DEFAULT-VALUE}).")
        String input;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Run once per key and input, as the API's Idempotency-Key.")
        String key;

        @Option(names = "--tenant", paramLabel = "T", description = "Run it as tenant T's execution.")
        String tenant;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
                description = "Stop waiting after this long (default: ${DEFAULT-VALUE}); the execution goes on in the store.")
        Duration timeout;

        Run(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyTo(console);
            JsonNode json;
            try {
                json = JsonOutput.mapper().readTree(input);
            } catch (JsonProcessingException e) {
                throw new EngineException.Invalid("--input is not JSON: " + e.getOriginalMessage());
            }
            try (Engine engine = common.engine(env)) {
                Flows.Started started;
                try {
                    started = engine.flows().start(new Flows.Request(name, tenant, json, key, input, Flows.Trigger.MANUAL));
                } catch (Flows.InvalidInput | Flows.KeyReused e) {
                    throw new EngineException.Invalid(e.getMessage());
                }
                FlowExecution done = engine.flows().await(started.execution().id(), timeout);
                return print(console, engine, done, started.repeated() ? " (an earlier execution, same key)" : "");
            }
        }
    }

    /** Prints an execution's status, steps and answer; the exit code: 0 succeeded, 1 ended otherwise, 3 not ended. */
    static int print(Console console, Engine engine, FlowExecution done, String note) {
        console.out().println("execution " + done.id() + " (" + done.flow() + " v" + done.version() + "): " + done.status().word()
                + (done.responseStatus() == null ? "" : " " + done.responseStatus()) + note);
        for (FlowStepRecord step : engine.flows().steps(done.id())) {
            console.out().println("  " + step.seq() + ". " + step.step() + "  " + step.status() + (step.error() == null ? "" : ": " + step.error()));
        }
        if (done.output() != null) {
            console.out().println(done.output());
        }
        console.out().flush();
        return done.status() == dev.junction.store.FlowExecutionStatus.SUCCEEDED ? 0 : done.finished() ? 1 : 3;
    }

    /** A flows command that works on the local store's engine: prints and returns its exit code. */
    abstract static class OnEngine implements Callable<Integer> {
        final Console console;
        private final Map<String, String> env;

        @Mixin
        CommonOptions common;

        OnEngine(Console console, Map<String, String> env) {
            this.console = console;
            this.env = env;
        }

        abstract int run(Engine engine);

        @Override
        public Integer call() {
            common.applyTo(console);
            try (Engine engine = common.engine(env)) {
                int exit = run(engine);
                console.out().flush();
                return exit;
            }
        }
    }

    @Command(name = "retry", description = {"Runs a failed execution again in this process from its failed step, on the flow's current",
        "definition: the steps that succeeded before (by name) are not run again. Refused when the failed step is gone.",
        "Prints it like 'flows run'; exit 0 when it succeeded, 1 when it failed again, 3 when it had not ended within --timeout."})
    static final class Retry extends OnEngine {
        @Parameters(paramLabel = "ID", description = "A failed execution.")
        String id;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
                description = "Stop waiting after this long (default: ${DEFAULT-VALUE}); the execution goes on in the store.")
        Duration timeout;

        Retry(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) {
            engine.flows().retry(id);
            return print(console, engine, engine.flows().await(id, timeout), " (retried)");
        }
    }

    @Command(name = "cancel", description = {"Cancels an execution: a queued or waiting one ends cancelled at once, a running one stops",
        "before its next step (the process running it sees it at its next lease renewal)."})
    static final class Cancel extends OnEngine {
        @Parameters(paramLabel = "ID", description = "A queued, waiting or running execution.")
        String id;

        Cancel(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) {
            FlowExecution after = engine.flows().cancel(id);
            console.out().println("execution " + id + ": " + (after.status() == dev.junction.store.FlowExecutionStatus.CANCELLED ? "cancelled"
                    : after.status().word() + ", asked to stop before its next step"));
            return 0;
        }
    }

    @Command(name = "resume", description = {"Runs in this process the executions no process runs now: queued ones left behind, running ones",
        "whose process died (their lease expired), waiting ones whose time came. 'junction serve' does this by itself."})
    static final class Resume extends OnEngine {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N executions (default: ${DEFAULT-VALUE}).")
        int limit;

        Resume(Console console, Map<String, String> env) {
            super(console, env);
        }

        @Override
        int run(Engine engine) {
            List<FlowExecution> ran = engine.flows().resumeDue(limit);
            for (FlowExecution e : ran) {
                console.out().println("execution " + e.id() + " (" + e.flow() + " v" + e.version() + "): " + e.status().word()
                        + (e.responseStatus() == null ? "" : " " + e.responseStatus()));
            }
            console.out().println(ran.isEmpty() ? "nothing to resume" : ran.size() + " execution(s) resumed");
            return 0;
        }
    }
}
