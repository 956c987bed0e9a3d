package dev.junction.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the junction command in-process, as a user would type it, and keeps what it printed. */
final class CliRunner {
    private final Path dataDir;
    private final Map<String, String> env = new HashMap<>();

    CliRunner(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** A runner whose environment holds the sandbox's URLs and credentials, as the example connections expect. */
    static CliRunner forSandbox(Path dataDir, dev.junction.sandbox.Sandbox sandbox) {
        return new CliRunner(dataDir)
                .env("ACME_CRM_URL", sandbox.crm().baseUrl().toString())
                .env("ACME_CRM_TOKEN", sandbox.crm().token())
                .env("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString())
                .env("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
    }

    CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs with {@code --data-dir} added for commands that use the store. */
    Result run(String... args) {
        List<String> withData = new java.util.ArrayList<>(List.of(args));
        if (List.of("apply", "run", "runs", "exchanges", "deadletters", "connectors", "connector", "map", "state", "schedules", "backfill", "polls", "connections", "flows", "audit", "alerts", "purge", "store").contains(args[0])) {
            withData.add("--data-dir");
            withData.add(dataDir.toString());
        }
        return runRaw(withData.toArray(String[]::new));
    }

    Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.copyOf(env), false);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
