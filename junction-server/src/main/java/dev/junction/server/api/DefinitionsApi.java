package dev.junction.server.api;

import dev.junction.engine.Definitions;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.MediaTypes;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.api.DefinitionBodies.Applied;
import dev.junction.server.api.DefinitionBodies.AppliedDefinition;
import dev.junction.server.api.DefinitionBodies.DefinitionFiles;
import dev.junction.server.api.DefinitionBodies.DefinitionSummary;
import dev.junction.server.api.DefinitionBodies.DefinitionView;
import dev.junction.server.api.DefinitionBodies.Rollback;
import dev.junction.server.api.DefinitionBodies.Validation;
import dev.junction.server.api.DefinitionBodies.VersionSummary;
import dev.junction.server.api.internal.DefinitionTexts;
import dev.junction.server.api.internal.Preconditions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.store.StoredDefinition;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code /api/v1/definitions}: validate and apply YAML (or JSON) bundles as {@code junction apply} does,
 * list what is applied, and read, replace, delete, and roll back one definition by version, with
 * {@code ETag}/{@code If-Match}. Definitions are global and may name every tenant's connections, so
 * only operator tokens reach them: viewers read, editors write.
 */
public final class DefinitionsApi implements ApiModule {
    private static final String BASE = "/api/v1/definitions";
    private static final String ONE = BASE + "/{kind}/{name}";
    private static final List<String> BODY_TYPES = MediaTypes.YAML;
    private static final List<String> ONE_BODY_TYPES = concat(MediaTypes.YAML, "application/json");
    private static final List<String> ANSWER_TYPES = List.of("application/json", MediaTypes.YAML.get(0));
    private final Definitions definitions;

    public DefinitionsApi(Definitions definitions) {
        this.definitions = definitions;
    }

