package dev.junction.connector;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the auth tests against WireMock share: the server (on 127.0.0.1, reset after each test), a fake clock starting at
 * {@link #START}, the exchanges logged, and a client of a connector text for connection {@code conn}.
 */
abstract class WireMockAuthFixture {
    static final Instant START = Instant.parse("2026-03-01T09:30:00Z");

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    final FakeTime time = new FakeTime(START);
    final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    /**
     * A client of {@code connector} (each {@code %s} in it the server's base URL) for connection {@code conn}, whose secrets are
     * {@code secrets} (each given as {@code ${env:NAME}}) and whose other keys are {@code connectionExtra} (YAML lines, or "").
     */
    ConnectionClient client(String connector, String connectionExtra, Map<String, String> secrets) {
        String text = connector.replace("%s", server.baseUrl());
        String name = text.substring(text.indexOf("name: ") + 6).split("\\s", 2)[0];
        StringBuilder refs = new StringBuilder();
        secrets.keySet().forEach(secret -> refs.append(refs.isEmpty() ? "" : ", ").append(secret).append(": \"${env:").append(secret).append("}\""));
        String connection = "kind: Connection\nname: conn\nconnector: " + name + "\n" + connectionExtra + "\nsecrets: { " + refs + " }\n";
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText(name + ".yaml", text), new SourceText("conn.yaml", connection)));
        assertThat(loaded.problems()).isEmpty();
        return ConnectionClient.create(loaded.connectors().get(name), loaded.connections().get("conn"), new EnvSecretResolver(secrets::get),
                PipelineOptions.builder().exchangeSink(exchanges).clock(time).sleeper(time).build());
    }

    /** Reads the first page of {@code stream}. */
    static void read(ConnectionClient client, String stream) {
        client.readStream(stream, ReadOptions.full(CallContext.of("conn"))).next();
    }
}
