package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sandbox.Contact;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.sandbox.WebhookKnobs;
import dev.junction.sandbox.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sandbox's CRM and Helpdesk as the outside systems of {@code junction serve} nodes that take the
 * CRM's webhooks: the demo's definitions as they are in {@code examples/demo} (the sync
 * {@code crm-contacts-to-helpdesk} subscribed to the events of its source connection {@code crm}, whose endpoint is
 * {@code /hooks/crm}), the CRM signing with {@link #SECRET}, and the checks of what the
 * Helpdesk's ledger and the server's inbox say against what the CRM's delivery ledger says.
 */
final class WebhookSandbox implements AutoCloseable {
    static final String SYNC = "crm-contacts-to-helpdesk";
    static final String SUBSCRIBER = "sync:" + SYNC;
    static final String ENDPOINT = "/hooks/crm";
    /** The signing secret of the CRM's subscriptions, given to the nodes as ACME_CRM_WEBHOOK_SECRET. */
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("e2e-webhook-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    private final Sandbox sandbox;

    /**
     * {@code contacts} CRM contacts, and a sender that keeps trying while a node is down: 16 deliveries
     * in flight, 20 attempts from 200 ms doubling (to 30 s), so a delivery gives up only after minutes.
     */
    WebhookSandbox(int contacts) {
        this.sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(contacts).withCrmRateLimit(0).withHelpdeskUsers(0));
        webhooks().setKnobs(WebhookKnobs.DEFAULTS.withConcurrency(16).withMaxAttempts(20).withRetryBackoff(Duration.ofMillis(200)));
    }

    Sandbox sandbox() {
        return sandbox;
    }

    Webhooks webhooks() {
        return sandbox.crm().webhooks();
    }

    /** The environment the demo's connections read (the nodes get it). */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", sandbox.crm().token());
        env.put("ACME_CRM_WEBHOOK_SECRET", SECRET);
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
        return env;
    }

    /** Every definition of {@code examples/demo}, as one YAML body for POST /api/v1/definitions. */
    static String definitions() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            StringBuilder yaml = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                yaml.append(yaml.isEmpty() ? "" : "---\n").append(Files.readString(file).strip()).append('\n');
            }
            return yaml.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subscribes {@code node}'s endpoint to every contact event. */
    void subscribe(URI node) {
        webhooks().subscribe(node.resolve(ENDPOINT), SECRET, List.of("contact.*"));
    }

    /**
     * What the three ledgers say, once every delivery ended and the inbox is drained: the CRM's (which
     * events got a 2xx), the node's inbox (each event's row for the sync) and the Helpdesk's (each write).
     * An acknowledged event is <em>processed exactly once</em> when
     * <ul>
     *   <li>the inbox holds it once for the sync, {@code done} (claims and attempts may be several: a
     *       process killed under a claim leaves the event to be claimed again);</li>
     *   <li>its effect is in the Helpdesk once: the demo connector declares {@code ordered: true}, so a
     *       contact's events are claimed one at a time and never fold into one write; each burst change
     *       gives the contact a last name other than the one it had, so each event is a new version of the
     *       user. So each contact was written exactly as many times as it has acknowledged events, never
     *       the same version twice in a row (an event applied again: a record written again after a kill,
     *       before its fingerprint was saved, is caught by the batch's idempotency key, which the Helpdesk
     *       answers without applying it again; one processed again after its fingerprint was saved is
     *       unchanged and not sent), and its last write is the CRM's current contact (no event lost, none
     *       applied out of order).</li>
     * </ul>
     *
     * @param events the node's inbox rows of {@link #SUBSCRIBER}
     */
    void assertEveryAcknowledgedEventProcessedOnce(List<JsonNode> events) {
        Webhooks hooks = webhooks();
        Set<String> acknowledged = hooks.acknowledgedEventIds();
        assertThat(hooks.failedEventIds()).as("deliveries that ran out of attempts").isEmpty();
        assertThat(acknowledged).as("every published event acknowledged").hasSize((int) hooks.eventsPublished());

        Map<String, List<JsonNode>> byEventId = events.stream().collect(Collectors.groupingBy(e -> e.path("eventId").asText()));
        List<String> twice = byEventId.entrySet().stream().filter(e -> e.getValue().size() != 1).map(Map.Entry::getKey).limit(10).toList();
        assertThat(twice).as("events stored more than once for the sync").isEmpty();
        assertThat(byEventId.keySet()).as("the inbox holds every acknowledged event").containsAll(acknowledged);
        List<String> notDone = events.stream().filter(e -> !e.path("status").asText().equals("done"))
                .map(e -> e.path("eventId").asText() + "=" + e.path("status").asText() + " (" + e.path("reason").asText() + ")").limit(10).toList();
        assertThat(notDone).as("inbox events not done").isEmpty();

        Map<String, Integer> eventsPerContact = new TreeMap<>();
        acknowledged.forEach(id -> eventsPerContact.merge(byEventId.get(id).getFirst().path("recordKey").asText(), 1, Integer::sum));
        Map<String, List<String>> versions = new TreeMap<>();
        for (LedgerEntry write : sandbox.helpdesk().ledger()) {
            if (write.endpoint().equals("users.batch")) {
                versions.computeIfAbsent(write.key(), k -> new ArrayList<>()).add(String.valueOf(write.payload().get("name")));
            }
        }
        Map<String, Integer> writesPerContact = new TreeMap<>();
        versions.forEach((key, names) -> writesPerContact.put(key, names.size()));
        List<String> repeated = versions.entrySet().stream().filter(e -> writtenTwiceInARow(e.getValue()))
                .map(e -> e.getKey() + "=" + e.getValue()).limit(10).toList();
        assertThat(repeated).as("Helpdesk users written twice in a row with the same version").isEmpty();
        assertThat(writesPerContact).as("Helpdesk writes per contact = acknowledged events per contact").isEqualTo(eventsPerContact);
        List<String> stale = new ArrayList<>();
        versions.forEach((key, names) -> {
            Contact contact = sandbox.crm().contact(key).orElseThrow();
            String current = contact.property("firstname") + " " + contact.property("lastname");
            if (!names.getLast().equals(current)) {
                stale.add(key + ": wrote " + names + ", the CRM has " + current);
            }
        });
        assertThat(stale).as("contacts whose last Helpdesk write is not the CRM's current state").isEmpty();
        System.out.printf("%d events acknowledged (%d delivery attempts), %d inbox rows done, %d Helpdesk writes to %d users%n", acknowledged.size(),
                hooks.attempts().size(), events.size(), writesPerContact.values().stream().mapToInt(Integer::intValue).sum(), writesPerContact.size());
    }

    /** Whether one version follows itself: an event applied twice (a change is never to the same value, so it gives a new version). */
    private static boolean writtenTwiceInARow(List<String> versions) {
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).equals(versions.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
