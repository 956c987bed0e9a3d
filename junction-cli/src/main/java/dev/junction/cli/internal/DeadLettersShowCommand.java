package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.DeadLetter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Shows one dead letter: why it failed, the payload that was not written and the source record.")
public final class DeadLettersShowCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "ID", description = "The dead letter's id (see: junction deadletters list).")
    long id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    DeadLettersShowCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            DeadLetter d = engine.deadLetters().get(id);
            ObjectMapper mapper = new ObjectMapper();
            if (json) {
                ObjectNode node = mapper.createObjectNode();
                node.put("id", d.id()).put("at", d.at().toString()).put("run", d.runId()).put("sync", d.sync()).put("tenant", d.tenant()).put("record", d.recordKey())
                        .put("reason", d.reason()).put("kind", d.kind().name().toLowerCase(Locale.ROOT)).put("state", d.state().name().toLowerCase(Locale.ROOT)).put("resolvedRun", d.resolvedRun())
                        .put("resolvedAt", d.resolvedAt() == null ? null : d.resolvedAt().toString())
                        .put("errorCategory", d.errorClass() == null ? null : d.errorClass().category())
                        .put("errorCode", d.errorClass() == null ? null : d.errorClass().code());
                node.set("payload", parse(mapper, d.payload()));
                node.set("source", parse(mapper, d.source()));
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } else {
                console.out().println("dead letter " + d.id() + "  " + d.state().name().toLowerCase(Locale.ROOT)
                        + (d.resolvedRun() == null ? "" : " by run " + d.resolvedRun()) + (d.resolvedAt() == null ? "" : " at " + d.resolvedAt()));
                console.out().println("  sync    " + d.sync());
                if (d.tenant() != null) {
                    console.out().println("  tenant  " + d.tenant() + " (a replay runs with this tenant's connections and mapping overrides)");
                }
                console.out().println("  run     " + d.runId() + " at " + d.at());
                console.out().println("  record  " + d.recordKey());
                console.out().println("  reason  " + d.reason());
                if (d.errorClass() != null) {
                    console.out().println("  error   " + d.errorClass().category() + (d.errorClass().code() == null ? "" : ", code " + d.errorClass().code()));
                }
                if (d.kind() == DeadLetter.Kind.DELETE) {
                    console.out().println("  kind    delete: the record is gone from the source (mode mirror); a replay deletes it again");
                    console.out().println("  payload " + pretty(mapper, d.payload(), "(none)"));
                } else {
                    console.out().println("  payload " + pretty(mapper, d.payload(), "(none: the record failed before it was mapped)"));
                    console.out().println("  source  " + pretty(mapper, d.source(), "(not stored: it cannot be replayed)"));
                }
                if (d.state() == DeadLetter.State.OPEN) {
                    console.out().println("replay it with: junction deadletters replay " + d.id() + "   or drop it with: junction deadletters discard " + d.id());
                }
            }
            console.out().flush();
            return 0;
        }
    }

    private static JsonNode parse(ObjectMapper mapper, String text) {
        if (text == null) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }

    private static String pretty(ObjectMapper mapper, String text, String none) throws Exception {
        if (text == null) {
            return none;
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(parse(mapper, text)).replace("\n", "\n          ");
    }
}
