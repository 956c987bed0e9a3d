package dev.junction.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * A browser's way through redirects, for tests that walk a connect or sign-in flow with a JDK
 * {@link HttpClient} (cookies in the client's own handler). Junction's JVMs cap the JDK client at
 * one attempt per send ({@code jdk.httpclient.redirects.retrylimit=1}, so that its hidden retries
 * never bypass the exchange log), and that cap stops the client's own redirect following too; this
 * follows them instead, hop by hop, as browsers do: 301, 302 and 303 become a GET, 307 and 308 send
 * the same request again.
 */
public final class Browser {
    /** As many hops as the JDK client follows by default. */
    public static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> TO_GET = Set.of(301, 302, 303);
    private static final Set<Integer> SAME = Set.of(307, 308);

    private Browser() {}

    /**
     * Sends {@code request} with {@code client} (which must not follow redirects itself) and follows
     * the answers' {@code Location}s; the answer returned is the last one, its {@code uri()} where it
     * landed.
     */
    public static HttpResponse<String> follow(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the client follows redirects itself; build it with HttpClient.Redirect.NEVER");
        }
        HttpRequest next = request;
        for (int hop = 0; ; hop++) {
            HttpResponse<String> response = client.send(next, HttpResponse.BodyHandlers.ofString());
            String location = response.headers().firstValue("Location").orElse(null);
            int status = response.statusCode();
            if (location == null || !(TO_GET.contains(status) || SAME.contains(status))) {
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                throw new IOException(request.method() + " " + request.uri() + ": more than " + MAX_REDIRECTS + " redirects");
            }
            URI target = response.uri().resolve(location);
            HttpRequest.Builder builder = HttpRequest.newBuilder(target);
            next.timeout().ifPresent(builder::timeout);
            if (SAME.contains(status)) {
                builder.method(next.method(), next.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
                next.headers().map().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
            } else {
                builder.GET();
            }
            next = builder.build();
        }
    }
}
