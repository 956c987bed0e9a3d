package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SQL-source tests share: a database to read (one subclass per kind of database), the
 * sandbox Helpdesk to write to, and the CLI with the demo applied and {@code WAREHOUSE_URL},
 * {@code WAREHOUSE_USER} and {@code WAREHOUSE_PASSWORD} set to the database's.
 */
abstract class SourceDatabaseTest {
    static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    SourceDatabase source;
    Connection database;
    Sandbox sandbox;
    CliRunner cli;

    /** An empty database reachable from this JVM. */
    protected abstract SourceDatabase startDatabase() throws Exception;

    @BeforeEach
    void startDatabaseAndSandbox() throws Exception {
        source = startDatabase();
        database = DriverManager.getConnection(source.url(), source.user(), source.password());
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(0).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox)
                .env("WAREHOUSE_URL", source.url())
                .env("WAREHOUSE_USER", source.user())
                .env("WAREHOUSE_PASSWORD", source.password());
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
    }

    @AfterEach
    void stopDatabaseAndSandbox() throws Exception {
        sandbox.close();
        database.close();
        source.close();
    }
}
