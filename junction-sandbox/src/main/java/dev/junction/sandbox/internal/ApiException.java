package dev.junction.sandbox.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answer: status, JSON body and extra headers. Thrown by handlers, rendered by the server. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;
    private final Map<String, String> headers;

    public ApiException(int status, Map<String, Object> body, Map<String, String> headers) {
        super(status + " " + body.get("error"), null, false, false);
        this.status = status;
        this.body = new LinkedHashMap<>(body);
        this.headers = new LinkedHashMap<>(headers);
    }

    public static ApiException of(int status, String error, String message) {
        return new ApiException(status, Json.obj("error", error, "message", message), Map.of());
    }

    public static ApiException badRequest(String error, String message) {
        return of(400, error, message);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
