package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.engine.EngineException;
import org.junit.jupiter.api.Test;

/** The editor's draft: an accepted suggestion becomes a line under {@code mapping:}, keeping the text's comments and layout. */
class MappingDraftTest {
    static final String SYNC = """
            # contacts to users
            kind: Sync
            name: s
            mapping:
              external_id: id   # the key
              priority:
                from: properties.tier
                values: { gold: 1 }
            batch: { size: 50 }
            """;

    @Test
    void aNewLineGoesAtTheEndOfTheMappingBlockAndCommentsStay() {
        String draft = MappingDraft.accept(SYNC, "email", "properties.email");

        assertThat(draft).contains("# contacts to users", "external_id: id   # the key", "    values: { gold: 1 }\n  email: properties.email\nbatch:");
    }

    @Test
    void aLineOfTheSameTargetIsReplacedWithItsContinuation() {
        String draft = MappingDraft.accept(SYNC, "priority", "properties.rank");

        assertThat(draft).contains("  priority: properties.rank\nbatch:").doesNotContain("from: properties.tier");
        assertThat(MappingDraft.parse(draft).path("mapping").path("external_id").asText()).isEqualTo("id");
    }

    @Test
    void oddNamesAreQuotedAndAFlowStyleMappingIsWrittenAgain() {
        String hostile = MappingDraft.accept(SYNC, "x\"<script>", "a: b # c");
        assertThat(MappingDraft.parse(hostile).path("mapping").path("x\"<script>").asText()).isEqualTo("a: b # c");

        String flow = MappingDraft.accept("kind: Sync\nname: s\nmapping: { id: id }\n", "email", "properties.email");
        assertThat(MappingDraft.parse(flow).path("mapping").path("email").asText()).isEqualTo("properties.email");
        assertThat(MappingDraft.parse(flow).path("mapping").path("id").asText()).isEqualTo("id");

        String none = MappingDraft.accept("kind: Sync\nname: s\n", "email", "properties.email");
        assertThat(none).endsWith("mapping:\n  email: properties.email\n");
    }

    @Test
    void aDraftThatIsNotAYamlMappingIsRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> MappingDraft.accept("- a\n- b\n", "x", "y")).isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("one YAML mapping");
        assertThatThrownBy(() -> MappingDraft.accept("name: [oops", "x", "y")).isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("not valid YAML");
    }
}
