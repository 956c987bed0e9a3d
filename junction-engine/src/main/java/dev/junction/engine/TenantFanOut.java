package dev.junction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one piece of work per tenant of a per-tenant sync, at most {@code concurrency} at once,
 * started in the given (name) order, on virtual threads. Each tenant's work is its own run; they share
 * the connections' registries through {@link Connections}, so tenants share a budget or a token only
 * when they share a connection. Results come back in the given order.
 */
public final class TenantFanOut {
    private TenantFanOut() {}

    /**
     * @param work one tenant's work; it should catch what it can report itself (a failing tenant must
     *     not stop the others)
     * @throws RuntimeException what a tenant's work threw, if it threw
     */
    public static <R> List<R> forEach(List<String> tenants, int concurrency, Function<String, R> work) throws InterruptedException {
        if (tenants.isEmpty()) {
            return List.of();
        }
        List<R> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, tenants.size())),
                Thread.ofVirtual().name("junction-tenant-", 0).factory())) {
            List<Future<R>> futures = new ArrayList<>();
            for (String tenant : tenants) {
                futures.add(pool.submit(() -> work.apply(tenant)));
            }
            for (Future<R> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }
}
