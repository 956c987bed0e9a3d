package dev.junction.http;

import dev.junction.JunctionException;

/**
 * A call to an external API failed; {@link #error()} says how, in normalized form. Thrown by
 * {@link HttpPipeline#execute} for every non-2xx outcome and by the connector runtime when a
 * response cannot be used (not JSON, records not an array, pagination that would never end).
 */
public class ApiException extends JunctionException {
    private final ApiError error;

    public ApiException(ApiError error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    public ApiException(ApiError error) {
        this(error, null);
    }

    public ApiError error() {
        return error;
    }

    public ApiError.Category category() {
        return error.category();
    }

    /** The HTTP status of the last response, 0 when none arrived. */
    public int status() {
        return error.status();
    }
}
