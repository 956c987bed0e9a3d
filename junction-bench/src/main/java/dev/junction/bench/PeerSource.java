package dev.junction.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HubSpot-shaped source of {@link PeersScenario}: {@code GET /contacts?limit=100&after=CURSOR}
 * answers {@code {"results":[...],"paging":{"next":{"after":"N","link":...}}}} (no {@code paging} on
 * the last page), each contact with HubSpot's {@code id}, {@code properties} (13 fields, the
 * e-mail with mixed case and a trailing space), {@code createdAt}, {@code updatedAt},
 * {@code archived}: about 47 KB a page of 100. All pages are rendered once up front, so serving
 * costs the scenario's JVM next to nothing and the same for every runner. Unlimited; listens on
 * 127.0.0.1 only. Stamps the first request of each run ({@link #reset()} starts a run).
 */
final class PeerSource implements AutoCloseable {
    private static final String[] TIERS = {"gold", "silver", "bronze"};
    private static final String[] STAGES = {"lead", "marketingqualifiedlead", "opportunity", "customer"};
    private static final String[] INDUSTRIES = {"COMPUTER_SOFTWARE", "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE", "RETAIL"};

    private final long total;
    private final byte[][] pages;
    private final HttpServer server;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong firstRequest = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    PeerSource(long total) throws IOException {
        this.total = total;
        this.pages = new byte[(int) ((total + PeerJob.PAGE - 1) / PeerJob.PAGE)][];
        for (int i = 0; i < pages.length; i++) {
            long from = (long) i * PeerJob.PAGE;
            pages[i] = page(from, Math.min(total, from + PeerJob.PAGE)).getBytes(StandardCharsets.UTF_8);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(work);
        server.createContext(PeerJob.CONTACTS_PATH, this::contacts);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Bytes of the first page, for the scenario's header line. */
    int pageBytes() {
        return pages.length == 0 ? 0 : pages[0].length;
    }

    /** Starts a run: forgets the first request's time. */
    void reset() {
        firstRequest.set(0);
        requests.set(0);
    }

    /** {@link System#nanoTime()} of the run's first request, 0 before it. */
    long firstRequest() {
        return firstRequest.get();
    }

    long requests() {
        return requests.get();
    }

    private void contacts(HttpExchange exchange) throws IOException {
        firstRequest.compareAndSet(0, System.nanoTime());
        requests.incrementAndGet();
        long after = 0;
        int limit = PeerJob.PAGE;
        String query = exchange.getRequestURI().getRawQuery();
        try {
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("after=") && pair.length() > 6) {
                        after = Long.parseLong(pair.substring(6));
                    } else if (pair.startsWith("limit=")) {
                        limit = Integer.parseInt(pair.substring(6));
                    }
                }
            }
        } catch (NumberFormatException e) {
            LocalHttp.send(exchange, 400, "{\"message\":\"after and limit must be numbers\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        byte[] body;
        if (limit == PeerJob.PAGE && after % PeerJob.PAGE == 0 && after < total) {
            body = pages[(int) (after / PeerJob.PAGE)];
        } else {
            body = page(Math.min(after, total), Math.min(total, after + Math.max(1, Math.min(limit, PeerJob.PAGE)))).getBytes(StandardCharsets.UTF_8);
        }
        LocalHttp.send(exchange, 200, body, Map.of());
    }

    private String page(long from, long to) {
        StringBuilder out = new StringBuilder(460 * PeerJob.PAGE).append("{\"results\":[");
        for (long i = from; i < to; i++) {
            if (i > from) {
                out.append(',');
            }
            contact(out, i);
        }
        out.append(']');
        if (to < total) {
            out.append(",\"paging\":{\"next\":{\"after\":\"").append(to).append("\",\"link\":\"http://127.0.0.1/contacts?after=").append(to).append("\"}}");
        }
        return out.append('}').toString();
    }

    /** Contact number {@code i}: id {@code i + 1}, so {@link PeerDestination} can check what it receives. */
    private static void contact(StringBuilder out, long i) {
        String created = "2025-0" + (1 + i % 9) + "-1" + (i % 10) + "T10:2" + (i % 10) + ":00.000Z";
        out.append("{\"id\":\"").append(i + 1).append("\",\"properties\":{")
                .append("\"email\":\"User").append(i).append("@Example.com \",")
                .append("\"firstname\":\"Ada\",\"lastname\":\"Lovelace").append(i % 97).append("\",")
                .append("\"phone\":\"+1 555 0").append(i % 1000).append("\",")
                .append("\"company\":\"Analytical Engines ").append(i % 500).append("\",")
                .append("\"website\":\"engines").append(i % 500).append(".example.com\",")
                .append("\"industry\":\"").append(INDUSTRIES[(int) (i % INDUSTRIES.length)]).append("\",")
                .append("\"lifecyclestage\":\"").append(STAGES[(int) (i % STAGES.length)]).append("\",")
                .append("\"tier\":\"").append(TIERS[(int) (i % 3)]).append("\",")
                .append("\"hs_lead_status\":\"OPEN\",\"hubspot_owner_id\":\"").append(40 + i % 7).append("\",")
                .append("\"hs_object_id\":\"").append(i + 1).append("\",\"lastmodifieddate\":\"2026-01-01T00:00:00.000Z\"},")
                .append("\"createdAt\":\"").append(created).append("\",\"updatedAt\":\"2026-01-01T00:00:00.000Z\",\"archived\":false}");
    }

    @Override
    public void close() {
        server.stop(0);
        work.shutdownNow();
    }
}
