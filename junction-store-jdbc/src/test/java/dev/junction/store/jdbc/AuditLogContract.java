package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.AuditEntry;
import dev.junction.store.AuditLogRepository;
import dev.junction.store.AuditPage;
import dev.junction.store.AuditQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit log: appended, filtered, paged newest first with a cursor, trimmed by age. Mixed into {@link AbstractStoreContractTest}. */
interface AuditLogContract extends StoreContract {
    private AuditLogRepository audit() {
        return store().auditLog();
    }

    private AuditEntry entry(long second, String actor, String tenant, String action, String type, String id) {
        return new AuditEntry(0, at(second), actor, tenant, action, type, id, "ok", null);
    }

    @Test
    default void anAppendedEntryGetsAnIdAndComesBackWithAllItsFields() {
        AuditEntry entry = new AuditEntry(0, T0, "tok_a", "acme", "runs.cancel", "run", "r1", "409", "{\"reason\":\"finished\"}");

        AuditEntry stored = audit().append(entry);

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(entry.withId(stored.id()));
        assertThat(audit().find(AuditQuery.newest(10))).isEqualTo(new AuditPage(List.of(stored), null));
    }

    @Test
    default void entriesComeNewestFirstAndEntriesOfOneInstantByIdDescending() {
        AuditEntry first = audit().append(entry(1, "tok_a", null, "tokens.create", "token", "tok_b"));
        AuditEntry sameTimeA = audit().append(entry(2, "tok_a", null, "runs.start", "run", "r1"));
        AuditEntry sameTimeB = audit().append(entry(2, "tok_a", null, "runs.start", "run", "r2"));

        assertThat(audit().find(AuditQuery.newest(10)).entries()).containsExactly(sameTimeB, sameTimeA, first);
    }

    @Test
    default void eachFilterNarrowsTheEntries() {
        audit().append(entry(1, "tok_a", "acme", "definitions.apply", "Sync", "crm"));
        audit().append(entry(2, "tok_b", null, "definitions.apply", "Sync", "erp"));
        audit().append(entry(3, "local:ann", null, "runs.cancel", "run", "r1"));
        audit().append(entry(4, "tok_a", "acme", "runs.start", "run", "r2"));

        assertThat(actions(AuditQuery.newest(10).withActor("tok_a"))).containsExactly("runs.start@4", "definitions.apply@1");
        assertThat(actions(AuditQuery.newest(10).withAction("definitions.apply"))).containsExactly("definitions.apply@2", "definitions.apply@1");
        assertThat(actions(AuditQuery.newest(10).withObject("run", null))).containsExactly("runs.start@4", "runs.cancel@3");
        assertThat(actions(AuditQuery.newest(10).withObject("Sync", "erp"))).containsExactly("definitions.apply@2");
        assertThat(actions(AuditQuery.newest(10).withTenant("acme"))).containsExactly("runs.start@4", "definitions.apply@1");
        assertThat(actions(AuditQuery.newest(10).between(at(2), at(4)))).containsExactly("runs.cancel@3", "definitions.apply@2");
        assertThat(actions(AuditQuery.newest(10).between(at(3), null))).containsExactly("runs.start@4", "runs.cancel@3");
        assertThat(actions(AuditQuery.newest(10).withActor("tok_a").withAction("runs.start").withTenant("acme"))).containsExactly("runs.start@4");
        assertThat(actions(AuditQuery.newest(10).withActor("nobody"))).isEmpty();
    }

    @Test
    default void pagingWithTheCursorVisitsEveryEntryOnceNewestFirstAlsoWithinOneInstant() {
        List<AuditEntry> appended = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            appended.add(audit().append(entry(i / 3, "tok_a", null, "runs.start", "run", "r" + i)));
        }
        audit().append(entry(10, "tok_b", null, "runs.start", "run", "other actor"));

        List<AuditEntry> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        AuditQuery query = AuditQuery.newest(3).withActor("tok_a");
        AuditPage page;
        do {
            page = audit().find(query);
            seen.addAll(page.entries());
            pageSizes.add(page.entries().size());
            query = query.after(page.nextCursor());
        } while (page.nextCursor() != null);

        assertThat(seen).containsExactlyElementsOf(appended.reversed());
        assertThat(pageSizes).containsExactly(3, 3, 1);
    }

    @Test
    default void entriesAppendedWhilePagingDoNotShiftTheNextPage() {
        for (int i = 0; i < 4; i++) {
            audit().append(entry(i, "tok_a", null, "runs.start", "run", "r" + i));
        }
        AuditPage first = audit().find(AuditQuery.newest(2));
        audit().append(entry(100, "tok_a", null, "runs.start", "run", "new"));

        AuditPage second = audit().find(AuditQuery.newest(2).after(first.nextCursor()));

        assertThat(second.entries()).extracting(AuditEntry::objectId).containsExactly("r1", "r0");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    default void aCursorThatNoPageGaveOutIsRefusedWithAHint() {
        assertThatThrownBy(() -> audit().find(AuditQuery.newest(2).after("not-a-cursor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("audit query: the cursor 'not-a-cursor' is not one an earlier page gave out; ask for the first page without a cursor");
    }

    @Test
    default void retentionDeletesOnlyEntriesOlderThanTheGivenTime() {
        audit().append(entry(1, "tok_a", null, "runs.start", "run", "r1"));
        audit().append(entry(2, "tok_a", null, "runs.start", "run", "r2"));
        audit().append(entry(3, "tok_a", null, "runs.start", "run", "r3"));

        assertThat(audit().deleteOlderThan(at(3))).isEqualTo(2);
        assertThat(audit().find(AuditQuery.newest(10)).entries()).extracting(AuditEntry::objectId).containsExactly("r3");
    }

    private List<String> actions(AuditQuery query) {
        return audit().find(query).entries().stream().map(e -> e.action() + "@" + (e.at().getEpochSecond() - T0.getEpochSecond())).toList();
    }
}
