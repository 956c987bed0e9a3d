package dev.junction.engine;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.DeadLetterReason;
import dev.junction.store.ResultPage;
import dev.junction.store.Store;
import dev.junction.sync.DeadLetterSelection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Records that failed permanently: listed, shown, discarded on purpose, or selected for a replay
 * (which {@link Runs#replay} runs).
 */
public final class DeadLetters {
    private static final int PAGE = 500;

    private final Store store;
    private final Clock clock;

    public DeadLetters(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Newest first; or a run's, oldest first. Null filters match everything. */
    public List<DeadLetter> list(String sync, String tenant, String run, int limit) {
        int n = Math.max(1, limit);
        return run != null ? store.deadLetters().listForRun(run).stream().limit(n).toList() : store.deadLetters().list(sync, tenant, n);
    }

    /** One page of the dead letters the query selects, newest first; its cursor asks for the next. */
    public ResultPage<DeadLetter> list(DeadLetterQuery query) {
        return store.deadLetters().find(query);
    }

    /** A run's newest {@code scan} dead letters grouped by how they failed, the largest groups first (at most {@code groups}). */
    public List<DeadLetterReason> reasons(String runId, int scan, int groups) {
        return store.deadLetters().reasons(runId, scan, groups);
    }

    /** The dead letter with that id, whatever its state. */
    public Optional<DeadLetter> find(long id) {
        return store.deadLetters().find(id);
    }

    public DeadLetter get(long id) {
        return store.deadLetters().find(id)
                .orElseThrow(() -> new EngineException.NotFound("no dead letter with id " + id + "; list them with: junction deadletters list"));
    }

    /**
     * Which open dead letters to act on: the given ids, one run's, or one sync's (narrowed to a
     * tenant). One selection per sync and tenant involved, so each replays in its own tenant.
     *
     * @throws EngineException.NotFound for an unknown id
     * @throws EngineException.Conflict for a dead letter that is no longer open, or nothing open to select
     */
    public List<DeadLetterSelection> select(List<Long> ids, String run, String sync, String tenant) {
        if (tenant != null && sync == null) {
            throw new EngineException.Invalid("--tenant narrows --sync; ids and runs already name their tenant (see: junction deadletters show ID)");
        }
        if (ids != null && !ids.isEmpty()) {
            Map<List<String>, List<Long>> bySync = new LinkedHashMap<>();
            for (long id : ids) {
                DeadLetter d = get(id);
                if (d.state() != DeadLetter.State.OPEN) {
                    throw new EngineException.Conflict("dead letter " + id + " was already " + d.state().name().toLowerCase(Locale.ROOT)
                            + (d.resolvedRun() == null ? "" : " by run " + d.resolvedRun()) + " at " + d.resolvedAt());
                }
                bySync.computeIfAbsent(Arrays.asList(d.sync(), d.tenant()), s -> new ArrayList<>()).add(id);
            }
            return bySync.entrySet().stream()
                    .map(e -> DeadLetterSelection.ofIds(e.getKey().get(0), e.getValue()).inTenant(e.getKey().get(1))).toList();
        }
        if (run != null) {
            List<DeadLetter> first = store.deadLetters().open(null, run, 0, 1);
            if (first.isEmpty()) {
                throw new EngineException.Conflict("run '" + run + "' has no open dead letters");
            }
            return List.of(DeadLetterSelection.ofRun(first.getFirst().sync(), run).inTenant(first.getFirst().tenant()));
        }
        if (sync == null) {
            throw new EngineException.Invalid("select dead letters by ids, by run or by sync");
        }
        if (tenant != null) {
            if (store.deadLetters().open(sync, tenant, null, 0, 1).isEmpty()) {
                throw new EngineException.Conflict("sync '" + sync + "' has no open dead letters of tenant '" + tenant + "'");
            }
            return List.of(DeadLetterSelection.all(sync).inTenant(tenant));
        }
        // every tenant's (one selection each, so each replays in its own tenant) and the classic sync's
        List<List<String>> groups = new ArrayList<>();
        long afterId = 0;
        List<DeadLetter> page;
        while (!(page = store.deadLetters().open(sync, null, afterId, PAGE)).isEmpty()) {
            for (DeadLetter d : page) {
                List<String> group = Arrays.asList(d.sync(), d.tenant());
                if (!groups.contains(group)) {
                    groups.add(group);
                }
            }
            afterId = page.getLast().id();
        }
        if (groups.isEmpty()) {
            throw new EngineException.Conflict("sync '" + sync + "' has no open dead letters");
        }
        return groups.stream().map(g -> DeadLetterSelection.all(g.get(0)).inTenant(g.get(1))).toList();
    }

    /** Marks the selected open dead letters discarded: kept in the history, never replayed. @return how many */
    public long discard(List<DeadLetterSelection> selections) {
        long discarded = 0;
        for (DeadLetterSelection selection : selections) {
            if (selection.ids() != null) {
                discarded += store.deadLetters().resolve(selection.ids(), DeadLetter.State.DISCARDED, null, clock.instant());
                continue;
            }
            List<DeadLetter> page;
            while (!(page = store.deadLetters().open(selection.sync(), selection.tenant(), selection.runId(), 0, PAGE)).isEmpty()) {
                discarded += store.deadLetters().resolve(page.stream().map(DeadLetter::id).toList(), DeadLetter.State.DISCARDED, null, clock.instant());
            }
        }
        return discarded;
    }
}
