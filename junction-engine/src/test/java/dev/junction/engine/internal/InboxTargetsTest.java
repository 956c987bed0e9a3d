package dev.junction.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTargetsTest {
    private final List<String> handed = new ArrayList<>();
    private final InboxTargets targets = new InboxTargets(processor("flows"), processor("syncs"));

    private InboxWorkers.Processor processor(String name) {
        return (target, tenant, events, outcomes) -> {
            handed.add(name + " <- " + target + "/" + tenant);
            return InboxWorkers.Result.ALL_FINISHED;
        };
    }

    @Test
    void aFlowsTargetGoesToTheFlowsAndEveryOtherToTheSyncs() {
        targets.process("flow:onboard", "acme", List.of(), null);
        targets.process("crm-contacts", "acme", List.of(), null);
        targets.process("flows-are-not-a-prefix", null, List.of(), null);
        targets.process(null, null, List.of(), null);
        assertThat(handed).containsExactly("flows <- flow:onboard/acme", "syncs <- crm-contacts/acme", "syncs <- flows-are-not-a-prefix/null",
                "syncs <- null/null");
    }
}
