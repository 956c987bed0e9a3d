package dev.junction.server.api.internal;

import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.ProblemError;
import dev.junction.server.api.DefinitionBodies.DefinitionFiles;
import dev.junction.server.api.DefinitionBodies.DefinitionProblem;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecProblem;
import java.util.List;
import java.util.Locale;

/**
 * Definitions as the API reads and reports them: the kinds in paths, request bodies (YAML text or
 * JSON files) to source texts as {@code junction apply} reads files, and problems with file, line,
 * column and YAML path.
 */
public final class DefinitionTexts {
    /** The kinds there are, as written in YAML and in paths. */
    public static final List<String> KINDS = List.of("Connector", "Connection", "Sync", "Flow", "Alert", "AlertChannel");
    private static final int SHOWN_IN_DETAIL = 3;

    private DefinitionTexts() {}

    /** The kind as written in YAML ({@code sync} and {@code SYNC} are {@code Sync}); 404 for a kind there is not. */
    public static String kind(String text) {
        for (String kind : KINDS) {
            if (kind.equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new ApiProblem.NotFound("There is no kind of definition '" + echo(text) + "'; the kinds are " + String.join(", ", KINDS) + ".");
    }

    /** The body as source texts: one YAML text named {@code defaultFile} (or the {@code file} query parameter), or the JSON files. */
    public static List<SourceText> texts(ApiRequest request, String fileParam, String defaultFile) {
        if (request.textBody().isPresent()) {
            return List.of(new SourceText(file(fileParam, defaultFile), request.textBody().get().text()));
        }
        return request.body(DefinitionFiles.class).files().stream().map(f -> new SourceText(f.name(), f.text())).toList();
    }

    /** The one text of a body that holds one definition: YAML (or JSON) text. */
    public static SourceText text(ApiRequest request, String fileParam, String defaultFile) {
        return new SourceText(file(fileParam, defaultFile), request.textBody().orElseThrow().text());
    }

    private static String file(String fileParam, String defaultFile) {
        if (fileParam == null) {
            return defaultFile;
        }
        if (fileParam.isBlank() || fileParam.length() > 200 || fileParam.chars().anyMatch(Character::isISOControl)) {
            throw new ApiProblem.BadRequest("The query parameter 'file' names the file problems are reported against: 1 to 200 characters without control characters.",
                    List.of(ProblemError.at("file", "expected a file name such as crm.yaml")));
        }
        return fileParam;
    }

    public static List<DefinitionProblem> problems(LoadResult result) {
        return result.problems().stream().map(p -> new DefinitionProblem(p.location().file(), positive(p.location().line()), positive(p.location().column()),
                p.path().isEmpty() ? null : p.path(), p.message())).toList();
    }

    /** 422: the definitions have problems, each in {@code errors[]}; nothing was applied. */
    public static ApiProblem unprocessable(LoadResult result, String what) {
        List<SpecProblem> problems = result.problems();
        List<ProblemError> errors = problems(result).stream().map(p -> new ProblemError(p.file(), p.line(), p.column(), p.path(), p.message())).toList();
        String shown = String.join("; ", problems.stream().limit(SHOWN_IN_DETAIL).map(SpecProblem::toString).toList());
        return new ApiProblem.UnprocessableContent("The definitions have " + count(problems.size()) + "; " + what + ": " + shown
                + (problems.size() > SHOWN_IN_DETAIL ? "; and " + (problems.size() - SHOWN_IN_DETAIL) + " more in errors[]" : "") + ".", errors);
    }

    /** 409: other definitions refer to the one to delete; each problem they would have is in {@code errors[]}. */
    public static ApiProblem stillReferred(String what, LoadResult result) {
        List<ProblemError> errors = problems(result).stream().map(p -> new ProblemError(p.file(), p.line(), p.column(), p.path(), p.message())).toList();
        return new ApiProblem.Conflict(what + " cannot be deleted: other definitions refer to it and would have " + count(errors.size())
                + " without it (errors[] says where). Change or delete those first; nothing was deleted.", errors);
    }

    private static String count(int n) {
        return n == 1 ? "1 problem" : n + " problems";
    }

    private static Integer positive(int n) {
        return n > 0 ? n : null;
    }

    /** {@code Sync 'crm-to-erp'}, for messages. */
    public static String describe(String kind, String name) {
        return kind + " '" + echo(name) + "'";
    }

    public static String echo(String text) {
        String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }

    /** {@code crm-to-erp.sync.yaml}: the origin of a definition put through the API without a file name. */
    public static String defaultFile(String kind, String name) {
        return name + "." + kind.toLowerCase(Locale.ROOT) + ".yaml";
    }
}
