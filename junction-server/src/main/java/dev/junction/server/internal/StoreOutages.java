package dev.junction.server.internal;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the store cannot be reached (answer 503 and let the client retry) rather
 * than a bug (500). Decided on the SQL exceptions in the cause chain, named after what they mean.
 */
final class StoreOutages {
    private StoreOutages() {}

    static boolean isOutage(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            // the driver or pool could not get or keep a connection (pool timeout, refused, broken pipe)
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // SQLSTATE class 08: connection exception; 57P01..57P03: PostgreSQL shutting down or not yet accepting connections
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            // the pool was closed under a request (the process is stopping the store)
            if (t instanceof SQLException sql && sql.getMessage() != null && sql.getMessage().endsWith("has been closed.")) {
                return true;
            }
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
