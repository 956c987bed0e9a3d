package dev.junction.store.jdbc;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.PageCursor;
import dev.junction.store.RunQuery;
import dev.junction.store.RunStatus;
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

    static List<Case> cases() {
        String runs = new PageCursor(RunQuery.CURSOR_KIND, AT, "r1").encode();
        String deadLetters = new PageCursor(DeadLetterQuery.CURSOR_KIND, AT, "7").encode();
        String exchanges = new PageCursor(ExchangeQuery.CURSOR_KIND, AT, "7").encode();
        RunQuery run = RunQuery.newest(50);
        DeadLetterQuery dead = DeadLetterQuery.newest(50);
        ExchangeQuery exchange = ExchangeQuery.newest(50);
        return List.of(
                runCase("every run", run, "runs_started_at_id"),
                runCase("every run, next page", run.after(runs), "runs_started_at_id"),
                runCase("a sync's runs", run.withSync("s"), "runs_sync_started_at_id"),
                runCase("a sync's runs of a tenant", run.withSync("s").withTenant("t").after(runs), "runs_sync_tenant_started_at_id"),
                runCase("a tenant's runs, next page", run.withTenant("t").after(runs), "runs_tenant_started_at_id"),
                runCase("a tenant's runs in a time range", run.withTenant("t").between(AT, AT.plusSeconds(60)), "runs_tenant_started_at_id"),
                runCase("runs by status", run.withStatus(RunStatus.FAILED), "runs_status_started_at_id"),
                runCase("runs by trigger", run.withTrigger("api"), "runs_trigger_started_at_id"),
                deadCase("every dead letter, next page", dead.after(deadLetters), "dead_letters_created_at_id"),
                deadCase("a sync's dead letters", dead.withSync("s"), "dead_letters_sync_created_at_id"),
                deadCase("a sync's dead letters of a tenant", dead.withSync("s").withTenant("t"), "dead_letters_sync_tenant_created_at_id"),
                deadCase("a tenant's dead letters, next page", dead.withTenant("t").after(deadLetters), "dead_letters_tenant_created_at_id"),
                deadCase("a run's dead letters", dead.withRun("r1").withTenant("t"), "dead_letters_run_id_created_at_id"),
                deadCase("open dead letters", dead.withState(DeadLetter.State.OPEN), "dead_letters_state_created_at_id"),
                exchangeCase("every exchange, next page", exchange.after(exchanges), "exchanges_created_at_id"),
                exchangeCase("a run's exchanges", exchange.withRun("r1").withTenant("t"), "exchanges_run_id_created_at_id"),
                exchangeCase("a tenant's exchanges, next page", exchange.withTenant("t").after(exchanges), "exchanges_tenant_created_at_id"),
                exchangeCase("a connection's exchanges since", exchange.withConnection("c").between(AT, null), "exchanges_connection_created_at_id"),
                exchangeCase("exchanges by status", exchange.withStatus(500), "exchanges_status_created_at_id"));
    }

    private static Case runCase(String name, RunQuery query, String index) {
        return new Case(name, JdbcRunRepository.pageStatement(query), index);
    }

    private static Case deadCase(String name, DeadLetterQuery query, String index) {
        return new Case(name, JdbcDeadLetterRepository.pageStatement(query), index);
    }

    private static Case exchangeCase(String name, ExchangeQuery query, String index) {
        return new Case(name, JdbcExchangeRepository.pageStatement(query), index);
    }
}
