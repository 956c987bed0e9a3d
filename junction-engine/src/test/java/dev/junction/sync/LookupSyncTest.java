package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.JunctionException;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lookup fields against the sandbox: CRM contacts carry their owner's email, the Helpdesk knows the
 * same people as agents and accepts a user's {@code owner_id} only when it is an existing agent id.
 */
class LookupSyncTest {
    private static final int CONTACTS = 250;
    private final SandboxSyncs syncs = new SandboxSyncs(CONTACTS);

    @AfterEach
    void close() {
        syncs.close();
    }

    private static String withOwner(String value) {
        return syncYaml("", PRIORITY + "\n  owner_id: { lookup: { stream: agents, match: email, value: " + value + ", select: id } }", "");
    }

    @Test
    void resolvesEveryOwnerEmailToTheHelpdeskAgentWithThatEmail() throws Exception {
        Map<String, String> agentByEmail = agentsByEmail();

        RunRecord run = syncs.engine().run(syncs.plan(withOwner("properties.owner_email"), "test"), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().written()).isEqualTo(CONTACTS);
        for (int i = 1; i <= CONTACTS; i++) {
            String id = "c-%05d".formatted(i);
            String ownerEmail = syncs.sandbox.crm().contact(id).orElseThrow().property("owner_email");
            assertThat(syncs.sandbox.helpdesk().userByExternalId(id)).map(HelpdeskUser::ownerId).contains(agentByEmail.get(ownerEmail));
        }
    }

    @Test
    void readsTheLookupStreamOnceWhenPlannedAndNotAgainForAnyPageOfTheRun() {
        syncs.sandbox.helpdesk().reset();
        syncs.sandbox.crm().reset();
        SyncJob job = syncs.plan(withOwner("properties.owner_email"), "test");
        long planRequests = syncs.sandbox.helpdesk().stats().requests();
        syncs.sandbox.helpdesk().reset();

        RunRecord run = syncs.engine().run(job, RunListener.NONE);

        assertThat(planRequests).isEqualTo(1); // 8 agents fit one page of 100
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(syncs.sandbox.crm().stats().requests()).isGreaterThan(2); // the contacts came in several pages
        assertThat(syncs.sandbox.helpdesk().stats().requests()).isEqualTo(CONTACTS / 50); // only the batch writes
    }

    @Test
    void aValueNoAgentHasDeadLettersEachRecordWithTheReasonAndWritesNothing() {
        RunRecord run = syncs.engine().run(syncs.plan(withOwner("properties.email"), "test"), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().failed()).isEqualTo(CONTACTS);
        assertThat(syncs.sandbox.helpdesk().ledger()).isEmpty();
        List<DeadLetter> letters = syncs.store.deadLetters().listForRun(run.id());
        assertThat(letters).hasSize(CONTACTS);
        DeadLetter first = letters.getFirst();
        assertThat(first.recordKey()).startsWith("source:c-"); // failed before it had a destination key: named by its source id
        String email = syncs.sandbox.crm().contact(first.recordKey().substring("source:".length())).orElseThrow().property("email");
        assertThat(first.reason()).isEqualTo("mapping failed: field 'owner_id': no agents record has email '" + email + "' (from 'properties.email')");
    }

    @Test
    void aLookupOfAStreamTheDestinationDoesNotHaveFailsThePlanNamingTheStreams() {
        String yaml = syncYaml("", PRIORITY + "\n  owner_id: { lookup: { stream: staff, match: email, value: properties.owner_email, select: id } }", "");

        assertThatThrownBy(() -> syncs.plan(yaml, "test"))
                .isInstanceOf(JunctionException.class)
                .hasMessage("sync 'contacts' looks up stream 'staff', which connector 'helpdesk' of destination connection 'helpdesk' does not have"
                        + " (streams: users, agents)");
    }

    /** The agents as the Helpdesk API lists them, read independently of Junction. */
    private Map<String, String> agentsByEmail() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(syncs.sandbox.helpdesk().baseUrl() + "/api/agents?limit=100"))
                .header("X-Api-Key", syncs.sandbox.helpdesk().apiKey()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            JsonNode body = syncs.json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
            Map<String, String> out = new HashMap<>();
            body.path("data").forEach(agent -> out.put(agent.path("email").asText(), agent.path("id").asText()));
            assertThat(out).hasSize(8);
            return out;
        }
    }
}
