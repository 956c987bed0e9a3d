package dev.junction.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.engine.EngineException;
import dev.junction.http.EgressPolicy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionInputTest {
    private final SubscriptionInput input = new SubscriptionInput(EgressPolicy.DEFAULT);

    @Test
    void anHttpsUrlWithAHostIsKeptAsGiven() {
        assertThat(input.url("https://hooks.example.com/in?x=1", null)).isEqualTo("https://hooks.example.com/in?x=1");
    }

    @Test
    void aUrlWithUserInfoOrAFragmentOrTooLongIsRefusedNamingTheField() {
        assertThatThrownBy(() -> input.url("https://me:pw@example.com/hooks", null)).isInstanceOf(EngineException.Invalid.class)
                .hasMessage("url: 'https://me:pw@example.com/hooks' must be an http or https URL with a host and no user info or fragment,"
                        + " such as https://example.com/hooks");
        assertThatThrownBy(() -> input.url("https://example.com/" + "x".repeat(2000), null))
                .hasMessage("url: expected an http or https URL of at most 2000 characters, such as https://example.com/hooks");
        assertThatThrownBy(() -> input.url("https://exa mple.com", null)).hasMessageStartingWith("url: 'https://exa mple.com' is not a URL (");
    }

    @Test
    void aLoopbackLiteralIsRefusedForATenantButNotForTheOperator() {
        assertThat(input.url("http://127.0.0.1:8080/hooks", null)).isEqualTo("http://127.0.0.1:8080/hooks");
        assertThatThrownBy(() -> input.url("http://127.0.0.1:8080/hooks", "acme"))
                .hasMessageStartingWith("url: 'http://127.0.0.1:8080/hooks' is refused: 127.0.0.1 is a loopback address;");
    }

    @Test
    void eventTypesArePatternsThatMatchATypeKeptInOrderWithoutRepeats() {
        assertThat(SubscriptionInput.eventTypes(List.of("run.*", "*", "run.*"))).containsExactly("run.*", "*");
        assertThatThrownBy(() -> SubscriptionInput.eventTypes(List.of())).hasMessageStartingWith("eventTypes: expected 1 to 50 event types or patterns");
        assertThatThrownBy(() -> SubscriptionInput.eventTypes(Arrays.asList("run.*", null)))
                .hasMessageStartingWith("eventTypes: 'null' matches no event type;");
        assertThatThrownBy(() -> SubscriptionInput.eventTypes(List.of("Run.Failed"))).hasMessageStartingWith("eventTypes: 'Run.Failed' matches no event type;");
    }

    @Test
    void aDescriptionIsShortAndWithoutControlCharacters() {
        assertThat(SubscriptionInput.description(null)).isNull();
        assertThat(SubscriptionInput.description("CRM sync alerts")).isEqualTo("CRM sync alerts");
        assertThatThrownBy(() -> SubscriptionInput.description("line\nbreak"))
                .hasMessage("description: expected at most 500 characters without control characters");
        assertThatThrownBy(() -> SubscriptionInput.description("x".repeat(501))).isInstanceOf(EngineException.Invalid.class);
    }
}
