package dev.junction.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.SyncSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison of both sides by key: missing, extra and mismatched records with normalizers and an
 * ignore list; the same report whether the sides fit in memory or spill to sorted chunk files merged
 * in one pass or several; the spill directory gone afterwards.
 */
class ReconciliationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SyncSpec.Audit AUDIT = new SyncSpec.Audit("users", "external_id", List.of("updated"),
            Map.of("email", List.of(Normalizer.TRIM, Normalizer.LOWERCASE), "amount", List.of(Normalizer.NUMBER), "created", List.of(Normalizer.DATE)));
    private static final AuditRules RULES = new AuditRules(AUDIT, "external_id", List.of("external_id", "email", "amount", "created", "updated",
            "profile.api_token", "profile.name"));

    @TempDir
    Path temp;

    @Test
    void reportsMissingExtraAndMismatchedRecordsAfterNormalizersAndIgnoresIgnoredFields() {
        AuditReport report = audit(Reconciliation.Settings.DEFAULT.withTempDir(temp), 50, List.of(
                "delete c-7", "change c-3 email", "add x-1", "case c-4 email", "format c-5 amount", "format c-6 created", "change c-8 updated",
                "change c-9 secret"));

        assertThat(report.sourceRecords()).isEqualTo(50);
        assertThat(report.destinationRecords()).isEqualTo(50);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.extra()).isEqualTo(1);
        assertThat(report.mismatched()).isEqualTo(2);
        assertThat(report.matched()).isEqualTo(47);
        assertThat(report.differences()).isEqualTo(4);
        assertThat(report.fieldMismatches()).containsExactly(Map.entry("email", 1L), Map.entry("profile.api_token", 1L));
        assertThat(report.fields()).containsExactly("email", "amount", "created", "profile.api_token", "profile.name");
        assertThat(report.samples().missing()).containsExactly(new AuditReport.Sample("c-7", List.of()));
        assertThat(report.samples().extra()).containsExactly(new AuditReport.Sample("x-1", List.of()));
        assertThat(report.samples().mismatched()).containsExactly(
                new AuditReport.Sample("c-3", List.of(new AuditReport.FieldDifference("email", "user3@example.com", "changed@example.com"))),
                new AuditReport.Sample("c-9", List.of(new AuditReport.FieldDifference("profile.api_token", "[redacted]", "[redacted]"))));
    }

    @Test
    void aSmallChunkSpillsBothSidesToSortedFilesAndMergesThemToTheSameReportAsInMemory() throws Exception {
        List<String> tampering = List.of("delete c-17", "delete c-170", "change c-33 email", "add x-2", "add x-9", "dup c-40", "nokey");
        AuditReport inMemory = audit(Reconciliation.Settings.DEFAULT.withTempDir(temp), 300, tampering);

        Reconciliation.Settings small = Reconciliation.Settings.DEFAULT.withTempDir(temp).withChunkEntries(4);
        AuditReport spilled;
        Path dir;
        try (Reconciliation audit = new Reconciliation(RULES, small)) {
            dir = audit.directory();
            feed(audit, 300, tampering);
            assertThat(audit.chunksWritten()[0]).as("source chunks").isEqualTo(75);
            assertThat(audit.chunksWritten()[1]).as("destination chunks").isEqualTo(75);
            try (var files = Files.list(dir)) {
                assertThat(files.count()).isEqualTo(150);
            }
            spilled = audit.finish();
            assertThat(audit.chunksWritten()[0]).as("a pass merged the first 64 chunks into one file").isEqualTo(76);
        }

        assertThat(dir).doesNotExist();
        assertThat(spilled).isEqualTo(inMemory);
        assertThat(spilled.missing()).isEqualTo(2);
        assertThat(spilled.extra()).isEqualTo(2);
        assertThat(spilled.mismatched()).as("c-33, and c-40 compared with its copy whose values sort first (dup@...)").isEqualTo(2);
        assertThat(spilled.destinationDuplicates()).isEqualTo(1);
        assertThat(spilled.destinationWithoutKey()).isEqualTo(1);
        assertThat(spilled.samples().missing()).extracting(AuditReport.Sample::key).containsExactly("c-17", "c-170");
    }

    @Test
    void samplesAreBoundedWhileCountsAreNot() {
        List<String> tampering = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tampering.add("delete c-" + (i + 10));
        }
        AuditReport report = audit(Reconciliation.Settings.DEFAULT.withTempDir(temp).withSamples(3).withChunkEntries(5), 100, tampering);

        assertThat(report.missing()).isEqualTo(40);
        assertThat(report.samples().missing()).hasSize(3);
    }

    @Test
    void theSpillDirectoryIsDeletedWhenTheAuditStopsBeforeItsEnd() {
        Path dir;
        try (Reconciliation audit = new Reconciliation(RULES, Reconciliation.Settings.DEFAULT.withTempDir(temp).withChunkEntries(2))) {
            dir = audit.directory();
            feed(audit, 20, List.of());
            assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().startsWith("source-"));
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void numbersCompareByValueAndObjectsWhateverTheirKeyOrder() throws Exception {
        AuditRules rules = new AuditRules(new SyncSpec.Audit("s", "id", List.of(), Map.of()), "id", List.of("id", "n", "o"));
        try (Reconciliation audit = new Reconciliation(rules, Reconciliation.Settings.DEFAULT.withTempDir(temp))) {
            audit.source(JSON.readTree("{\"id\": 1, \"n\": 1.50, \"o\": {\"a\": 1, \"b\": [1, 2]}}"));
            audit.destination(JSON.readTree("{\"id\": \"1\", \"n\": 1.5, \"o\": {\"b\": [1, 2], \"a\": 1}, \"other\": true}"));
            audit.source(JSON.readTree("{\"id\": 2, \"n\": \"1.5\"}"));
            audit.destination(JSON.readTree("{\"id\": 2, \"n\": 2}"));
            AuditReport report = audit.finish();
            assertThat(report.matched()).isEqualTo(1);
            assertThat(report.samples().mismatched()).containsExactly(new AuditReport.Sample("2", List.of(new AuditReport.FieldDifference("n", "1.5", "2"))));
        }
    }

    private AuditReport audit(Reconciliation.Settings settings, int records, List<String> tampering) {
        try (Reconciliation audit = new Reconciliation(RULES, settings)) {
            feed(audit, records, tampering);
            return audit.finish();
        }
    }

    /**
     * {@code records} source records c-0.. and the destination's copies in shuffled order, tampered:
     * {@code delete K}, {@code change K FIELD}, {@code add K}, {@code case K email} (differs only in
     * case), {@code format K amount|created} (another format of the same value), {@code dup K} (a
     * second copy), {@code nokey} (a record without a key).
     */
    private static void feed(Reconciliation audit, int records, List<String> tampering) {
        List<ObjectNode> destination = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            ObjectNode source = record(i);
            audit.source(source);
            ObjectNode copy = source.deepCopy();
            copy.put("id", "u-" + i);
            copy.put("updated", "whenever " + i);
            destination.add(copy);
        }
        for (String t : tampering) {
            String[] words = t.split(" ");
            ObjectNode target = words.length > 1 ? destination.stream().filter(r -> r.path("external_id").asText().equals(words[1])).findFirst().orElse(null)
                    : null;
            switch (words[0]) {
                case "delete" -> destination.remove(target);
                case "add" -> destination.add(record(9999).put("external_id", words[1]));
                case "dup" -> destination.add(target.deepCopy().put("email", "dup@example.com"));
                case "nokey" -> destination.add(record(5555).putNull("external_id"));
                case "case" -> target.put("email", "  " + target.get("email").asText().toUpperCase() + " ");
                case "format" -> {
                    if (words[2].equals("amount")) {
                        target.put("amount", target.get("amount").decimalValue().setScale(3).toPlainString());
                    } else {
                        target.put("created", target.get("created").asText() + "T08:30:00Z");
                    }
                }
                case "change" -> {
                    switch (words[2]) {
                        case "secret" -> ((ObjectNode) target.get("profile")).put("api_token", "tok_changed");
                        default -> target.put(words[2], "changed@example.com");
                    }
                }
                default -> throw new IllegalArgumentException(t);
            }
        }
        Collections.shuffle(destination, new Random(7));
        destination.forEach(audit::destination);
    }

    private static ObjectNode record(int i) {
        ObjectNode record = JSON.createObjectNode();
        record.put("external_id", "c-" + i);
        record.put("email", "user" + i + "@example.com");
        record.put("amount", new java.math.BigDecimal(i + ".5"));
        record.put("created", "2026-01-" + String.format("%02d", 1 + i % 28));
        record.put("updated", "2026-02-01T00:00:00Z");
        ObjectNode profile = record.putObject("profile");
        profile.put("name", "User " + i);
        profile.put("api_token", "tok_" + i);
        return record;
    }
}
