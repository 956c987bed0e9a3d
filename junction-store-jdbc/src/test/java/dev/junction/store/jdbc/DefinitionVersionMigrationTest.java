package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.StoredDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before definition versions (schema V11) keeps its definitions after V12: each
 * becomes its own version 1, applied by someone unknown, and the next save is version 2.
 */
class DefinitionVersionMigrationTest {
    @TempDir
    Path temp;

    /** The H2 migrations numbered below {@code version}, copied to a folder of their own (whichever of them exist). */
    private Path migrationsBefore(int version) throws Exception {
        Path all = Path.of(getClass().getClassLoader().getResource("db/migration/h2").toURI());
        Path before = temp.resolve("before-v" + version);
        Files.createDirectories(before);
        try (Stream<Path> files = Files.list(all)) {
            for (Path file : files.toList()) {
                Matcher number = Pattern.compile("V(\\d+)__.*\\.sql").matcher(file.getFileName().toString());
                if (number.matches() && Integer.parseInt(number.group(1)) < version) {
                    Files.copy(file, before.resolve(file.getFileName()));
                }
            }
        }
        return before;
    }

    @Test
    void definitionsAppliedBeforeV12BecomeTheirVersionOne() throws Exception {
        String url = "jdbc:h2:mem:v11-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:" + migrationsBefore(12)).load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("insert into definitions (kind, name, source, origin, checksum, applied_at) values"
                    + " ('Sync', 'contacts', 'kind: Sync', 'specs/contacts.yaml', 'abc', timestamp with time zone '2026-01-01 00:00:00+00'),"
                    + " ('Connector', 'crm', 'kind: Connector', null, null, timestamp with time zone '2026-01-02 00:00:00+00')");
        }

        try (JdbcStore store = JdbcStore.open(url, "sa", "")) {
            StoredDefinition sync = new StoredDefinition("Sync", "contacts", "kind: Sync", "specs/contacts.yaml", "abc",
                    Instant.parse("2026-01-01T00:00:00Z"), null, 1);
            assertThat(store.definitions().find("Sync", "contacts")).contains(sync);
            assertThat(store.definitions().history("Sync", "contacts")).containsExactly(sync);
            assertThat(store.definitions().list()).extracting(StoredDefinition::name, StoredDefinition::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", 1), org.assertj.core.groups.Tuple.tuple("contacts", 1));
            assertThat(store.definitions().saveIfCurrent(sync.reapplied("tok_a", Instant.parse("2026-02-01T00:00:00Z")), 1).version()).isEqualTo(2);
        }
    }
}
