package dev.junction.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One thing wrong with a request, as an entry of a problem's {@code errors[]}: where (the file of a
 * definition, its line and column, and the JSON path inside the body or document) and what.
 * Every field but {@code message} may be absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemError(String file, Integer line, Integer column, String path, String message) {
    public ProblemError {
        Objects.requireNonNull(message, "message");
    }

    public static ProblemError at(String path, String message) {
        return new ProblemError(null, null, null, path, message);
    }
}