    @Override
    public void register(Routes routes) {
        Guard read = Guard.token(Role.VIEWER, Scope.operator());
        Guard write = Guard.token(Role.EDITOR, Scope.operator());
        Param file = Param.query("file", "The file name problems are reported against and the definitions' origin (YAML bodies; default request.yaml).", String.class);
        Param ifMatch = Param.header("If-Match", "Only if the definition is still at this version: its ETag, like \"3\" (else 412).");

        routes.post(BASE + "/validate", write)
                .operation("definitions.validate", "definitions", "Checks definitions as apply would, without applying them")
                .description("Body: YAML text (application/yaml; several documents separated by ---), or JSON {\"files\":[{\"name\":..,\"text\":..}]}. "
                        + "Checked together with what is applied (a sync may name an applied connection). Needs an editor token, as every POST does.")
                .param(file).body(DefinitionFiles.class).textBody(BODY_TYPES.toArray(String[]::new))
                .response(200, "Whether applying them would succeed, and every problem with file, line, column and YAML path", Validation.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    LoadResult result = definitions.withApplied(DefinitionTexts.texts(request, ctx.queryParam("file"), "request.yaml"), actor(request));
                    ctx.json(new Validation(result.ok(), DefinitionTexts.problems(result)));
                });
        routes.post(BASE, write)
                .operation("definitions.apply", "definitions", "Applies a bundle of definitions: all of them, or none when any has a problem")
                .param(file).body(DefinitionFiles.class).textBody(BODY_TYPES.toArray(String[]::new))
                .response(200, "Each definition of the bundle: new, changed or unchanged, and its version", Applied.class)
                .response(422, "The definitions have problems (errors[] with file, line, column, path); nothing was applied")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    Definitions.ApplyResult result = definitions.apply(DefinitionTexts.texts(request, ctx.queryParam("file"), "request.yaml"), actor(request));
                    if (!result.ok()) {
                        throw DefinitionTexts.unprocessable(result.result(), "nothing was applied");
                    }
                    request.auditDetail("changed", result.applied().stream().filter(a -> a.outcome() != Definitions.Outcome.UNCHANGED)
                            .map(a -> a.kind() + "/" + a.name()).toList());
                    ctx.json(new Applied(result.applied().stream().map(DefinitionsApi::applied).toList(), result.changed()));
                });
        routes.get(BASE, read)
                .operation("definitions.list", "definitions", "Lists the applied definitions (current versions)")
                .param(Param.query("kind", "Only this kind: Connector, Connection or Sync.", String.class))
                .response(200, "The definitions, by kind then name", Schema.arrayOf(DefinitionSummary.class))
                .handle(ctx -> {
                    String kind = ctx.queryParam("kind") == null ? null : DefinitionTexts.kind(ctx.queryParam("kind"));
                    ctx.json(definitions.list().stream().filter(d -> kind == null || d.kind().equals(kind)).map(DefinitionsApi::summary).toList());
                });
        routes.get(BASE + "/export", read)
                .operation("definitions.export", "definitions", "Every applied definition as one YAML text, as junction apply reads it back")
                .response(200, "YAML documents: connectors, connections, then syncs", Schema.of(String.class), MediaTypes.YAML.get(0))
                .handle(ctx -> ctx.contentType(MediaTypes.YAML.get(0)).result(definitions.export()));

        routes.get(ONE, read)
                .operation("definitions.get", "definitions", "Shows one definition's current version; as YAML with Accept: application/yaml")
                .param(Param.header("If-None-Match", "Its ETag from an earlier read: 304 while it is still the current version."))
                .response(200, "The definition with its YAML text; ETag: its version", DefinitionView.class)
                .response(200, "The definition's YAML text alone (export one)", Schema.of(String.class), MediaTypes.YAML.get(0))
                .response(304, "Not modified: still at the version If-None-Match named")
                .response(404, "No such kind, or no such definition applied")
                .handle(ctx -> {
                    StoredDefinition current = definitions.get(DefinitionTexts.kind(ctx.pathParam("kind")), ctx.pathParam("name"));
                    ctx.header("ETag", Preconditions.etag(current.version()));
                    if (Preconditions.notModified(ctx, current.version())) {
                        ctx.status(304);
                        return;
                    }
                    render(ctx, current, true);
                });
        routes.put(ONE, write)
                .operation("definitions.put", "definitions", "Creates or replaces one definition from a body that holds exactly it")
                .description("Body: the definition as YAML (or as JSON) text. If-Match: \"N\" replaces version N only (else 412); If-None-Match: * creates only.")
                .param(Param.query("file", "The definition's origin, shown in problems (default NAME.KIND.yaml).", String.class))
                .param(ifMatch).param(Param.header("If-None-Match", "* to create only: 412 when it exists."))
                .textBody(ONE_BODY_TYPES.toArray(String[]::new))
                .response(200, "Replaced (or unchanged); ETag: its version", AppliedDefinition.class)
                .response(201, "Created; ETag: its version", AppliedDefinition.class)
                .response(404, "No such kind")
                .response(412, "It is not at the version If-Match names, or exists despite If-None-Match: *")
                .response(422, "The definition has problems (errors[] with file, line, column, path); nothing was applied")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    String kind = DefinitionTexts.kind(ctx.pathParam("kind"));
                    String name = ctx.pathParam("name");
                    request.auditObject(kind, name);
                    int expected = Preconditions.expectedVersion(ctx, DefinitionTexts.describe(kind, name), definitions.currentVersion(kind, name));
                    SourceText text = DefinitionTexts.text(request, ctx.queryParam("file"), DefinitionTexts.defaultFile(kind, name));
                    Definitions.ApplyResult result = definitions.applyOne(kind, name, text, expected, actor(request));
                    if (!result.ok()) {
                        throw DefinitionTexts.unprocessable(result.result(), "nothing was applied");
                    }
                    answerApplied(ctx, request, result.applied().getFirst());
                });
        routes.delete(ONE, write)
                .operation("definitions.delete", "definitions", "Deletes one definition (its history stays), unless others refer to it")
                .param(ifMatch)
                .response(204, "Deleted")
                .response(404, "No such kind, or no such definition applied")
                .response(409, "Other definitions refer to it (errors[] lists what they would lack); nothing was deleted")
                .response(412, "It is not at the version If-Match names")
                .handle(ctx -> {
                    String kind = DefinitionTexts.kind(ctx.pathParam("kind"));
                    String name = ctx.pathParam("name");
                    ApiRequest.of(ctx).auditObject(kind, name);
                    StoredDefinition current = definitions.get(kind, name);
                    int expected = Preconditions.expectedVersion(ctx, current.describe(), current.version());
                    LoadResult left = definitions.delete(kind, name, expected);
                    if (!left.ok()) {
                        throw DefinitionTexts.stillReferred(current.describe(), left);
                    }
                    ctx.status(204);
                });
        routes.get(ONE + "/versions", read)
                .operation("definitions.versions", "definitions", "Lists every version ever applied of one definition, newest first")
                .response(200, "Its history (also of a deleted definition)", Schema.arrayOf(VersionSummary.class))
                .response(404, "No such kind, or no version of it was ever applied")
                .handle(ctx -> {
                    String kind = DefinitionTexts.kind(ctx.pathParam("kind"));
                    String name = ctx.pathParam("name");
                    int current = definitions.currentVersion(kind, name);
                    ctx.json(definitions.history(kind, name).stream().map(d -> new VersionSummary(d.version(), d.version() == current, d.appliedAt(),
                            d.appliedBy(), d.checksum(), d.origin())).toList());
                });
        routes.get(ONE + "/versions/{version}", read)
                .operation("definitions.version", "definitions", "Shows one version of a definition; as YAML with Accept: application/yaml")
                .param(Param.path("version", "The version number, 1 or more"))
                .response(200, "That version with its YAML text", DefinitionView.class)
                .response(200, "That version's YAML text alone", Schema.of(String.class), MediaTypes.YAML.get(0))
                .response(404, "No such kind, definition or version")
                .handle(ctx -> {
                    String kind = DefinitionTexts.kind(ctx.pathParam("kind"));
                    String name = ctx.pathParam("name");
                    StoredDefinition version = definitions.version(kind, name, versionNumber(ctx.pathParam("version")));
                    render(ctx, version, version.version() == definitions.currentVersion(kind, name));
                });
        routes.post(ONE + "/rollback", write)
                .operation("definitions.rollback", "definitions", "Applies an earlier version's text again, as a new version")
                .description("Validated together with everything applied now, like any change. If-Match: \"N\" rolls back only while the current version is N.")
                .param(ifMatch).body(Rollback.class)
                .response(200, "The new version; ETag: its version", AppliedDefinition.class)
                .response(404, "No such kind, definition or version")
                .response(412, "It is not at the version If-Match names")
                .response(422, "The old text has problems with what is applied now (errors[]); nothing was applied")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    String kind = DefinitionTexts.kind(ctx.pathParam("kind"));
                    String name = ctx.pathParam("name");
                    request.auditObject(kind, name);
                    int target = request.body(Rollback.class).version();
                    request.auditDetail("toVersion", target);
                    int expected = Preconditions.expectedVersion(ctx, DefinitionTexts.describe(kind, name), definitions.currentVersion(kind, name));
                    Definitions.ApplyResult result = definitions.rollback(kind, name, target, expected, actor(request));
                    if (!result.ok()) {
                        throw DefinitionTexts.unprocessable(result.result(), "nothing was rolled back");
                    }
                    answerApplied(ctx, request, result.applied().getFirst());
                });
    }

    private static void answerApplied(Context ctx, ApiRequest request, Definitions.Applied applied) {
        request.auditDetail("version", applied.version());
        request.auditDetail("outcome", applied.outcome().word());
        ctx.header("ETag", Preconditions.etag(applied.version()));
        if (applied.outcome() == Definitions.Outcome.NEW) {
            String path = BASE + "/" + applied.kind() + "/" + URLEncoder.encode(applied.name(), StandardCharsets.UTF_8).replace("+", "%20");
            ctx.status(201).header("Location", request.location(path).toString());
        }
        ctx.json(applied(applied));
    }

    /** JSON with the text, or the YAML text alone when the client prefers YAML. */
    private static void render(Context ctx, StoredDefinition d, boolean current) {
        if (!MediaTypes.preferred(ctx.header("Accept"), ANSWER_TYPES).equals("application/json")) {
            ctx.contentType(MediaTypes.YAML.get(0)).result(d.source());
            return;
        }
        ctx.json(new DefinitionView(d.kind(), d.name(), d.version(), current, d.appliedAt(), d.appliedBy(), d.checksum(), d.origin(), d.source()));
    }

    private static int versionNumber(String text) {
        if (!text.matches("[1-9][0-9]{0,8}")) {
            throw new ApiProblem.BadRequest("A version is a whole number of 1 or more, like 3; got '" + DefinitionTexts.echo(text) + "'.");
        }
        return Integer.parseInt(text);
    }

    /** Who applies: a tenant-scoped principal's definitions are a tenant's (no secret references, no private addresses). */
    private static Principal actor(ApiRequest request) {
        return request.principal().orElseThrow();
    }

    private static AppliedDefinition applied(Definitions.Applied a) {
        return new AppliedDefinition(a.kind(), a.name(), a.outcome().word(), a.version());
    }

    private static DefinitionSummary summary(StoredDefinition d) {
        return new DefinitionSummary(d.kind(), d.name(), d.version(), d.appliedAt(), d.appliedBy(), d.checksum(), d.origin());
    }

    private static List<String> concat(List<String> list, String more) {
        return Stream.concat(list.stream(), Stream.of(more)).toList();
    }
}
