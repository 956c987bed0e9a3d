package dev.junction.connector;

import dev.junction.http.CallContext;
import dev.junction.http.Hook;
import dev.junction.http.HttpResponse;

/** A Java SPI hook for tests that fails on every response. */
public final class BrokenResponseHook implements Hook {

    @Override
    public HttpResponse afterResponse(HttpResponse response, CallContext context) {
        throw new IllegalStateException("cannot read a " + response.status() + " body");
    }
}
