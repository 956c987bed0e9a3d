package dev.junction.connector.internal;

import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;

/** {@link ApiException}s for responses that arrived fine but cannot be used. Always PERMANENT. */
final class ApiProblems {
    private ApiProblems() {}

    static ApiException unexpected(HttpPipeline pipeline, HttpRequest request, HttpResponse response, String message) {
        return permanent(pipeline, request, response, "unexpected_response", message, null);
    }

    static ApiException paginationLoop(HttpPipeline pipeline, HttpRequest request, HttpResponse response, String message) {
        return permanent(pipeline, request, response, "pagination_loop", message, null);
    }

    static ApiException permanent(HttpPipeline pipeline, HttpRequest request, HttpResponse response, String code, String message, Throwable cause) {
        String detail = response == null ? null : pipeline.redact(response.bodyText());
        int status = response == null ? 0 : response.status();
        return new ApiException(new ApiError(ApiError.Category.PERMANENT, status, code, message, detail, false, pipeline.describe(request)), cause);
    }
}
