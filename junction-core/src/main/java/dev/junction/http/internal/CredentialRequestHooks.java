package dev.junction.http.internal;

import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.Hook;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Runs the connector's hooks on the requests that obtain credentials (OAuth 2.0 token requests,
 * session logins) without showing them a credential. First in those requests' short chain.
 *
 * <ul>
 *   <li>A request hook sees the method, URL, query and headers, but neither the body (it holds the
 *       client secret, password, refresh token or assertion) nor {@code Authorization} (client
 *       authentication). What it returns may change headers and query parameters; the body and
 *       {@code Authorization} are put back as they were, and a changed method, scheme, host, port
 *       or path fails the request, so a hook cannot send credentials elsewhere.</li>
 *   <li>A response hook sees the status and headers, not the body (it holds the tokens); it may
 *       change the status and headers, and the body is kept.</li>
 * </ul>
 */
public final class CredentialRequestHooks implements Interceptor {
    private final List<Hook> hooks;

    public CredentialRequestHooks(List<Hook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest real = chain.request();
        if (hooks.isEmpty()) {
            return chain.proceed(real);
        }
        CallContext context = chain.context();
        HttpRequest view = real.withoutHeader("Authorization").withBody(null);
        for (Hook hook : hooks) {
            view = hook.beforeRequest(view, context);
        }
        HttpResponse response = chain.proceed(merge(real, view));
        HttpResponse seen = new HttpResponse(response.status(), response.headers(), new byte[0]);
        for (int i = hooks.size() - 1; i >= 0; i--) {
            seen = hooks.get(i).afterResponse(seen, context);
        }
        return new HttpResponse(seen.status(), seen.headers(), response.body());
    }

    /** The hook's headers and query on the real request's method, target, body and client authentication. */
    private static HttpRequest merge(HttpRequest real, HttpRequest changed) {
        if (!changed.method().equals(real.method()) || !sameTarget(real.uri(), changed.uri())) {
            throw new ApiException(new ApiError(ApiError.Category.PERMANENT, 0, "hook_failed", "a hook changed the credential request "
                    + real.method() + " " + withoutQuery(real.uri()) + " to " + changed.method() + " " + withoutQuery(changed.uri())
                    + "; hooks may change the headers and query of token and login requests, not where they go", null, false,
                    real.method() + " " + withoutQuery(real.uri())));
        }
        HttpRequest merged = changed.withBody(real.body());
        String authorization = real.header("Authorization");
        return authorization == null ? merged : merged.withHeader("Authorization", authorization);
    }

    private static boolean sameTarget(URI a, URI b) {
        return withoutQuery(a).equals(withoutQuery(b));
    }

    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public String toString() {
        return "credential request hooks";
    }
}
