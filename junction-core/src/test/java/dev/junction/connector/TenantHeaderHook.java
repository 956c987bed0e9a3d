package dev.junction.connector;

import dev.junction.http.CallContext;
import dev.junction.http.Hook;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;

/** A Java SPI hook for tests: tells the API which tenant calls, and marks every response it saw. */
public final class TenantHeaderHook implements Hook {

    @Override
    public HttpRequest beforeRequest(HttpRequest request, CallContext context) {
        return request.withHeader("X-Tenant", context.tenant() + "/" + context.connection());
    }

    @Override
    public HttpResponse afterResponse(HttpResponse response, CallContext context) {
        return new HttpResponse(response.status(), response.headers(),
                response.bodyText().replace("\"ok\"", "\"seen-by-java-hook\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
