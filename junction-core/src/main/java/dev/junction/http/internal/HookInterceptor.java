package dev.junction.http.internal;

import dev.junction.http.CallContext;
import dev.junction.http.Hook;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;
import java.util.List;

/**
 * Runs the call's {@linkplain CallContext#hooks() hooks}: each request hook in order, then the rest
 * of the chain, then each response hook in reverse order. First in the chain, before auth.
 */
public final class HookInterceptor implements Interceptor {

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        CallContext context = chain.context();
        List<Hook> hooks = context.hooks();
        if (hooks.isEmpty()) {
            return chain.proceed(chain.request());
        }
        HttpRequest request = chain.request();
        for (Hook hook : hooks) {
            request = hook.beforeRequest(request, context);
        }
        HttpResponse response = chain.proceed(request);
        for (int i = hooks.size() - 1; i >= 0; i--) {
            response = hooks.get(i).afterResponse(response, context);
        }
        return response;
    }

    @Override
    public String toString() {
        return "hooks";
    }
}
