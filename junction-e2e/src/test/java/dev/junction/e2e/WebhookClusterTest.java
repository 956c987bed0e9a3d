package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code junction serve} nodes on one embedded PostgreSQL share one inbox. The CRM has one
 * subscription per node, so every event is delivered to both nodes at about the same moment (as a
 * provider retrying through a load balancer would): each node verifies and stores it, the inbox keeps
 * it once (dedup by event id across nodes), both nodes' workers claim from the one table, and every
 * acknowledged event is processed exactly once (see
 * {@link WebhookSandbox#assertEveryAcknowledgedEventProcessedOnce}). Which node processed how many
 * events is printed, not asserted.
 */
class WebhookClusterTest {
    private static final int BURST = 1_000;
    private static final int CONTACTS = 500;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    private final Closer closer = new Closer();

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void twoNodesSharingOneInboxProcessEveryEventDeliveredToBothOnce() {
        Steps steps = new Steps("webhooks on two nodes");
        PostgresStore store = closer.add(new PostgresStore());
        WebhookSandbox sandbox = closer.add(new WebhookSandbox(CONTACTS));
        Engine observer = closer.add(store.observer(sandbox.env()));
        String token = PostgresStore.adminToken(observer);
        Map<String, String> env = store.env(sandbox.env());
        ServeNode a = closer.add(ServeNode.start("node-a", logs, env));
        ServeNode b = closer.add(ServeNode.start("node-b", logs, env));
        Api onA = new Api(Api.client(), a.baseUrl(), token);
        onA.apply(WebhookSandbox.definitions());
        sandbox.subscribe(a.baseUrl());
        sandbox.subscribe(b.baseUrl());
        steps.done("two nodes listen, the demo applied, the CRM subscribed to both");

        sandbox.sandbox().crm().burst(BURST);
        await("every delivery to end").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .failFast("a node exited", () -> !a.process().alive() || !b.process().alive())
                .until(() -> sandbox.webhooks().pendingDeliveries() == 0);
        steps.done("every delivery ended");
        WebhookKillTest.awaitDrained(onA, a, Duration.ofMinutes(2));
        steps.done("inbox drained");

        long acknowledgedDeliveries = sandbox.webhooks().attempts().stream().filter(t -> t.acknowledged()).count();
        assertThat(acknowledgedDeliveries).as("each event acknowledged by both nodes").isEqualTo(2L * BURST);
        List<JsonNode> events = onA.on(b.baseUrl()).inbox(WebhookSandbox.SUBSCRIBER);
        sandbox.assertEveryAcknowledgedEventProcessedOnce(events);
        Map<String, Integer> byWorker = new TreeMap<>();
        for (List<InboxEvent> page = List.of(); ; ) {
            long after = page.isEmpty() ? 0 : page.getLast().id();
            page = observer.inbox().list(new InboxQuery(null, WebhookSandbox.SUBSCRIBER, InboxEvent.Status.DONE, null, after, InboxQuery.MAX_LIMIT));
            page.forEach(e -> byWorker.merge(e.claimedBy() == null ? "?" : e.claimedBy().replaceFirst("@.*", ""), 1, Integer::sum));
            if (page.size() < InboxQuery.MAX_LIMIT) {
                break;
            }
        }
        System.out.printf("events processed per node (pid): %s; node a is %d, node b %d%n", byWorker, a.pid(), b.pid());
        steps.done("checked");
    }
}
