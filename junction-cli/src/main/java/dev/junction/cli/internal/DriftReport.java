package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.schema.DriftWatch;
import dev.junction.schema.SchemaDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a run's schema drift check is shown: a section of the run summary, and the {@code drift} array of {@code run --json}. */
final class DriftReport {
    private DriftReport() {}

    /** Prints the changes, the baseline note or the failure; nothing when the check found no change. */
    static void print(Console console, Optional<DriftWatch.Outcome> outcome) {
        if (outcome.isEmpty()) {
            return;
        }
        DriftWatch.Outcome o = outcome.get();
        String where = o.connection() + "/" + o.stream();
        if (o.failure() != null) {
            console.out().println("  " + console.yellow("schema drift not checked: ") + o.failure());
        } else if (o.baseline()) {
            console.out().println("  schema of " + where + " stored from " + o.sampled() + " record(s); later runs report drift against it"
                    + " (see it with: junction schema show " + o.connection() + " " + o.stream() + ")");
        } else if (!o.changes().isEmpty()) {
            console.out().println("  " + console.yellow("schema drift") + " in " + where + " (" + o.changes().size() + " change(s), from "
                    + o.sampled() + " sampled record(s)):");
            List<List<String>> rows = new ArrayList<>();
            for (SchemaDrift.Change c : o.changes()) {
                rows.add(List.of("    " + c.kind().label(), c.field(), c.before() == null ? "-" : c.before(), c.after() == null ? "-" : c.after()));
            }
            console.table(List.of("    change", "field", "before", "after"), rows);
        }
        console.out().flush();
    }

    /** One object per change: stream, connection, field, change, before, after. Empty when nothing was checked or changed. */
    static ArrayNode json(ObjectMapper json, Optional<DriftWatch.Outcome> outcome) {
        ArrayNode array = json.createArrayNode();
        outcome.ifPresent(o -> o.changes().forEach(c -> array.addObject()
                .put("connection", o.connection()).put("stream", o.stream()).put("field", c.field()).put("change", c.kind().label())
                .put("before", c.before()).put("after", c.after())));
        return array;
    }
}
