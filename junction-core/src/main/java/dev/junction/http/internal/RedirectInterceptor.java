package dev.junction.http.internal;

import dev.junction.http.EgressRefusedException;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Follows redirects in the pipeline rather than inside the JDK client (which never follows them), so
 * every hop passes the exchange log and the transport's address policy like any request. Sits right
 * before the exchange log: each hop is logged as an exchange of its own.
 *
 * <p>Rules, one per status, as browsers follow them:
 * <ul>
 *   <li>303 See Other: the next hop is a GET without a body (HEAD stays HEAD).</li>
 *   <li>301 and 302: a POST becomes a GET without a body; other methods are kept with their body.</li>
 *   <li>307 and 308: method and body are kept.</li>
 *   <li>A hop to another origin (scheme, host or port) drops {@code Authorization},
 *       {@code Proxy-Authorization}, {@code Cookie} and every header that carries a secret or has a
 *       secret-looking name: credentials stay with the origin they were meant for.</li>
 *   <li>From https to http is refused: it would send the request in clear text.</li>
 *   <li>More than {@code maxRedirects} hops fail the call; a 3xx without a Location is the answer.</li>
 * </ul>
 */
public final class RedirectInterceptor implements Interceptor {
    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "proxy-authorization", "cookie");

    private final int maxRedirects;
    private final Redactor redactor;

    public RedirectInterceptor(int maxRedirects, Redactor redactor) {
        this.maxRedirects = maxRedirects;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        HttpResponse response = chain.proceed(request);
        for (int hops = 0; isRedirect(response.status()) && response.header("Location") != null; hops++) {
            if (hops >= maxRedirects) {
                throw new EgressRefusedException("too_many_redirects", summary(chain.request()) + " was redirected more than " + maxRedirects
                        + " times (the last hop to " + summary(request) + "); egress.maxRedirects in the server config sets the limit", summary(chain.request()));
            }
            request = next(request, response);
            response = chain.proceed(request);
        }
        return response;
    }

    private HttpRequest next(HttpRequest from, HttpResponse response) {
        URI target = target(from, response.header("Location"));
        if ("https".equalsIgnoreCase(from.uri().getScheme()) && "http".equalsIgnoreCase(target.getScheme())) {
            throw new EgressRefusedException("insecure_redirect", summary(from) + " was redirected from https to " + redactor.url(target)
                    + ", which is plain http; the redirect is not followed", summary(from));
        }
        HttpRequest next = from.withUri(target);
        int status = response.status();
        boolean toGet = status == 303 ? !from.method().equals("HEAD") : (status == 301 || status == 302) && from.method().equals("POST");
        if (toGet) {
            next = next.withMethod("GET").withBody(null).withoutHeader("Content-Type").withoutHeader("Content-Encoding");
        }
        if (!Urls.sameOrigin(from.uri(), target)) {
            for (String name : List.copyOf(next.headers().keySet())) {
                String lower = name.toLowerCase(Locale.ROOT);
                boolean carriesSecret = next.headers().get(name).stream().anyMatch(value -> !Objects.equals(redactor.text(value), value));
                if (CREDENTIAL_HEADERS.contains(lower) || redactor.isSecret(lower) || carriesSecret) {
                    next = next.withoutHeader(name);
                }
            }
        }
        return next;
    }

    private URI target(HttpRequest from, String location) {
        try {
            URI resolved = from.uri().resolve(new URI(location.strip()));
            HttpRequest.of("GET", resolved); // checks that it is an absolute http(s) URL
            return resolved;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new EgressRefusedException("bad_redirect", summary(from) + " was redirected to a Location that is not an http(s) URL ("
                    + redactor.text(location) + "); the redirect is not followed", summary(from));
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private String summary(HttpRequest request) {
        return request.method() + " " + redactor.url(request.uri());
    }

    @Override
    public String toString() {
        return "redirects";
    }
}
