package dev.junction.store.jdbc;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.PageCursor;
import dev.junction.store.RunQuery;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.internal.Dialect;
import dev.junction.store.jdbc.internal.JdbcDeadLetterRepository;
import dev.junction.store.jdbc.internal.JdbcExchangeRepository;
import dev.junction.store.jdbc.internal.JdbcRunRepository;
import dev.junction.store.jdbc.internal.NewestFirst;
import java.time.Instant;
import java.util.List;

/**
 * The pages of the API's lists, one per filter, each with the index that must answer it in order
 * (V15): a dialect's test explains each statement and checks the database reads that index instead
 * of sorting the rows, so listing 10,000 runs costs what listing ten does.
 */
final class ListPlans {
    record Case(String name, NewestFirst.Statement statement, String index) {}

    private static final Instant AT = Instant.parse("2026-05-04T10:15:30Z");

    private ListPlans() {}

    /** The cases as {@code dialect} writes them. */
    static List<Case> cases(Dialect dialect) {
        String runs = new PageCursor(RunQuery.CURSOR_KIND, AT, "r1").encode();
        String deadLetters = new PageCursor(DeadLetterQuery.CURSOR_KIND, AT, "7").encode();
        String exchanges = new PageCursor(ExchangeQuery.CURSOR_KIND, AT, "7").encode();
        RunQuery run = RunQuery.newest(50);
        DeadLetterQuery dead = DeadLetterQuery.newest(50);
        ExchangeQuery exchange = ExchangeQuery.newest(50);
        return List.of(
                runCase(dialect, "every run", run, "runs_started_at_id"),
                runCase(dialect, "every run, next page", run.after(runs), "runs_started_at_id"),
                runCase(dialect, "a sync's runs", run.withSync("s"), "runs_sync_started_at_id"),
                runCase(dialect, "a sync's runs of a tenant", run.withSync("s").withTenant("t").after(runs), "runs_sync_tenant_started_at_id"),
                runCase(dialect, "a tenant's runs, next page", run.withTenant("t").after(runs), "runs_tenant_started_at_id"),
                runCase(dialect, "a tenant's runs in a time range", run.withTenant("t").between(AT, AT.plusSeconds(60)), "runs_tenant_started_at_id"),
                runCase(dialect, "runs by status", run.withStatus(RunStatus.FAILED), "runs_status_started_at_id"),
                runCase(dialect, "runs by trigger", run.withTrigger("api"), "runs_trigger_started_at_id"),
                deadCase(dialect, "every dead letter, next page", dead.after(deadLetters), "dead_letters_created_at_id"),
                deadCase(dialect, "a sync's dead letters", dead.withSync("s"), "dead_letters_sync_created_at_id"),
                deadCase(dialect, "a sync's dead letters of a tenant", dead.withSync("s").withTenant("t"), "dead_letters_sync_tenant_created_at_id"),
                deadCase(dialect, "a tenant's dead letters, next page", dead.withTenant("t").after(deadLetters), "dead_letters_tenant_created_at_id"),
                deadCase(dialect, "a run's dead letters", dead.withRun("r1").withTenant("t"), "dead_letters_run_id_created_at_id"),
                deadCase(dialect, "open dead letters", dead.withState(DeadLetter.State.OPEN), "dead_letters_state_created_at_id"),
                exchangeCase(dialect, "every exchange, next page", exchange.after(exchanges), "exchanges_created_at_id"),
                exchangeCase(dialect, "a run's exchanges", exchange.withRun("r1").withTenant("t"), "exchanges_run_id_created_at_id"),
                exchangeCase(dialect, "a tenant's exchanges, next page", exchange.withTenant("t").after(exchanges), "exchanges_tenant_created_at_id"),
                exchangeCase(dialect, "a connection's exchanges since", exchange.withConnection("c").between(AT, null), "exchanges_connection_created_at_id"),
                exchangeCase(dialect, "exchanges by status", exchange.withStatus(500), "exchanges_status_created_at_id"));
    }

    private static Case runCase(Dialect dialect, String name, RunQuery query, String index) {
        return new Case(name, JdbcRunRepository.pageStatement(query, dialect), index);
    }

    private static Case deadCase(Dialect dialect, String name, DeadLetterQuery query, String index) {
        return new Case(name, JdbcDeadLetterRepository.pageStatement(query, dialect), index);
    }

    private static Case exchangeCase(Dialect dialect, String name, ExchangeQuery query, String index) {
        return new Case(name, JdbcExchangeRepository.pageStatement(query, dialect), index);
    }
}
