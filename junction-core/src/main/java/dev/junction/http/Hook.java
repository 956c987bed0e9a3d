package dev.junction.http;

/**
 * Code that changes a request before it is sent, or a response before the connector reads it: the
 * Java form of a connector's {@code hooks:}. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.junction.http.Hook} on the class path and name it in YAML
 * ({@code hooks: { java: com.example.MyHook }}); it needs a public no-argument constructor.
 *
 * <p>Hooks run first in the pipeline, before auth: a hook never sees the credentials auth adds
 * (and cannot remove them). A request hook runs once per call, not once per retry; a response
 * hook sees the final response after retries, whatever its status. One instance serves every call
 * of every connection using it, so it must be thread-safe. A runtime exception thrown by a hook
 * fails the call with a PERMANENT {@link ApiException} naming the hook.
 */
public interface Hook {

    /** Returns the request to send (the same one by default). */
    default HttpRequest beforeRequest(HttpRequest request, CallContext context) {
        return request;
    }

    /** Returns the response the connector reads (the same one by default). */
    default HttpResponse afterResponse(HttpResponse response, CallContext context) {
        return response;
    }
}
