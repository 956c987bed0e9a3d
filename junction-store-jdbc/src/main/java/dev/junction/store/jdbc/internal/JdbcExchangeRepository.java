package dev.junction.store.jdbc.internal;

import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.ExchangeRepository;
import dev.junction.store.PageCursor;
import dev.junction.store.ResultPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request log in table {@code exchanges}; headers are JSON text, and the record keys of each
 * exchange live in {@code exchange_keys} ({@link ExchangeKeys}: in order, indexed by key) so that
 * finding the exchanges of a record is an index lookup. Deleting exchanges deletes their keys first.
 */
public final class JdbcExchangeRepository implements ExchangeRepository {
    private static final String COLUMNS = "id, created_at, run_id, tenant, connection, method, url, status, duration_ms,"
            + " attempt, request_headers, request_body, response_headers, response_body, error";
    private static final String INSERT = "insert into exchanges (created_at, run_id, tenant, connection, method, url, status,"
            + " duration_ms, attempt, request_headers, request_body, response_headers, response_body, error)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int CHUNK = 500;
    /** Exchanges deleted per transaction by {@link #deleteOlderThan}. */
    private static final int DELETE_CHUNK = 5_000;
    /** The equality columns of the indexes that end in (created_at, id) (V15), most selective first. */
    private static final List<List<String>> INDEXES = List.of(List.of("run_id"), List.of("connection"), List.of("tenant"), List.of("status"));

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final HeadersJson headers;

