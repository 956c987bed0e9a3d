package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.server.ApiProblem;
import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.DeadLetterReason;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.ResultPage;
import dev.junction.store.RunRecord;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run's page shows, every part bounded however much the run left behind: its
 * {@link RunTimeline} (from its first {@value RunTimeline#CALLS} logged calls), its row errors grouped
 * by reason (over its newest {@value #REASONS_SCANNED} dead letters), one page of its requests (filtered
 * by record key) and one page of its dead letters (in a state), each page with the link to the next.
 *
 * @param reasonsCapped whether the run has more dead letters than the grouping read
 * @param nextRequests the link to the next page of requests (null: none)
 * @param nextLetters the link to the next page of dead letters (null: none)
 */
public record RunDetail(RunRecord run, RunTimeline timeline, List<DeadLetterReason> reasons, boolean reasonsCapped, Filters filters,
        List<ExchangeRecord> requests, String nextRequests, List<DeadLetter> deadLetters, String nextLetters, boolean canEdit) {
    public static final int REASONS_SCANNED = 5_000;
    static final int REASON_GROUPS = 20;
    static final int REQUESTS = 20;
    static final int LETTERS = 50;
    /** The dead letter states the page filters by; {@code all} is every one. */
    static final List<String> STATES = List.of("open", "replayed", "discarded", "all");
    /** The same, for the template's links. */
    public static final List<String> STATES_SHOWN = STATES;

    /**
     * The page's query: the record key the requests are filtered by, each list's page cursor, the dead
     * letters' state, and what the last form did (a replay run to link to, or how many were discarded).
     */
    public record Filters(String key, String requests, String state, String letters, String replayedBy, Long discarded) {
        static Filters of(Context ctx) {
            String state = text(ctx, "state");
            if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
                throw new ApiProblem.BadRequest("Query parameter 'state' must be one of " + String.join(", ", STATES) + "; got '" + cut(state) + "'.");
            }
            String discarded = text(ctx, "discarded");
            Long count = null;
            if (discarded != null) {
                try {
                    count = Long.parseLong(discarded);
                } catch (NumberFormatException e) {
                    throw new ApiProblem.BadRequest("Query parameter 'discarded' takes a number; got '" + cut(discarded) + "'.");
                }
            }
            return new Filters(text(ctx, "key"), text(ctx, "requests"), state == null ? "open" : state.toLowerCase(Locale.ROOT), text(ctx, "letters"),
                    text(ctx, "replayedBy"), count);
        }

        DeadLetter.State deadLetterState() {
            return state.equals("all") ? null : DeadLetter.State.valueOf(state.toUpperCase(Locale.ROOT));
        }
    }

    /** The link to a run's page with the key and state of {@code filters} kept, and the given page cursors (null: the first page). */
    static String href(String runId, Filters filters, String requestsCursor, String lettersCursor, String anchor) {
        StringBuilder query = new StringBuilder();
        add(query, "key", filters.key());
        add(query, "requests", requestsCursor);
        add(query, "state", filters.state().equals("open") ? null : filters.state());
        add(query, "letters", lettersCursor);
        return Links.run(runId) + (query.isEmpty() ? "" : "?" + query) + "#" + anchor;
    }

    /** The link to the dead letters in {@code state}, the key kept. */
    public String stateHref(String state) {
        return href(run.id(), new Filters(filters.key(), null, state, null, null, null), null, null, "dead-letters");
    }

    /** Whether the form's buttons act: an editor looking at open dead letters. */
    public boolean actionable() {
        return canEdit && filters.state().equals("open") && !deadLetters.isEmpty();
    }

    private static void add(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(Links.segment(value));
        }
    }

    private static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Reads a run's page from the engine. */
    record Reader(Engine engine) {
        RunDetail read(RunRecord run, Filters filters, boolean canEdit) {
            ResultPage<ExchangeRecord> requests;
            ResultPage<DeadLetter> letters;
            try {
                requests = engine.exchanges().page(new ExchangeQuery(run.id(), null, filters.key(), null, null, null, null, filters.requests(), REQUESTS));
                letters = engine.deadLetters().list(new DeadLetterQuery(null, null, run.id(), filters.deadLetterState(), filters.letters(), LETTERS));
            } catch (IllegalArgumentException e) {
                throw new ApiProblem.BadRequest("A page link of this run is not one the page gave out (follow its 'Next' links); open the run again.");
            }
            List<ExchangeRecord> calls = engine.exchanges().find(new ExchangeQuery(run.id(), null, null, RunTimeline.CALLS + 1));
            List<DeadLetterReason> reasons = engine.deadLetters().reasons(run.id(), REASONS_SCANNED, REASON_GROUPS);
            long grouped = reasons.stream().mapToLong(DeadLetterReason::count).sum();
            return new RunDetail(run, RunTimeline.of(run, calls), reasons, grouped >= REASONS_SCANNED, filters, requests.items(),
                    requests.nextCursor() == null ? null : href(run.id(), filters, requests.nextCursor(), filters.letters(), "requests"), letters.items(),
                    letters.nextCursor() == null ? null : href(run.id(), filters, filters.requests(), letters.nextCursor(), "dead-letters"), canEdit);
        }
    }

    /** The record keys of a call, joined for a table cell (at most 5, then how many more). */
    public static String keys(ExchangeRecord e) {
        List<String> keys = e.recordKeys() == null ? List.of() : e.recordKeys();
        List<String> shown = new ArrayList<>(keys.stream().limit(5).toList());
        if (keys.size() > 5) {
            shown.add("+" + (keys.size() - 5) + " more");
        }
        return shown.isEmpty() ? "—" : String.join(", ", shown);
    }

    /** Headers as lines of {@code Name: value}, as stored (secrets already redacted). */
    public static String headers(java.util.Map<String, List<String>> headers) {
        if (headers == null || headers.isEmpty()) {
            return "—";
        }
        StringBuilder text = new StringBuilder();
        headers.forEach((name, values) -> values.forEach(v -> text.append(name).append(": ").append(v).append('\n')));
        return text.toString().strip();
    }
}
