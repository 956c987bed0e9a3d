package dev.junction.webhook.internal;

import dev.junction.http.EgressPolicy;
import dev.junction.http.internal.BodyDeadline;
import dev.junction.http.internal.EgressPins;
import dev.junction.spec.DefinitionTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One GET of a URL its caller has already allowed, within the process's {@link EgressPolicy}: the
 * addresses the host resolves to are judged (never metadata, link-local or multicast) and pinned
 * while the request is in flight; no redirect is followed (the client's to keep off); the whole
 * call takes at most its timeout, and at most {@link #MAX_BYTES} are read.
 */
public final class BoundedGet {
    /** The largest answer read: a certificate is a few KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    /** Closes a body still trickling when its call's time is up (one daemon thread for every fetcher of the process). */
    private final HttpClient client;
    private final EgressPolicy egress;
    private final Duration timeout;

    public BoundedGet(HttpClient client, EgressPolicy egress, Duration timeout) {
        this.client = client;
        this.egress = egress;
        this.timeout = timeout;
    }

    /**
     * The body of a 2xx answer to a GET of {@code url}.
     *
     * @throws IOException when the host is refused by the egress policy, the call fails or times
     *     out, or the answer is not a 2xx or is larger than {@link #MAX_BYTES}
     */
    public byte[] get(URI url) throws IOException {
        String named = egress.refusalOfName(url.getHost());
        if (named != null) {
            throw new IOException(named);
        }
        try (EgressPins.Hold hold = EgressPins.holdUnlessProxied(url, egress.proxyInUse())) {
            for (InetAddress address : hold == null ? new InetAddress[0] : hold.addresses()) {
                String refusal = egress.refusal(url.getHost(), address, DefinitionTrust.OPERATOR);
                if (refusal != null) {
                    throw new IOException(refusal);
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout).header("user-agent", "Junction-Webhooks/1").GET();
            String proxyAuthorization = egress.proxyInUse().authorizationFor(url);
            if (proxyAuthorization != null) {
                builder.header("Proxy-Authorization", proxyAuthorization);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()); // the request's timeout bounds the wait for the headers
            } catch (java.net.http.HttpTimeoutException | java.net.UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException(shown(url) + " could not be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            byte[] body = readWithin(response.body(), deadline, url);
            if (response.statusCode() / 100 != 2) {
                throw new IOException(shown(url) + " answered HTTP " + response.statusCode());
            }
            if (body.length > MAX_BYTES) {
                throw new IOException(shown(url) + " answered more than " + MAX_BYTES + " bytes");
            }
            return body;
        } catch (java.net.UnknownHostException e) {
            throw new IOException("host " + url.getHost() + " is unknown");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(shown(url) + " did not answer within " + seconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + shown(url));
        }
    }


    /**
     * At most {@link #MAX_BYTES} {@code + 1} bytes of {@code in}, read before {@code deadline}
     * ({@link System#nanoTime()}): the body of an answer whose headers came in time may still trickle,
     * so the stream is closed under the read when the time is up.
     */
    private byte[] readWithin(InputStream in, long deadline, URI url) throws IOException {
        try (in; BodyDeadline.Armed reading = BodyDeadline.arm(in, deadline)) {
            try {
                return in.readNBytes(MAX_BYTES + 1);
            } catch (IOException e) {
                throw new IOException(reading.expired() ? shown(url) + " did not answer within " + seconds()
                        : shown(url) + " broke off its answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /** The URL without its query (a SubscribeURL's query holds the subscription's token), for messages. */
    public static String shown(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
