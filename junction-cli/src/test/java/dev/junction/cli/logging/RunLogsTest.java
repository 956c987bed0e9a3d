package dev.junction.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.DemoEngine;
import dev.junction.engine.Runs;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A run's log lines, captured from Logback while a real run of the demo sync moves records between the
 * sandbox's CRM and Helpdesk: every line of the run, on its own thread and on its writer threads,
 * carries its id, sync and connections (MDC); the JSON format writes one parseable object per line
 * with those tags; no secret value appears in either format.
 */
class RunLogsTest {
    private static final String SYNC = DemoEngine.SYNC;
    private final ObjectMapper json = new ObjectMapper();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level before;

    @TempDir
    Path dataDir;

    @BeforeEach
    void capture() {
        Logger junction = context.getLogger("dev.junction");
        before = junction.getLevel();
        junction.setLevel(Level.DEBUG);
        captured.setContext(context);
        captured.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
    }

    @AfterEach
    void release() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        context.getLogger("dev.junction").setLevel(before);
    }

    @Test
    void everyLineOfARunOnEveryThreadCarriesItsTagsAndNoSecret() throws IOException {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(250).withCrmRateLimit(0)); Engine engine = DemoEngine.open(dataDir, sandbox, config -> config)) {
            RunRecord run = engine.runs().run(engine.definitions().applied(), new Runs.Request(SYNC, null, "test", false), RunListener.NONE).run();
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);

            List<ILoggingEvent> ofTheRun = captured.list.stream().filter(e -> e.getLoggerName().startsWith("dev.junction.sync")).toList();
            assertThat(ofTheRun).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.startsWith("Run " + run.id() + " of sync '" + SYNC + "' started"))
                    .anyMatch(m -> m.startsWith("Run " + run.id() + " ended succeeded"))
                    .anyMatch(m -> m.startsWith("Wrote a batch of"));
            assertThat(ofTheRun).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                    .containsEntry("runId", run.id()).containsEntry("sync", SYNC).containsEntry("connection", "crm").containsEntry("destination", "helpdesk"));
            Set<String> threads = ofTheRun.stream().map(ILoggingEvent::getThreadName).collect(Collectors.toSet());
            assertThat(ofTheRun.stream().filter(e -> e.getFormattedMessage().startsWith("Wrote a batch")).map(ILoggingEvent::getThreadName))
                    .as("writer threads carry the tags too").anyMatch(t -> !t.equals(Thread.currentThread().getName()));
            assertThat(threads).hasSizeGreaterThan(1);
            assertThat(MDC.getCopyOfContextMap()).as("the tags are cleared after the run").isNullOrEmpty();

            RedactingJsonEncoder encoder = jsonEncoder();
            for (ILoggingEvent event : captured.list) {
                String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
                assertThat(line).endsWith("\n").doesNotContain(sandbox.crm().token()).doesNotContain(sandbox.helpdesk().apiKey());
                JsonNode parsed = json.readTree(line);
                assertThat(parsed.path("level").asText()).isNotEmpty();
                assertThat(parsed.has("formattedMessage")).isTrue();
                if (ofTheRun.contains(event)) {
                    assertThat(parsed.path("mdc").path("runId").asText()).isEqualTo(run.id());
                    assertThat(parsed.path("mdc").path("sync").asText()).isEqualTo(SYNC);
                }
            }
        }
    }

    @Test
    void secretsInAMessageAreRedactedInTextAndJson() throws IOException {
        org.slf4j.Logger log = LoggerFactory.getLogger("dev.junction.test");
        log.warn("token refused: token={} Authorization: Bearer {} {\"client_secret\":\"{}\"} url https://x.test/a?api_key={}&page=2 sync=contacts",
                "tok-1234-abcd", "bearer-5678-efgh", "cs-9999-zzzz", "key-4321-dcba");
        ILoggingEvent event = captured.list.getLast();

        PatternLayout text = new PatternLayout();
        text.setContext(context);
        text.getInstanceConverterMap().put("redactedMsg", RedactedMessageConverter::new);
        text.setPattern("%level: %redactedMsg");
        text.start();
        String textLine = text.doLayout(event);
        String jsonLine = new String(jsonEncoder().encode(event), StandardCharsets.UTF_8);

        for (String line : List.of(textLine, jsonLine)) {
            assertThat(line).doesNotContain("tok-1234-abcd", "bearer-5678-efgh", "cs-9999-zzzz", "key-4321-dcba")
                    .contains("[redacted]").contains("sync=contacts").contains("page=2");
        }
        assertThat(textLine).isEqualTo("WARN: token refused: token=[redacted] Authorization: Bearer [redacted] {\"client_secret\":\"[redacted]\"}"
                + " url https://x.test/a?api_key=[redacted]&page=2 sync=contacts");
        assertThat(json.readTree(jsonLine).has("arguments")).as("arguments would show the secrets again").isFalse();
    }

    @Test
    void levelSettingsAreCheckedAndApplied() {
        Level http = context.getLogger("dev.junction.http").getLevel();
        try {
            LogSettings.apply(null, "dev.junction.http=trace, root=warn");
            assertThat(context.getLogger("dev.junction.http").getLevel()).isEqualTo(Level.TRACE);
        } finally {
            context.getLogger("dev.junction.http").setLevel(http);
        }
        assertThatThrownBy(() -> LogSettings.apply(null, "dev.junction.http=loud,com.zaxxer"))
                .hasMessage("JUNCTION_LOG_LEVEL: expected logger=level pairs separated by commas (levels: trace, debug, info, warn, error, off),"
                        + " like dev.junction.http=debug,com.zaxxer=warn; could not read 'dev.junction.http=loud', 'com.zaxxer'");
        assertThatThrownBy(() -> LogSettings.apply("xml", null)).hasMessage("JUNCTION_LOG_FORMAT: expected text or json, got 'xml'");
    }

    private RedactingJsonEncoder jsonEncoder() {
        RedactingJsonEncoder encoder = new RedactingJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
