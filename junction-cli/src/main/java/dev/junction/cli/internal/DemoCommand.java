package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.engine.ConnectionHealth;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Runs;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {
    "Starts the simulated Acme CRM and Helpdesk APIs, applies examples/demo, syncs CRM contacts into",
    "Helpdesk users, changes some contacts and syncs again to show that only those are sent.",
    "Uses a temporary data directory unless --data-dir is given."})
public final class DemoCommand implements Callable<Integer> {
    static final String SYNC = "crm-contacts-to-helpdesk";
    static final List<String> FILES = List.of(
            "acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml", "crm-contacts-to-helpdesk.sync.yaml");

    private final Console console;
    private final Map<String, String> env;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the demo's database here (default: a temporary folder, removed at the end).")
    Path dataDir;

    @Option(names = "--no-color", description = "Plain output without colors or a live progress line.")
    boolean noColor;

    @Option(names = "--contacts", defaultValue = "500", description = "How many contacts the CRM holds (default: ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--changes", defaultValue = "25", description = "How many contacts to change before the second run (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--crm-rate-limit", paramLabel = "N", defaultValue = "5", description = "CRM requests per second before it answers 429 (default: ${DEFAULT-VALUE}).")
    int crmRateLimit;

    DemoCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        if (noColor) {
            console.noColor();
        }
        if (changes < 0 || changes > contacts) {
            throw new JunctionException("--changes must be between 0 and --contacts (" + contacts + "), got " + changes);
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("junction-demo-") : dataDir;
        var out = console.out();
        out.println(console.bold("Junction demo") + " — CRM contacts → Helpdesk users");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(contacts).withCrmRateLimit(crmRateLimit))) {
            out.println();
            out.println(console.bold("1. Two simulated SaaS APIs are up") + " (on loopback, for this demo only)");
            out.println("  Acme CRM   " + sandbox.crm().baseUrl() + "   " + contacts + " contacts, bearer token, cursor pages, " + crmRateLimit + " requests/s");
            out.println("  Helpdesk   " + sandbox.helpdesk().baseUrl() + "   API key, batch upsert of at most 50 users");

            Map<String, String> demoEnv = new HashMap<>(env);
            demoEnv.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
            demoEnv.put("ACME_CRM_TOKEN", sandbox.crm().token());
            demoEnv.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
            demoEnv.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());

            try (Engine engine = Engine.open(EngineConfig.embedded(dir, demoEnv::get))) {
                out.println();
                out.println(console.bold("2. Apply the definitions in examples/demo") + " (connectors, connections, the sync)");
                if (ApplyCommand.apply(console, engine, demoTexts(), dir.toAbsolutePath().normalize().toString()) != 0) {
                    return 2;
                }
                LoadResult definitions = engine.definitions().applied().requireOk();
                for (String connection : List.of("crm", "helpdesk")) { // their connectors' check: requests
                    var health = engine.health().check(connection, null, "demo");
                    check(ConnectionHealth.OK.equals(health.status()), "connection " + connection + " is " + health.status() + ": " + health.error());
                    out.println("  " + console.green("✓") + " connection " + connection + ": ok (HTTP " + health.httpStatus() + ", " + health.durationMillis()
                            + " ms; junction connections check " + connection + ")");
                }
                Runs.Request request = new Runs.Request(SYNC, null, "demo", false);
                boolean live = console.interactive() && !noColor;

                out.println();
                out.println(console.bold("3. First run") + ": every contact is new to the Helpdesk");
                out.flush();
                RunRecord first = engine.runs().run(definitions, request, new ProgressPrinter(console, live)).run();
                RunReport.summary(console, first);
                check(first.status() == RunStatus.SUCCEEDED, "the first run did not succeed: " + first.error());
                int ledgerAfterFirst = sandbox.helpdesk().ledger().size();
                check(exactlyOnce(sandbox.helpdesk().ledger(), 0, contacts), "the Helpdesk did not receive every contact exactly once");
                out.println("  " + console.green("✓") + " Helpdesk ledger: " + ledgerAfterFirst + " writes, each contact exactly once");

                out.println();
                List<String> changed = sandbox.crm().changeContacts(changes);
                out.println(console.bold("4. " + changes + " contacts change in the CRM") + "; the second run sends only those");
                out.flush();
                RunRecord second = engine.runs().run(definitions, request, new ProgressPrinter(console, live)).run();
                RunReport.summary(console, second);
                check(second.status() == RunStatus.SUCCEEDED, "the second run did not succeed: " + second.error());
                List<LedgerEntry> secondWrites = sandbox.helpdesk().ledger().subList(ledgerAfterFirst, sandbox.helpdesk().ledger().size());
                Set<String> written = new HashSet<>();
                secondWrites.forEach(e -> written.add(e.key()));
                check(secondWrites.size() == changes && written.equals(new HashSet<>(changed)),
                        "expected exactly the " + changes + " changed contacts to be written, the Helpdesk received " + secondWrites.size() + " writes");
                out.println("  " + console.green("✓") + " Helpdesk ledger: " + secondWrites.size() + " new writes, exactly the changed contacts; "
                        + second.counters().unchanged() + " unchanged contacts were not sent (fingerprints)");
            }
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
        out.println();
        out.println(console.bold("What next"));
        out.println("  ./junction sandbox                     serve both APIs and print their URLs and credentials");
        out.println("  ./junction validate examples/demo      check definitions; every problem with file:line:column");
        out.println("  ./junction demo --data-dir demo-data   keep the database, then: ./junction runs --data-dir demo-data");
        out.println("  docs/connectors.md, docs/syncs.md      describe your own APIs and syncs");
        out.flush();
        return 0;
    }

    static List<SourceText> demoTexts() {
        List<SourceText> texts = new ArrayList<>();
        for (String file : FILES) {
            String resource = "/examples/demo/" + file;
            try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new JunctionException("the demo definition " + resource + " is missing from the jar; rebuild with ./mvnw package");
                }
                texts.add(new SourceText("examples/demo/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new JunctionException("cannot read the demo definition " + resource + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }

    private static boolean exactlyOnce(List<LedgerEntry> ledger, int from, int expected) {
        Map<String, Integer> counts = new HashMap<>();
        ledger.subList(from, ledger.size()).forEach(e -> counts.merge(e.key(), 1, Integer::sum));
        return counts.size() == expected && counts.values().stream().allMatch(n -> n == 1);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new JunctionException("demo failed: " + message);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
