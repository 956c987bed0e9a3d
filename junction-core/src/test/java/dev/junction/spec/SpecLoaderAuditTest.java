package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.audit.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sync's {@code audit:} section: the destination stream and key to compare with, ignored fields and normalizers, checked at load. */
class SpecLoaderAuditTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String audit) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: audited
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                  email: properties.email
                  amount: properties.amount
                """ + audit));
        return loader.loadTexts(texts);
    }

    @Test
    void readsTheStreamIgnoreListAndNormalizersAndKeysByTheDestinationKeyByDefault() {
        LoadResult result = load("audit: { stream: tickets, ignore: [amount], normalize: { email: [lowercase, trim], amount: number } }\n");

        assertThat(result.problems()).isEmpty();
        SyncSpec.Audit audit = result.syncs().get("audited").audit();
        assertThat(audit).isEqualTo(new SyncSpec.Audit("tickets", "external_id", List.of("amount"),
                Map.of("email", List.of(Normalizer.LOWERCASE, Normalizer.TRIM), "amount", List.of(Normalizer.NUMBER))));
    }

    @Test
    void aSyncWithoutAuditHasNone() {
        assertThat(load("").syncs().get("audited").audit()).isNull();
    }

    @Test
    void reportsAStreamTheDestinationsConnectorLacks() {
        assertThat(load("audit: { stream: ticket }\n").problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:9:18 audit.stream: the destination's connector 'helpdesk' has no stream 'ticket'; did you mean 'tickets'?"
                        + " (streams: tickets, agents, events)");
    }

    @Test
    void reportsAnUnknownTargetNormalizerAndKeyWithTheirPlace() {
        LoadResult result = load("""
                audit:
                  stream: tickets
                  key: ext
                  ignore: [emial]
                  normalize: { email: [lowercase, trimm], total: number }
                  schedule: hourly
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "case.yaml:12:12 audit.ignore[0]: 'emial' is not a mapping target; did you mean 'email'? (targets: external_id, email, amount)",
                "case.yaml:13:35 audit.normalize.email: expected a normalizer (lowercase, uppercase, trim, whitespace, number, date, instant, empty) or a list of"
                        + " them, found 'trimm'; did you mean 'trim'?",
                "case.yaml:13:43 audit.normalize.total: 'total' is not a mapping target (targets: external_id, email, amount)",
                "case.yaml:14:3 audit.schedule: unknown key (allowed: stream, key, ignore, normalize, every)");
    }

    @Test
    void aScheduledAuditRunsAtMostEveryMinute() {
        assertThat(load("""
                audit: { stream: tickets, every: 12h }
                """).syncs().get("audited").audit().every()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(load("""
                audit: { stream: tickets, every: 30s }
                """).problems()).extracting(SpecProblem::message).containsExactly("expected at least 1m (an audit reads both sides in full), found '30s'");
    }
}
