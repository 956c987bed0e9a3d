package dev.junction.store.jdbc.internal;

import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each identity column of an H2 store ahead of the ids its table holds, when the store opens. After a kill -9,
 * H2 now and then recovers rows whose ids its identity had handed out but not yet kept (its identities keep their next
 * value in blocks), and would hand those ids out again: every insert into such a table then fails on its primary key
 * (seen as a flow step's exchange that could not be logged, in {@code FlowKillTest}). Each identity whose next value is
 * not above its table's largest id restarts just above it; the others are left alone.
 */
final class H2Identities {
    private static final Logger LOG = LoggerFactory.getLogger(H2Identities.class);

    private H2Identities() {}

    private record Identity(String table, String column, long next) {}

    static void realign(DataSource dataSource, String where) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<Identity> identities = new ArrayList<>();
            try (ResultSet r = s.executeQuery("select TABLE_NAME, COLUMN_NAME, IDENTITY_BASE from INFORMATION_SCHEMA.COLUMNS"
                    + " where upper(TABLE_SCHEMA) = 'PUBLIC' and IS_IDENTITY = 'YES'")) {
                while (r.next()) {
                    identities.add(new Identity(r.getString(1), r.getString(2), r.getLong(3)));
                }
            }
            for (Identity identity : identities) {
                long max;
                try (ResultSet r = s.executeQuery("select max(\"" + identity.column() + "\") from \"" + identity.table() + "\"")) {
                    max = r.next() ? r.getLong(1) : 0;
                }
                if (max >= identity.next()) {
                    s.execute("alter table \"" + identity.table() + "\" alter column \"" + identity.column() + "\" restart with " + (max + 1));
                    LOG.warn("{}: table {} holds ids up to {} but its identity would have handed out {} next (rows recovered after an"
                            + " abrupt stop); it now continues at {}", where, identity.table().toLowerCase(java.util.Locale.ROOT), max, identity.next(), max + 1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not check the identities of the H2 store at " + where + ": " + e.getMessage(), e);
        }
    }
}
