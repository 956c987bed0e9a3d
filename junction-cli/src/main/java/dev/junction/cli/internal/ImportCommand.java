package dev.junction.cli.internal;

import dev.junction.importer.ConnectorImporter;
import dev.junction.importer.ImportException;
import dev.junction.importer.ImportedConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code junction import openapi|postman|graphql|airbyte}: writes a connector YAML from an API description. The work
 * is the engine's {@link ConnectorImporter}; this parses options, writes the files and prints what
 * was decided. Exit 0 written, 2 not a description (or an output file that exists), 1 a URL that
 * could not be fetched or a file that could not be written.
 */
@Command(name = "import", description = "Writes a connector YAML from an API description (OpenAPI, Swagger, Postman, GraphQL introspection, Airbyte manifest).",
        subcommands = {ImportCommand.OpenApiCommand.class, ImportCommand.PostmanCommand.class, ImportCommand.GraphQlCommand.class,
            ImportCommand.AirbyteCommand.class})
public final class ImportCommand extends CommandGroup {

    @Command(name = "openapi", description = {
        "Writes a connector from an OpenAPI 3.0/3.1 or Swagger 2.0 description (a file or an http(s) URL): streams for list",
        "endpoints with their paging, actions for writes, auth from the security scheme. What was guessed and what needs a",
        "human are comments at the top of the YAML. See docs/import.md."})
    public static final class OpenApiCommand extends Base {
        @Parameters(index = "0", paramLabel = "SPEC", description = "The description: a YAML or JSON file, or an http(s) URL.")
        String spec;

        OpenApiCommand(Console console, Map<String, String> env) {
            super(console);
        }

        @Override
        public Integer call() {
            return write(spec, ConnectorImporter::openApi);
        }
    }

    @Command(name = "postman", description = {
        "Writes a connector from a Postman collection (v2.1 export; a file or an http(s) URL): the shape of each answer comes",
        "from the requests' saved example responses. See docs/import.md."})
    public static final class PostmanCommand extends Base {
        @Parameters(index = "0", paramLabel = "COLLECTION", description = "The collection: a JSON file, or an http(s) URL.")
        String collection;

        PostmanCommand(Console console, Map<String, String> env) {
            super(console);
        }

        @Override
        public Integer call() {
            return write(collection, ConnectorImporter::postman);
        }
    }

    @Command(name = "graphql", description = {
        "Writes a connector from a GraphQL schema's introspection result (a JSON file or an http(s) URL ending in .json), or",
        "from a GraphQL endpoint's URL, which is sent the standard introspection query: streams for query fields that return",
        "lists, with Relay, offset or page paging, and actions for mutations. See docs/import.md."})
    public static final class GraphQlCommand extends Base {
        @Parameters(index = "0", paramLabel = "INTROSPECTION", description = "The introspection result (a JSON file or URL), or the GraphQL endpoint's URL.")
        String introspection;

        GraphQlCommand(Console console, Map<String, String> env) {
            super(console);
        }

        @Override
        public Integer call() {
            return write(introspection, ConnectorImporter::graphQl);
        }
    }

    @Command(name = "airbyte", description = {
        "Writes a connector from an Airbyte low-code connector manifest (manifest.yaml, type: DeclarativeSource; a file or an",
        "http(s) URL): the spec's fields, streams with their requests, records, keys, paging, incremental reads and sub-streams,",
        "and the auth. What has no Junction form is listed at the top of the YAML. See docs/import.md."})
    public static final class AirbyteCommand extends Base {
        @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest: a YAML file, or an http(s) URL.")
        String manifest;

        AirbyteCommand(Console console, Map<String, String> env) {
            super(console);
        }

        @Override
        public Integer call() {
            return write(manifest, ConnectorImporter::airbyte);
        }
    }

    abstract static class Base implements Callable<Integer> {
        private final Console console;

        @Option(names = "--name", paramLabel = "N", description = "The connector's name (default: from the description's title).")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the connector here (default: print it).")
        Path out;

        @Option(names = "--connection", paramLabel = "FILE",
                description = "Also write a connection of the connector that takes every value from an environment variable.")
        Path connection;

        @Option(names = "--force", description = "Replace --out and --connection files that exist.")
        boolean force;

        @Option(names = "--no-color", description = "Plain output.")
        boolean noColor;

        Base(Console console) {
            this.console = console;
        }

        interface Importer {
            ImportedConnector run(ConnectorImporter importer, String location, String name);
        }

        int write(String location, Importer how) {
            if (noColor) {
                console.noColor();
            }
            for (Path file : new Path[] {out, connection}) {
                if (file != null && Files.exists(file) && !force) {
                    console.err().println(console.red("junction: ") + file + " exists; add --force to replace it");
                    console.err().flush();
                    return 2;
                }
            }
            ImportedConnector imported;
            try {
                imported = how.run(new ConnectorImporter(), location, name);
            } catch (ImportException e) {
                console.err().println(console.red("junction: ") + e.getMessage());
                console.err().flush();
                return e.unreachable() ? 1 : 2;
            }
            try {
                if (out == null) {
                    console.out().print(imported.yaml());
                } else {
                    Files.writeString(out, imported.yaml());
                }
                if (connection != null) {
                    Files.writeString(connection, imported.connection());
                }
            } catch (IOException e) {
                console.err().println(console.red("junction: ") + "cannot write " + e.getMessage());
                console.err().flush();
                return 1;
            }
            // the summary goes to stderr when the YAML itself went to stdout, so it can be piped
            var summary = out == null ? console.err() : console.out();
            summary.println(console.green("imported: ") + "connector '" + imported.name() + "', " + imported.streams().size() + " stream(s) "
                    + imported.streams() + ", " + imported.actions().size() + " action(s)" + (out == null ? "" : " -> " + out)
                    + (connection == null ? "" : "; connection -> " + connection));
            summary.println("  " + imported.guessed().size() + " guess(es) to check and " + imported.needsHuman().size()
                    + " thing(s) that need a human are listed at the top of the YAML; check it with: junction validate");
            summary.flush();
            console.out().flush();
            return 0;
        }
    }
}
