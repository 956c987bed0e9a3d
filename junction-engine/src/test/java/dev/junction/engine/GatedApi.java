package dev.junction.engine;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An API on WireMock whose every request, {@code /slow/GROUP/NAME}, is held until the test lets one
 * go ({@link #letGo}, in the order they came): what it counts is the requests held at once, per group
 * and in all, and the most there ever were. A request held longer than a minute is answered 504.
 */
final class GatedApi extends TransformedApi {
    private static final String ALL = "";

    private final Semaphore gate = new Semaphore(0, true);
    private final Map<String, Integer> held = new HashMap<>(); // guarded by this
    private final Map<String, Integer> most = new HashMap<>(); // guarded by this
    private final List<String> arrivals = new ArrayList<>(); // guarded by this

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String[] path = event.getRequest().getUrl().split("/");
        if (path.length != 4 || !path[1].equals("slow")) {
            return json(404, "{\"error\":\"expected /slow/GROUP/NAME\"}", 0);
        }
        arrived(path[2], path[3]);
        try {
            return gate.tryAcquire(1, TimeUnit.MINUTES) ? json(200, "{\"name\":\"" + path[3] + "\"}", 0) : json(504, "{\"error\":\"held too long\"}", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return json(503, "{\"error\":\"interrupted\"}", 0);
        } finally {
            left(path[2]);
        }
    }

    private synchronized void arrived(String group, String name) {
        arrivals.add(name);
        for (String key : List.of(group, ALL)) {
            int now = held.merge(key, 1, Integer::sum);
            most.merge(key, now, Math::max);
        }
    }

    private synchronized void left(String group) {
        held.merge(group, -1, Integer::sum);
        held.merge(ALL, -1, Integer::sum);
    }

    /** Lets the {@code requests} held longest go (or the next ones to come). */
    void letGo(int requests) {
        gate.release(requests);
    }

    /** The requests held now, in all. */
    synchronized int held() {
        return held.getOrDefault(ALL, 0);
    }

    /** The requests of {@code group} held now. */
    synchronized int held(String group) {
        return held.getOrDefault(group, 0);
    }

    /** The most requests ever held at once, in all. */
    synchronized int most() {
        return most.getOrDefault(ALL, 0);
    }

    /** The most requests of {@code group} ever held at once. */
    synchronized int most(String group) {
        return most.getOrDefault(group, 0);
    }

    /** The names of the requests, in the order they came. */
    synchronized List<String> arrivals() {
        return List.copyOf(arrivals);
    }
}
