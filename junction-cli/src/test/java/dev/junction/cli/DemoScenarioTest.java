package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's story, step by step through the CLI, checked against the Helpdesk's write ledger. */
class DemoScenarioTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(300).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void sendsEveryContactOnceThenOnlyTheChangedOnes() throws Exception {
        assertThat(cli.runRaw("validate", EXAMPLES.toString()).exitCode()).isZero();
        CliRunner.Result applied = cli.run("apply", EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("sync       crm-contacts-to-helpdesk").contains("5 new or changed");

        CliRunner.Result first = cli.run("run", SYNC, "--json");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode firstRun = json.readTree(first.out());
        assertThat(firstRun.path("status").asText()).isEqualTo("succeeded");
        assertThat(firstRun.path("counters").path("read").asLong()).isEqualTo(300);
        assertThat(firstRun.path("counters").path("inserted").asLong() + firstRun.path("counters").path("updated").asLong()).isEqualTo(300);
        assertThat(writesPerKey(sandbox.helpdesk().ledger())).hasSize(300).allSatisfy((key, n) -> assertThat(n).isOne());

        int before = sandbox.helpdesk().ledger().size();
        List<String> changed = sandbox.crm().changeContacts(25);
        CliRunner.Result second = cli.run("run", SYNC, "--json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode counters = json.readTree(second.out()).path("counters");
        assertThat(counters.path("updated").asLong()).isEqualTo(25);
        assertThat(counters.path("inserted").asLong()).isZero();
        assertThat(counters.path("unchanged").asLong()).isEqualTo(275);
        List<LedgerEntry> secondWrites = sandbox.helpdesk().ledger().subList(before, sandbox.helpdesk().ledger().size());
        assertThat(writesPerKey(secondWrites)).containsOnlyKeys(changed).allSatisfy((key, n) -> assertThat(n).isOne());

        // the mapping arrived: value map, JSONata name and nested profile fields
        var user = sandbox.helpdesk().userByExternalId(changed.getFirst()).orElseThrow();
        var contact = sandbox.crm().contact(changed.getFirst()).orElseThrow();
        assertThat(user.name()).isEqualTo(contact.property("firstname") + " " + contact.property("lastname"));
        assertThat(user.priority()).isEqualTo(Map.of("gold", 1, "silver", 2, "bronze", 3).get(contact.property("tier")));
        assertThat(user.profile()).containsEntry("last_name", contact.property("lastname"));

        CliRunner.Result runs = cli.run("runs", "--json");
        assertThat(runs.exitCode()).isZero();
        JsonNode history = json.readTree(runs.out());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("counters").path("updated").asLong()).isEqualTo(25);

        CliRunner.Result exchanges = cli.run("exchanges", "--run", history.get(0).path("id").asText(), "--json", "--limit", "1000");
        assertThat(exchanges.exitCode()).isZero();
        assertThat(exchanges.out()).contains("/api/users/batch").doesNotContain(sandbox.crm().token()).doesNotContain(sandbox.helpdesk().apiKey());
    }

    @Test
    void theDemoCommandRunsTheWholeStoryAndExitsZero() {
        CliRunner.Result demo = cli.runRaw("demo", "--no-color", "--contacts", "120", "--changes", "10", "--crm-rate-limit", "0");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out())
                .contains("Helpdesk ledger: 120 writes, each contact exactly once")
                .contains("10 new writes, exactly the changed contacts; 110 unchanged contacts were not sent")
                .contains("What next");
    }

    private static Map<String, Integer> writesPerKey(List<LedgerEntry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (LedgerEntry e : entries) {
            counts.merge(e.key(), 1, Integer::sum);
            seen.add(e.key());
        }
        return counts;
    }
}
