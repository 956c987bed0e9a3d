package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The event type patterns a sync subscribes with ({@code on: { webhook: { events: [...] } }}). */
class SyncSpecWebhookTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "*, contact.created, true",
        "*, '', true",
        "contact.*, contact.created, true",
        "contact.*, contact., true",
        "contact.*, company.created, false",
        "contact.*, contact, false",
        "contact.created, contact.created, true",
        "contact.created, contact.createdx, false",
        "contact.?reated, contact.created, true",
        "contact.?reated, contact.reated, false",
        "*.deleted, deal.deleted, true",
        "*.deleted, deal.deleted.now, false",
        "*.*.*, a.b.c, true",
        "a*b*c, aXbYc, true",
        "a*b*c, aXbY, false",
        "a*b*c, abcbc, true",
        "**, x, true",
        "'', '', true",
        "'', x, false",
        "contact.[x], contact.[x], true",
        "contact.(x|y), contact.x, false",
    })
    void matchesWholeTypesWithStarAndQuestionMark(String pattern, String type, boolean expected) {
        assertThat(SyncSpec.Webhook.glob(pattern, type)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"contact.created, true", "deal.won, true", "deal.lost, false"})
    void aSubscriptionMatchesWhenAnyOfItsPatternsDoes(String type, boolean expected) {
        SyncSpec.Webhook webhook = new SyncSpec.Webhook(null, List.of("contact.*", "deal.won"));

        assertThat(webhook.matches(type)).isEqualTo(expected);
        assertThat(webhook.matches(null)).isFalse();
    }
}
