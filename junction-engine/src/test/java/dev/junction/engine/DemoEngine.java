package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.spec.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An embedded engine with examples/demo applied, its connections pointed at a running sandbox: the
 * demo sync {@value #SYNC} moves the CRM's contacts to the Helpdesk. Shared with the CLI's tests.
 */
public final class DemoEngine {
    public static final Path EXAMPLES = Path.of("..", "examples", "demo");
    public static final String SYNC = "crm-contacts-to-helpdesk";

    private DemoEngine() {}

    /** The variables the demo's connections read, for {@code sandbox}. */
    public static Map<String, String> environment(Sandbox sandbox) {
        Map<String, String> env = new HashMap<>();
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", sandbox.crm().token());
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());
        return env;
    }

    /** An engine in {@code dataDir} with the demo applied, on {@code clock}. */
    public static Engine open(Path dataDir, Sandbox sandbox, java.time.Clock clock) {
        return open(dataDir, sandbox, config -> new EngineConfig(config.store(), config.dataDir(), config.env(), clock, config.queue(),
                config.events(), config.egress(), config.secrets(), config.metrics()));
    }

    /** An engine in {@code dataDir} with the demo applied; {@code config} adjusts the embedded config. */
    public static Engine open(Path dataDir, Sandbox sandbox, UnaryOperator<EngineConfig> config) {
        Map<String, String> env = environment(sandbox);
        Engine engine = Engine.open(config.apply(EngineConfig.embedded(dataDir, env::get)));
        List<SourceText> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.sorted().toList()) {
                texts.add(new SourceText(file.toString(), Files.readString(file)));
            }
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException(e);
        }
        assertThat(engine.definitions().apply(texts).ok()).isTrue();
        return engine;
    }
}
