package dev.junction.server.console;

import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.Guard;
import dev.junction.server.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's static files, from the classpath: its stylesheet and htmx (from the htmx webjar, so no
 * JavaScript build step). Only the files named here are served; they hold no data, so they are public
 * and cacheable.
 */
public final class ConsoleAssets implements ApiModule {
    private static final String HTMX = "META-INF/resources/webjars/htmx.org/" + webjarVersion("htmx.org") + "/dist/htmx.min.js";
    private static final Map<String, Asset> FILES = Map.of(
            "console.css", new Asset("dev/junction/server/console/console.css", "text/css; charset=utf-8"),
            "htmx.min.js", new Asset(HTMX, "text/javascript; charset=utf-8"));

    private record Asset(String resource, String contentType) {}

    @Override
    public void register(Routes routes) {
        routes.get("/console/assets/{file}", Guard.consolePublic())
                .operation("console.asset", "console", "The console's stylesheet and scripts")
                .response(200, "The file")
                .handle(ctx -> {
                    Asset asset = FILES.get(ctx.pathParam("file"));
                    byte[] bytes = asset == null ? null : read(asset.resource());
                    if (bytes == null) {
                        throw new ApiProblem.NotFound("The console has no file '" + ctx.pathParam("file") + "'.");
                    }
                    ConsoleHeaders.apply(ctx, true);
                    ctx.contentType(asset.contentType()).result(bytes);
                });
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the console file " + resource, e);
        }
    }

    /** The version of an npm webjar on the classpath, from its Maven properties. */
    static String webjarVersion(String artifact) {
        String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " webjar is not on the classpath (" + path + " missing)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }
}
