package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.AuditEntry;
import dev.junction.store.AuditPage;
import dev.junction.store.AuditQuery;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log against an in-memory H2 store. */
class AuditLogTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");
    private static final Principal ACME_EDITOR = new Principal("tok_acme000001", Role.EDITOR, "acme");

    private final TestClock clock = new TestClock(T0);
    private JdbcStore store;
    private AuditLog audit;

    @BeforeEach
    void openStore() {
        store = JdbcStore.h2InMemory("audit-log-" + UUID.randomUUID());
        audit = new AuditLog(store.auditLog(), clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aRecordedCallCarriesTheActorAndItsTenantAndTheClocksTime() {
        AuditEntry entry = audit.record(ACME_EDITOR, "runs.cancel", "run", "r1", AuditLog.OK, Map.of("sync", "crm-to-erp"));

        assertThat(entry).isEqualTo(new AuditEntry(entry.id(), T0, "tok_acme000001", "acme", "runs.cancel", "run", "r1", "ok", "{\"sync\":\"crm-to-erp\"}"));
        assertThat(audit.query(AuditQuery.newest(10)).entries()).containsExactly(entry);
    }

    @Test
    void aLocalCommandIsRecordedAsItsOperatingSystemUserOfNoTenant() {
        AuditEntry entry = audit.record(Principal.local("ann"), "tokens.create", "token", "tok_new0000001", AuditLog.OK, null);

        assertThat(entry.actor()).isEqualTo("local:ann");
        assertThat(entry.tenant()).isNull();
        assertThat(entry.detail()).isNull();
    }

    @Test
    void secretsInTheDetailAreHiddenBeforeTheyAreStoredAndNamesOfTokensAreKept() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("tokenId", "tok_abc0000001");
        detail.put("role", "viewer");
        detail.put("password", "hunter2");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clientSecret", "s3cr3t");
        config.put("baseUrl", "https://api.example");
        detail.put("config", config);
        detail.put("headers", List.of(Map.of("Authorization", "Bearer abc")));
        detail.put("access_token", "ya29.xyz");
        detail.put("note", "created jct_" + "A".repeat(43) + " for ci");
        detail.put("expiresAt", null);

        AuditEntry entry = audit.record(ACME_EDITOR, "tokens.create", "token", "tok_abc0000001", AuditLog.OK, detail);

        assertThat(entry.detail()).isEqualTo("{\"tokenId\":\"tok_abc0000001\",\"role\":\"viewer\",\"password\":\"***\","
                + "\"config\":{\"clientSecret\":\"***\",\"baseUrl\":\"https://api.example\"},\"headers\":[{\"Authorization\":\"***\"}],"
                + "\"access_token\":\"***\",\"note\":\"***\",\"expiresAt\":null}");
        assertThat(audit.query(AuditQuery.newest(1)).entries().getFirst().detail()).doesNotContain("hunter2", "s3cr3t", "ya29", "Bearer", "AAAA");
    }

    @Test
    void aLongTextIsCutAndADetailTooLargeIsReplacedByItsSize() {
        AuditEntry cut = audit.record(ACME_EDITOR, "definitions.apply", "Sync", "s", "422", Map.of("problem", "x".repeat(1000)));
        assertThat(cut.detail()).isEqualTo("{\"problem\":\"" + "x".repeat(256) + "…\"}");

        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put("field" + i, "y".repeat(100));
        }
        AuditEntry truncated = audit.record(ACME_EDITOR, "definitions.apply", "Sync", "s", "ok", many);
        assertThat(truncated.detail()).matches("\\{\"truncated\":true,\"chars\":\\d+}");
    }

    @Test
    void queriesPageNewestFirstAndFilterByTenant() {
        for (int i = 0; i < 5; i++) {
            audit.record(ACME_EDITOR, "runs.start", "run", "r" + i, AuditLog.OK, null);
            audit.record(new Principal("tok_other00001", Role.ADMIN, "other"), "runs.start", "run", "o" + i, AuditLog.OK, null);
            clock.advance(Duration.ofSeconds(1));
        }

        AuditPage first = audit.query(AuditQuery.newest(3).withTenant("acme"));
        AuditPage second = audit.query(AuditQuery.newest(3).withTenant("acme").after(first.nextCursor()));

        assertThat(first.entries()).extracting(AuditEntry::objectId).containsExactly("r4", "r3", "r2");
        assertThat(second.entries()).extracting(AuditEntry::objectId).containsExactly("r1", "r0");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void retentionDeletesTheEntriesOlderThanTheAge() {
        audit.record(ACME_EDITOR, "runs.start", "run", "old", AuditLog.OK, null);
        clock.advance(Duration.ofDays(31));
        audit.record(ACME_EDITOR, "runs.start", "run", "new", AuditLog.OK, null);

        assertThat(audit.deleteOlderThan(Duration.ofDays(30))).isEqualTo(1);
        assertThat(audit.query(AuditQuery.newest(10)).entries()).extracting(AuditEntry::objectId).containsExactly("new");
    }

    @Test
    void aCallWithoutActionOrOutcomeIsRefused() {
        assertThatThrownBy(() -> audit.record(ACME_EDITOR, " ", "run", "r1", AuditLog.OK, null))
                .hasMessage("audit record: the action is missing (e.g. runs.start)");
        assertThatThrownBy(() -> audit.record(ACME_EDITOR, "runs.start", "run", "r1", null, null))
                .hasMessage("audit record of runs.start: the outcome is missing (ok, an HTTP status or an error type)");
    }
}
