package dev.junction.store.jdbc.internal;

import dev.junction.store.ConnectSession;
import dev.junction.store.ConnectSessionRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Connect sessions in table {@code connect_sessions}; each step is an update conditioned on the status before it. */
public final class JdbcConnectSessionRepository implements ConnectSessionRepository {
    private static final String COLUMNS = "id_hash, tenant, connector, connection, return_url, scopes, created_by, status, browser_hash, state_hash,"
            + " config, detail, created_at, expires_at, updated_at";

    private final Jdbc jdbc;

    public JdbcConnectSessionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(ConnectSession s) {
        jdbc.withHandle("save a connect session", c -> Jdbc.update(c, "insert into connect_sessions (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?)", s.idHash(), s.tenant(), s.connector(), s.connection(), s.returnUrl(), String.join(" ", s.scopes()), s.createdBy(),
                s.status().name(), s.browserHash(), s.stateHash(), s.config(), s.detail(), s.createdAt(), s.expiresAt(), s.updatedAt()));
    }

    @Override
    public Optional<ConnectSession> findById(String idHash) {
        return jdbc.withHandleNoFlush("read a connect session", c -> Jdbc.first(c, "select " + COLUMNS + " from connect_sessions where id_hash = ?",
                JdbcConnectSessionRepository::map, idHash));
    }

    @Override
    public Optional<ConnectSession> findByState(String stateHash) {
        return jdbc.withHandleNoFlush("read a connect session", c -> Jdbc.first(c, "select " + COLUMNS + " from connect_sessions where state_hash = ?",
                JdbcConnectSessionRepository::map, stateHash));
    }

    @Override
    public boolean advance(String idHash, ConnectSession.Status from, ConnectSession.Status to, String browserHash, String stateHash, String config,
            String detail, Instant at) {
        return jdbc.withHandle("update a connect session", c -> Jdbc.update(c, "update connect_sessions set status = ?,"
                + " browser_hash = coalesce(?, browser_hash), state_hash = coalesce(?, state_hash), config = coalesce(?, config),"
                + " detail = coalesce(?, detail), updated_at = ? where id_hash = ? and status = ?",
                to.name(), browserHash, stateHash, config, detail, at, idHash, from.name())) == 1;
    }

    @Override
    public boolean bindBrowser(String idHash, String browserHash, Instant at) {
        return jdbc.withHandle("bind a connect session to a browser", c -> Jdbc.update(c, "update connect_sessions set browser_hash = ?, updated_at = ?"
                + " where id_hash = ? and status = 'OPEN' and browser_hash is null", browserHash, at, idHash)) == 1;
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbc.withHandle("purge expired connect sessions", c -> Jdbc.update(c, "delete from connect_sessions where expires_at < ?", before));
    }

    private static ConnectSession map(ResultSet r) throws SQLException {
        String scopes = r.getString("scopes");
        return new ConnectSession(r.getString("id_hash"), r.getString("tenant"), r.getString("connector"), r.getString("connection"),
                r.getString("return_url"), scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.split(" ")), r.getString("created_by"),
                ConnectSession.Status.valueOf(r.getString("status")), r.getString("browser_hash"), r.getString("state_hash"), r.getString("config"),
                r.getString("detail"), Jdbc.instant(r, "created_at"), Jdbc.instant(r, "expires_at"), Jdbc.instant(r, "updated_at"));
    }
}
