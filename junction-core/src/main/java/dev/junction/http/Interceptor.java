package dev.junction.http;

import java.io.IOException;

/**
 * One step of the {@link HttpPipeline}: observes, changes, retries or short-circuits a call. Built-in
 * behaviour (auth, rate limit, retry, exchange log, transport) is made of interceptors too.
 *
 * <p>Contract: call {@link Chain#proceed} zero times (answer yourself), once (the usual case) or more
 * than once (retries); return a response of any status. Throw an {@link IOException} for failures the
 * pipeline should classify (network problems); the pipeline turns it into an {@link ApiException}.
 * Runtime exceptions pass through unchanged. An interceptor is shared by every call of a connection,
 * so it must be thread-safe.
 */
@FunctionalInterface
public interface Interceptor {
    HttpResponse intercept(Chain chain) throws IOException;

    /** The rest of the pipeline, as seen by one interceptor for one call. */
    interface Chain {
        HttpRequest request();

        CallContext context();

        /** Hands the (possibly changed) request to the next interceptor. */
        default HttpResponse proceed(HttpRequest request) throws IOException {
            return proceed(request, context());
        }

        /** Same, with a changed context (the retry step uses it to number attempts). */
        HttpResponse proceed(HttpRequest request, CallContext context) throws IOException;
    }
}
