package dev.junction.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.sync.ExpectedTotal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The count beside a SQL read, on an in-memory H2 database: the same bind values, and unknown (never an error) when it fails. */
class SqlCountTest {
    private final String url = "jdbc:h2:mem:count-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Connection database;
    private final Supplier<Connection> connect = () -> {
        try {
            return DriverManager.getConnection(url, "sa", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    };

    @BeforeEach
    void createTable() throws Exception {
        database = connect.get();
        try (Statement s = database.createStatement()) {
            s.execute("create table items (code varchar(20) primary key, qty integer)");
            for (int i = 1; i <= 25; i++) {
                s.execute("insert into items values ('item-" + i + "', " + i + ")");
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private static SqlCount finished(SqlCount count) {
        await("the count").atMost(Duration.ofSeconds(30)).until(count::finished);
        return count;
    }

    @Test
    void countsTheRowsOfTheStatementWithItsBindValues() {
        assertThat(finished(SqlCount.start(connect, "select * from items", s -> {})).total())
                .isEqualTo(new ExpectedTotal(25, ExpectedTotal.Basis.QUERY_COUNT));
        assertThat(finished(SqlCount.start(connect, "select * from items where qty >= ?", s -> s.setInt(1, 20))).total())
                .isEqualTo(new ExpectedTotal(6, ExpectedTotal.Basis.QUERY_COUNT));
    }

    @Test
    void aCountTheDatabaseRefusesOrThatCannotConnectLeavesTheTotalUnknown() {
        assertThat(finished(SqlCount.start(connect, "show tables", s -> {})).total()).isNull();
        assertThat(finished(SqlCount.start(connect, "select * from no_such_table", s -> {})).total()).isNull();
        assertThat(finished(SqlCount.start(() -> {
            throw new IllegalStateException("connection refused");
        }, "select * from items", s -> {})).total()).isNull();
    }
}
