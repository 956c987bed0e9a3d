package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.audit.AuditReport;
import dev.junction.engine.Audits;
import dev.junction.engine.Engine;
import dev.junction.spec.LoadResult;
import dev.junction.store.SyncAudit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", description = {
    "Compares a sync's source, mapped, with the destination's records, by key: records missing at the destination,",
    "extra there, and mismatched (a compared field differs after its normalizers). The sync's audit: section names the",
    "destination stream to read (docs/syncs.md#audits). Writes nothing to either side; the audit and its report are stored.",
    "Exit code 0 when both sides agree, " + AuditCommand.DIFFERENCES + " when differences were found, 1 when the audit failed."})
public final class AuditCommand implements Callable<Integer> {
    /** The exit code of an audit that found differences. */
    static final int DIFFERENCES = 5;

    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied sync with an audit: section.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = TenantOption.DESCRIPTION)
    String tenant;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10", description = "Samples of each kind to show and keep (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--json", description = "Print the audit and its report as JSON.")
    boolean json;

    AuditCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (Engine engine = common.engine(env)) {
            LoadResult definitions = engine.definitions().applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            SyncAudit audit = engine.audits().run(definitions, new Audits.Request(sync, tenant, samples, "cli"));
            AuditReport report = engine.audits().report(audit).orElse(null);
            if (json) {
                var mapper = JsonOutput.mapper();
                ObjectNode node = mapper.valueToTree(audit);
                node.remove("report");
                node.set("report", report == null ? null : mapper.valueToTree(report));
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } else {
                print(audit, report);
            }
            console.out().flush();
            return switch (audit.status()) {
                case SyncAudit.CLEAN -> 0;
                case SyncAudit.DIFFERENCES -> DIFFERENCES;
                default -> 1;
            };
        }
    }

    private void print(SyncAudit audit, AuditReport report) {
        var out = console.out();
        String of = "audit of " + audit.sync() + (audit.tenant() == null ? "" : " for tenant " + audit.tenant());
        if (report == null) {
            out.println(console.red(of + " failed: ") + audit.error());
            return;
        }
        out.println(console.bold(of + ": ") + (report.clean() ? console.green("clean") : console.red(report.differences() + " difference(s)")));
        out.printf("  source records %d (mapped), destination records %d%n", report.sourceRecords(), report.destinationRecords());
        out.printf("  matched %d, missing %d, extra %d, mismatched %d%n", report.matched(), report.missing(), report.extra(), report.mismatched());
        line("  not compared: ", List.of(
                count(report.unmappable(), "source record(s) the mapping refused"),
                count(report.sourceWithoutKey(), "source record(s) without a key"),
                count(report.destinationWithoutKey(), "destination record(s) without a key"),
                count(report.sourceDuplicates(), "repeated source key(s)"),
                count(report.destinationDuplicates(), "repeated destination key(s)")));
        if (!report.fieldMismatches().isEmpty()) {
            out.println("  fields that differ: " + String.join(", ", report.fieldMismatches().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        }
        keys("missing at the destination", report.missing(), report.samples().missing());
        keys("extra at the destination", report.extra(), report.samples().extra());
        if (!report.samples().mismatched().isEmpty()) {
            out.println(console.bold("mismatched") + " (" + report.mismatched() + ", first " + report.samples().mismatched().size() + "):");
            for (AuditReport.Sample sample : report.samples().mismatched()) {
                out.println("  " + sample.key());
                for (AuditReport.FieldDifference d : sample.fields()) {
                    out.println("    " + d.field() + ": " + shown(d.source()) + " (source) ≠ " + shown(d.destination()) + " (destination)");
                }
            }
        }
        out.println(console.dim("audit " + audit.id() + " stored (GET /api/v1/audits/" + audit.id() + ")"));
    }

    private void keys(String what, long count, List<AuditReport.Sample> samples) {
        if (!samples.isEmpty()) {
            console.out().println(console.bold(what) + " (" + count + ", first " + samples.size() + "): "
                    + String.join(", ", samples.stream().map(AuditReport.Sample::key).toList()));
        }
    }

    private void line(String prefix, List<String> parts) {
        List<String> shown = parts.stream().filter(p -> !p.isEmpty()).toList();
        if (!shown.isEmpty()) {
            console.out().println(prefix + String.join(", ", shown));
        }
    }

    private static String count(long n, String what) {
        return n == 0 ? "" : n + " " + what;
    }

    private static String shown(String value) {
        return value == null ? "nothing" : "'" + value + "'";
    }
}
