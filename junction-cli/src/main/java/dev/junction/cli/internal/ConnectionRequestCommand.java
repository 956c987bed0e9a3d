package dev.junction.cli.internal;

import dev.junction.engine.ConnectionRequests;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code junction connections request NAME METHOD PATH}: a request written on the command line, sent
 * through the connection's pipeline (as {@code POST /api/v1/connections/{connection}/request} does),
 * the API's body printed as it came. Parses, calls {@link ConnectionRequests#send}, prints.
 */
@Command(name = "request", description = {
    "Sends a request through a connection, as curl would with the connection's credentials: its auth (refreshed as needed; never shown),",
    "rate budget, retries (POST and PATCH only when they cannot have reached the API) and exchange log (secrets hidden). PATH is below",
    "the connector's base URL (/v1/contacts/42, percent-encoded). Prints the API's body; exit code 0 for a 2xx or 3xx answer, 1 for any other."})
public final class ConnectionRequestCommand extends ConnectionsCommand.Sub {

    @Parameters(index = "0", paramLabel = "NAME", description = "The connection.")
    String name;

    @Parameters(index = "1", paramLabel = "METHOD", description = "GET, POST, PUT, PATCH, DELETE or HEAD.")
    String method;

    @Parameters(index = "2", paramLabel = "PATH", description = "Below the connector's base URL, starting with /; the query goes in --query.")
    String path;

    @Option(names = "--query", paramLabel = "NAME=VALUE", description = "A query parameter (repeatable; encoded for you).")
    List<String> query = List.of();

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "A request header (repeatable). Credentials are the connection's: Authorization and Cookie are refused.")
    List<String> headers = List.of();

    @Option(names = "--data", paramLabel = "TEXT|@FILE", description = {"The body: TEXT, or the bytes of FILE. Content-Type is application/json when it",
        "is JSON, else text/plain, unless --header gives one."})
    String data;

    @Option(names = {"-i", "--include"}, description = "Print the status line and the answer's headers before the body.")
    boolean include;

    ConnectionRequestCommand(Console console, Map<String, String> env) {
        super(console, env);
    }

    @Override
    int run(Engine engine) throws Exception {
        Map<String, String> params = pairs(query, "=", "--query", "NAME=VALUE");
        Map<String, String> sent = pairs(headers, ":", "--header", "'NAME: VALUE'");
        byte[] body = body();
        ConnectionRequests.Answer answer = engine.requests().send(name, null, new ConnectionRequests.Request(method, path, params, sent, body));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", answer.status());
            out.put("headers", answer.headers());
            out.put("body", new String(answer.body(), StandardCharsets.UTF_8));
            out.put("logId", answer.logId());
            printJson(out);
        } else {
            if (include) {
                console.out().println("HTTP " + answer.status());
                answer.headers().forEach((header, values) -> values.forEach(v -> console.out().println(header + ": " + v)));
                console.out().println();
            }
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            console.out().print(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                console.out().println();
            }
        }
        boolean ok = answer.status() >= 200 && answer.status() < 400;
        if (!ok) {
            console.err().println("junction: " + method.toUpperCase(java.util.Locale.ROOT) + " " + path + " through connection " + name + " answered HTTP "
                    + answer.status() + " (its exchanges: junction exchanges --run " + answer.logId() + ")");
            console.err().flush();
        }
        return ok ? 0 : 1;
    }

    private byte[] body() throws IOException {
        if (data == null) {
            return null;
        }
        if (data.startsWith("@")) {
            Path file = Path.of(data.substring(1));
            if (!Files.isRegularFile(file)) {
                throw new EngineException.Invalid("--data " + data + ": no such file");
            }
            return Files.readAllBytes(file);
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code NAME=VALUE} (or {@code NAME: VALUE}) pairs in order; one without the separator is refused, naming the option. */
    private static Map<String, String> pairs(List<String> given, String separator, String option, String expected) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : given) {
            int at = pair.indexOf(separator);
            if (at <= 0) {
                throw new EngineException.Invalid(option + " '" + pair + "': expected " + expected);
            }
            out.put(pair.substring(0, at).strip(), pair.substring(at + 1).strip());
        }
        return out;
    }
}