    public JdbcExchangeRepository(Jdbc jdbc, Dialect dialect, HeadersJson headers) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.headers = headers;
    }

    @Override
    public void append(ExchangeRecord e) {
        String what = "exchange " + e.method() + " " + e.url() + (e.runId() == null ? "" : " of run '" + e.runId() + "'");
        String requestHeaders = headers.write(e.requestHeaders(), "the request headers of " + what);
        String responseHeaders = headers.write(e.responseHeaders(), "the response headers of " + what);
        List<String> keys = e.recordKeys() == null ? List.of() : e.recordKeys();
        jdbc.inTransactionNoFlush("append " + what, c -> {
            long id;
            try (PreparedStatement insert = dialect.prepareInsertReturningId(c, INSERT)) {
                Jdbc.bind(insert, e.at(), e.runId(), e.tenant(), e.connection(), e.method(), e.url(), e.status(),
                        e.durationMillis(), e.attempt(), requestHeaders, e.requestBody(), responseHeaders, e.responseBody(), e.error());
                insert.executeUpdate();
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    if (!generated.next()) {
                        throw new SQLException("the database returned no id for the new exchange");
                    }
                    id = generated.getLong(1);
                }
            }
            ExchangeKeys.insert(c, id, keys);
            return id;
        });
    }

    @Override
    public List<ExchangeRecord> find(ExchangeQuery query) {
        Jdbc.positiveLimit("find exchanges", query.limit());
        if (query.cursor() != null) {
            throw new IllegalArgumentException("find exchanges: find answers oldest first without pages; page through with page(query)");
        }
        return read("find exchanges (" + describe(query) + ")", filters(query).oldestFirst(COLUMNS, "exchanges", query.limit(), dialect));
    }

    @Override
    public ResultPage<ExchangeRecord> page(ExchangeQuery query) {
        List<ExchangeRecord> rows = read("page exchanges (" + describe(query) + ")", pageStatement(query, dialect));
        return NewestFirst.page(rows, query.limit(), ExchangeQuery.CURSOR_KIND, ExchangeRecord::at, e -> Long.toString(e.id()));
    }

    /** The statement of one page of {@link #page(ExchangeQuery)}; public for the tests that check its plan. */
    public static NewestFirst.Statement pageStatement(ExchangeQuery query, Dialect dialect) {
        if (query.limit() <= 0 || query.limit() > ExchangeQuery.MAX_PAGE) {
            throw new IllegalArgumentException("page exchanges: limit must be between 1 and " + ExchangeQuery.MAX_PAGE + ", was " + query.limit());
        }
        return filters(query).below(query.cursor() == null ? null : PageCursor.decodeNumeric(ExchangeQuery.CURSOR_KIND, query.cursor()))
                .newestFirst(COLUMNS, "exchanges", query.limit(), dialect);
    }

    private static NewestFirst filters(ExchangeQuery q) {
        return NewestFirst.by("created_at", "id", true, INDEXES)
                .equal("run_id", q.runId())
                .equal("status", q.status())
                .where(ExchangeKeys.CARRYING, q.recordKey())
                .equal("connection", q.connection())
                .equal("tenant", q.tenant())
                .between(q.from(), q.to());
    }

    private List<ExchangeRecord> read(String operation, NewestFirst.Statement statement) {
        return jdbc.withHandleNoFlush(operation, c -> {
            List<Row> rows = Jdbc.list(c, statement.sql(), Row::read, statement.params().toArray());
            Map<Long, List<String>> keys = ExchangeKeys.read(c, rows.stream().map(Row::id).toList());
            List<ExchangeRecord> result = new ArrayList<>(rows.size());
            for (Row row : rows) {
                result.add(row.toRecord(headers, keys.getOrDefault(row.id(), List.of())));
            }
            return result;
        });
    }

    @Override
    public long deleteOlderThan(Instant instant) {
        long deleted = 0;
        while (true) {
            long chunk = jdbc.inTransaction("delete exchanges older than " + instant, c -> {
                List<Long> ids = Jdbc.list(c, "select id from exchanges where created_at < ? order by created_at, id fetch first ? rows only",
                        row -> row.getLong(1), instant, DELETE_CHUNK);
                return deleteByIds(c, ids);
            });
            deleted += chunk;
            if (chunk < DELETE_CHUNK) {
                return deleted;
            }
        }
    }

    /** Deletes these exchanges and their record keys (on a connection in a transaction). @return how many were deleted */
    static int deleteByIds(Connection c, List<Long> ids) throws SQLException {
        ExchangeKeys.deleteOf(c, ids);
        int deleted = 0;
        for (List<Long> chunk : Jdbc.chunks(ids, CHUNK)) {
            deleted += Jdbc.update(c, "delete from exchanges where id in (" + Jdbc.placeholders(chunk.size()) + ")", chunk.toArray());
        }
        return deleted;
    }

    private static String describe(ExchangeQuery q) {
        return "run " + (q.runId() == null ? "any" : "'" + q.runId() + "'") + ", status "
                + (q.status() == null ? "any" : q.status()) + ", record key "
                + (q.recordKey() == null ? "any" : "'" + q.recordKey() + "'")
                + (q.connection() == null ? "" : ", connection '" + q.connection() + "'")
                + (q.tenant() == null ? "" : ", tenant '" + q.tenant() + "'")
                + (q.from() == null ? "" : ", from " + q.from()) + (q.to() == null ? "" : ", before " + q.to())
                + ", limit " + q.limit();
    }

    /** A row of {@code exchanges} before its record keys are attached. */
    private record Row(long id, Instant at, String runId, String tenant, String connection, String method, String url,
            int status, long durationMillis, int attempt, String requestHeaders, String requestBody,
            String responseHeaders, String responseBody, String error) {
        static Row read(ResultSet r) throws SQLException {
            return new Row(r.getLong("id"), Jdbc.instant(r, "created_at"), r.getString("run_id"), r.getString("tenant"),
                    r.getString("connection"), r.getString("method"), r.getString("url"), r.getInt("status"),
                    r.getLong("duration_ms"), r.getInt("attempt"), r.getString("request_headers"), r.getString("request_body"),
                    r.getString("response_headers"), r.getString("response_body"), r.getString("error"));
        }

        ExchangeRecord toRecord(HeadersJson json, List<String> recordKeys) {
            return new ExchangeRecord(id, at, runId, tenant, connection, method, url, status, durationMillis, attempt,
                    json.read(requestHeaders, "the request headers of exchange " + id), requestBody,
                    json.read(responseHeaders, "the response headers of exchange " + id), responseBody, error,
                    List.copyOf(recordKeys));
        }
    }
}
