package dev.junction.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import dev.junction.sync.DryRun;
import java.util.List;
import java.util.Locale;

/** How a dry run is shown: what would change, with a few sample records of each change. */
final class DryRunReport {
    private DryRunReport() {}

    /** Prints the dry run; returns 0, or 1 when it could not read or map to the end. */
    static int print(Console console, ObjectMapper json, DryRun dryRun, boolean asJson) throws JsonProcessingException {
        RunCounters c = dryRun.run().counters();
        if (asJson) {
            ObjectNode node = json.createObjectNode();
            node.put("sync", dryRun.run().sync());
            if (dryRun.run().tenant() != null) {
                node.put("tenant", dryRun.run().tenant());
            }
            node.put("dryRun", true);
            node.put("status", dryRun.run().status().name().toLowerCase(Locale.ROOT));
            node.put("error", dryRun.run().error());
            node.put("read", c.read());
            node.put("wouldInsert", c.inserted());
            node.put("wouldUpdate", c.updated());
            node.put("unchanged", c.unchanged());
            node.put("skipped", c.skipped());
            node.put("wouldDelete", c.deleted());
            node.put("wouldFail", c.failed());
            ArrayNode samples = node.putArray("samples");
            for (DryRun.Sample s : dryRun.samples()) {
                ObjectNode sample = samples.addObject().put("change", s.change().name().toLowerCase(Locale.ROOT)).put("key", s.key());
                sample.set("record", s.record());
                if (s.reason() != null) {
                    sample.put("reason", s.reason());
                }
            }
            console.out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } else {
            console.out().println("  dry run of " + console.bold(dryRun.run().sync()) + ": nothing was written or stored");
            console.table(List.of("  read", "would insert", "would update", "unchanged", "skipped", "would delete", "would fail"),
                    List.of(List.of("  " + c.read(), Long.toString(c.inserted()), Long.toString(c.updated()), Long.toString(c.unchanged()),
                            Long.toString(c.skipped()), Long.toString(c.deleted()), Long.toString(c.failed()))));
            for (DryRun.Sample s : dryRun.samples()) {
                String what = switch (s.change()) {
                    case INSERT -> console.green("would insert");
                    case UPDATE -> console.yellow("would update");
                    case DELETE -> console.red("would delete");
                    case FAIL -> console.red("would fail");
                };
                console.out().println("  " + what + " " + s.key() + ": " + s.record() + (s.reason() == null ? "" : "  (" + s.reason() + ")"));
            }
            if (dryRun.run().error() != null) {
                console.out().println("  " + console.red("reason: ") + dryRun.run().error());
            }
        }
        console.out().flush();
        return dryRun.run().status() == RunStatus.FAILED ? 1 : 0;
    }
}
