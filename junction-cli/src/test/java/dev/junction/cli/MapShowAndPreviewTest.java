package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's mapping overrides: shown with their origin, previewed per field, and used by runs. */
class MapShowAndPreviewTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private Sandbox sandbox;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(40).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        for (String f : new String[] {"acme-crm.connector.yaml", "helpdesk.connector.yaml", "crm-contacts-to-helpdesk.sync.yaml"}) {
            Files.copy(EXAMPLES.resolve(f), defs.resolve(f));
        }
        // the helpdesk tenant maps only gold contacts' tier (no default) and adds a custom field
        Files.writeString(defs.resolve("connections.yaml"), Files.readString(EXAMPLES.resolve("connections.yaml")) + """
                mappingOverrides:
                  crm-contacts-to-helpdesk:
                    priority: { from: properties.tier, values: { gold: 1 } }
                    profile.segment: "= properties.tier & '-segment'"
                """);
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void showPrintsTheEffectiveMappingAndWhereEachLineCameFrom() throws Exception {
        CliRunner.Result shown = cli.run("map", "show", SYNC, "--no-color");

        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out())
                .containsPattern("external_id\\s+id\\s+sync crm-contacts-to-helpdesk")
                .containsPattern("priority\\s+\\{ from: properties.tier, values: \\{gold=1\\} \\}\\s+connection helpdesk \\(overrides the default\\)")
                .containsPattern("profile.segment\\s+= properties.tier & '-segment'\\s+connection helpdesk");
        JsonNode lines = json.readTree(cli.run("map", "show", SYNC, "--json").out());
        assertThat(lines.get(lines.size() - 1).path("target").asText()).isEqualTo("profile.segment");
    }

    @Test
    void aRemovedDefaultLineIsShownAsRemovedByTheOverrideAndIsNotMapped() throws Exception {
        overrides("profile.phone: { remove: true }");

        CliRunner.Result shown = cli.run("map", "show", SYNC, "--no-color");
        assertThat(shown.out()).containsPattern("profile.phone\\s+\\(removed\\) properties.phone\\s+connection helpdesk \\(removes the default\\)");
        JsonNode lines = json.readTree(cli.run("map", "show", SYNC, "--json").out());
        JsonNode phone = java.util.stream.StreamSupport.stream(lines.spliterator(), false)
                .filter(l -> l.path("target").asText().equals("profile.phone")).findFirst().orElseThrow();
        assertThat(phone.path("removed").asBoolean()).isTrue();
        assertThat(phone.path("origin").asText()).isEqualTo("connection helpdesk");

        JsonNode previewed = json.readTree(cli.run("map", "preview", SYNC, "--sample", "2", "--json").out());
        assertThat(previewed.get(0).path("output").path("profile").has("phone")).isFalse();
        assertThat(previewed.get(0).path("output").path("profile").has("first_name")).isTrue();
    }

    @Test
    void previewShowsInputOutputAndEveryFailingFieldWithoutWriting() throws Exception {
        CliRunner.Result preview = cli.run("map", "preview", SYNC, "--sample", "12", "--json");

        JsonNode records = json.readTree(preview.out());
        assertThat(records).hasSize(12);
        for (JsonNode r : records) {
            String tier = r.path("input").path("properties").path("tier").asText();
            assertThat(r.path("output").path("profile").path("segment").asText()).isEqualTo(tier + "-segment");
            if (tier.equals("gold")) {
                assertThat(r.path("errors").size()).isZero();
                assertThat(r.path("output").path("priority").asInt()).isEqualTo(1);
            } else {
                assertThat(r.path("errors").path("priority").asText())
                        .isEqualTo("field 'priority': value '" + tier + "' at 'properties.tier' is not in the value map [gold] and there is no default");
                assertThat(r.path("output").has("priority")).isFalse();
            }
        }
        boolean anyFailed = records.findValues("errors").stream().anyMatch(e -> e.size() > 0);
        assertThat(preview.exitCode()).isEqualTo(anyFailed ? 3 : 0);
        assertThat(sandbox.helpdesk().ledger()).isEmpty();

        CliRunner.Result text = cli.run("map", "preview", SYNC, "--sample", "2", "--no-color");
        assertThat(text.out()).contains("source record").contains("mapped record").contains("\"external_id\" : \"c-00001\"");
    }

    @Test
    void previewResolvesLookupsByReadingTheDestinationStreamAsARunDoes() throws Exception {
        overrides("owner_id: { lookup: { stream: agents, match: email, value: properties.owner_email, select: id } }");
        Map<String, String> agentByEmail = agentsByEmail();

        CliRunner.Result preview = cli.run("map", "preview", SYNC, "--sample", "12", "--json");

        JsonNode records = json.readTree(preview.out());
        assertThat(records).as(preview.toString()).hasSize(12);
        for (JsonNode r : records) {
            String ownerEmail = r.path("input").path("properties").path("owner_email").asText();
            assertThat(r.path("output").path("owner_id").asText()).isEqualTo(agentByEmail.get(ownerEmail));
            assertThat(r.path("errors").has("owner_id")).isFalse();
        }
        assertThat(preview.err()).doesNotContain("lookups not resolved");
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void previewSaysWhyALookupStreamCannotBeReadAndFailsOnlyTheLookupFields() throws Exception {
        overrides("owner_id: { lookup: { stream: staff, match: email, value: properties.owner_email, select: id } }");

        CliRunner.Result preview = cli.run("map", "preview", SYNC, "--sample", "2", "--json");

        assertThat(preview.exitCode()).isEqualTo(3);
        assertThat(preview.err()).contains("lookups not resolved: cannot read lookup stream(s) staff of destination connection 'helpdesk': "
                + "sync 'crm-contacts-to-helpdesk' looks up stream 'staff', which connector 'helpdesk' of destination connection 'helpdesk' does not have");
        JsonNode first = json.readTree(preview.out()).get(0);
        assertThat(first.path("errors").path("owner_id").asText())
                .isEqualTo("field 'owner_id': lookup in stream 'staff' has no table: the stream was not read (a run or map preview reads it first)");
        assertThat(first.path("output").path("external_id").asText()).isEqualTo("c-00001");
    }

    /** Re-applies the definitions with the helpdesk connection overriding the sync with {@code line}. */
    private void overrides(String line) throws Exception {
        Files.writeString(defs.resolve("connections.yaml"), Files.readString(EXAMPLES.resolve("connections.yaml")) + """
                mappingOverrides:
                  crm-contacts-to-helpdesk:
                    %s
                """.formatted(line));
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private Map<String, String> agentsByEmail() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.helpdesk().baseUrl() + "/api/agents?limit=100"))
                .header("X-Api-Key", sandbox.helpdesk().apiKey()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            Map<String, String> out = new HashMap<>();
            json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("data")
                    .forEach(agent -> out.put(agent.path("email").asText(), agent.path("id").asText()));
            assertThat(out).isNotEmpty();
            return out;
        }
    }

    @Test
    void aRunUsesTheOverridesOfItsConnections() throws Exception {
        CliRunner.Result run = cli.run("run", SYNC, "--json");

        JsonNode counters = json.readTree(run.out()).path("counters");
        assertThat(counters.path("read").asLong()).isEqualTo(40);
        java.util.Set<String> gold = new java.util.HashSet<>();
        for (int i = 1; i <= 40; i++) {
            var contact = sandbox.crm().contact(String.format("c-%05d", i)).orElseThrow();
            if (contact.property("tier").equals("gold")) {
                gold.add(contact.id());
                assertThat(sandbox.helpdesk().userByExternalId(contact.id()).orElseThrow().profile()).containsEntry("segment", "gold-segment");
            }
        }
        // non-gold contacts fail on priority: dead letters, never written
        assertThat(sandbox.helpdesk().ledger()).extracting(e -> e.key()).containsExactlyInAnyOrderElementsOf(gold);
        assertThat(counters.path("failed").asLong()).isEqualTo(40 - gold.size());
    }
}
