package dev.junction.http.internal;

import dev.junction.http.CallContext;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** The chain handed to interceptor {@code index}: proceeding runs interceptor {@code index + 1}. */
public final class RealChain implements Interceptor.Chain {
    private final List<Interceptor> interceptors;
    private final int index;
    private final HttpRequest request;
    private final CallContext context;

    public RealChain(List<Interceptor> interceptors, int index, HttpRequest request, CallContext context) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.context = context;
    }

    /** Runs the whole chain from its first interceptor. */
    public static HttpResponse start(List<Interceptor> interceptors, HttpRequest request, CallContext context) throws IOException {
        return new RealChain(interceptors, -1, request, context).proceed(request, context);
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public CallContext context() {
        return context;
    }

    @Override
    public HttpResponse proceed(HttpRequest next, CallContext nextContext) throws IOException {
        Objects.requireNonNull(next, "request");
        Objects.requireNonNull(nextContext, "context");
        int nextIndex = index + 1;
        if (nextIndex >= interceptors.size()) {
            throw new IllegalStateException("interceptor " + interceptors.get(index) + " called proceed() but it is the last one (the transport)");
        }
        Interceptor interceptor = interceptors.get(nextIndex);
        HttpResponse response = interceptor.intercept(new RealChain(interceptors, nextIndex, next, nextContext));
        if (response == null) {
            throw new IllegalStateException("interceptor " + interceptor + " returned null instead of a response");
        }
        return response;
    }
}
