package dev.junction.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the loopback jitter that S1's no-burst destination punishes comes from. Only the JDK and
 * plain sockets: no Junction code is measured.
 *
 * <p>{@code stacks}: each client stack against each server stack, calls paced like S1's (4 senders,
 * one call per 55.26 ms, 15 kB bodies); each call stamps {@code System.nanoTime()} into a header
 * right before it is sent, the server compares with its own clock when it has read the headers.
 * Client stacks: the JDK {@code HttpClient} (Junction's transport) and a plain blocking socket that
 * writes the request on the calling thread. Server stacks: the JDK {@code HttpServer} deciding on
 * its dispatcher thread (as S1's destination does) and a plain blocking socket read by a thread per
 * connection. The plain-socket HTTP here is a measuring device, not a transport.
 *
 * <p>{@code spacing MARGIN}: against the JDK server, sends spaced {@code MARGIN} times the no-burst
 * destination's 52.63 ms, three ways in turn: the JDK client spaced from the moment each send is
 * started (what Junction's budget does); the JDK client spaced from the moment it subscribes to the
 * body, which it does only after it has taken the headers for writing; and the plain blocking
 * socket spaced from the start of each send. Prints how many gaps between arrivals fall under
 * 52.63 ms (each one a 429 at a destination with no burst) and the ratio of the ceiling.
 *
 * <pre>java -cp junction-bench/target/junction-bench.jar dev.junction.bench.LoopbackJitterProbe stacks [calls=400]
 * java -cp junction-bench/target/junction-bench.jar dev.junction.bench.LoopbackJitterProbe spacing 1.04 [calls=1900]</pre>
 */
public final class LoopbackJitterProbe {
    private static final long LIMIT = 52_631_579L;
    private static final int SENDERS = 4;
    private static final byte[] BODY = new byte[15_000];

    private final ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "stacks";
        LoopbackJitterProbe probe = new LoopbackJitterProbe();
        try {
            if (mode.equals("spacing")) {
                double margin = args.length > 1 ? Double.parseDouble(args[1]) : 1.04;
                probe.spacing(margin, args.length > 2 ? Integer.parseInt(args[2]) : 1900);
            } else {
                probe.stacks(args.length > 1 ? Integer.parseInt(args[1]) : 400);
            }
        } finally {
            probe.answers.shutdownNow();
        }
        System.exit(0);
    }

    private void stacks(int calls) throws Exception {
        HttpServer jdk = jdkServer();
        try (ServerSocket plain = plainServer()) {
            for (int round = 1; round <= 2; round++) {
                for (String client : List.of("jdk HttpClient", "plain socket")) {
                    for (String server : List.of("jdk HttpServer", "plain socket")) {
                        int port = server.startsWith("jdk") ? jdk.getAddress().getPort() : plain.getLocalPort();
                        seen.clear();
                        Sender sender = client.startsWith("jdk") ? jdkSender(port, null) : plainSender(port);
                        pace(calls, (long) (LIMIT * 1.05), sender, null);
                        long[] d = seen.stream().mapToLong(s -> s[0] - s[1]).sorted().toArray();
                        System.out.printf(Locale.ROOT, "round %d  %-15s -> %-15s %d calls, stamp to server (ms): p10 %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                                round, client, server, d.length, ms(d[d.length / 10]), ms(d[d.length / 2]), ms(d[d.length * 9 / 10]),
                                ms(d[d.length * 99 / 100]), ms(d[d.length - 1]));
                    }
                }
            }
        } finally {
            jdk.stop(0);
        }
    }

    private void spacing(double margin, int calls) throws Exception {
        HttpServer jdk = jdkServer();
        try {
            int port = jdk.getAddress().getPort();
            long spacing = (long) (LIMIT * margin);
            pace(200, spacing, jdkSender(port, null), null);
            pace(200, spacing, plainSender(port), null);
            for (String from : List.of("jdk, send started", "jdk, body taken", "plain socket")) {
                Budget budget = new Budget(spacing, from.contains("body"));
                seen.clear();
                pace(calls, spacing, from.startsWith("plain") ? plainSender(port) : jdkSender(port, budget), budget);
                long[] arrivals = seen.stream().mapToLong(s -> s[0]).sorted().toArray();
                long[] gaps = new long[arrivals.length - 1];
                for (int i = 1; i < arrivals.length; i++) {
                    gaps[i - 1] = arrivals[i] - arrivals[i - 1];
                }
                long under = Arrays.stream(gaps).filter(g -> g < LIMIT).count();
                double mean = Arrays.stream(gaps).average().orElse(Double.NaN);
                Arrays.sort(gaps);
                System.out.printf(Locale.ROOT, "spaced %.3f, %-17s %d gaps, under 52.63 ms: %d, min %.2f p1 %.2f p50 %.2f p99 %.2f ms, ratio of the ceiling %.3f%n",
                        margin, from, gaps.length, under, ms(gaps[0]), ms(gaps[gaps.length / 100]), ms(gaps[gaps.length / 2]),
                        ms(gaps[gaps.length * 99 / 100]), LIMIT / mean);
            }
        } finally {
            jdk.stop(0);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** One call: sends the request stamped with its send time, returns when the answer is read. */
    private interface Sender {
        void call() throws Exception;
    }

    /** Spacing between sends, counted from the start of the last send or, when {@code fromBody}, from when the client took its body. */
    private static final class Budget {
        private final long spacing;
        private final boolean fromBody;
        private long nextFree;
        private long lastSent;
        private boolean bodyPending;

        Budget(long spacing, boolean fromBody) {
            this.spacing = spacing;
            this.fromBody = fromBody;
        }

        synchronized long reserve() {
            long slot = Math.max(System.nanoTime(), nextFree);
            nextFree = slot + spacing;
            return slot;
        }

        /** 0 when the caller may send now (and is counted as sending), else how long to wait first. */
        synchronized long send() {
            long now = System.nanoTime();
            if (bodyPending) {
                return 200_000L;
            }
            if (lastSent != 0 && lastSent + spacing > now) {
                return lastSent + spacing - now;
            }
            lastSent = now;
            nextFree = Math.max(nextFree, now + spacing);
            bodyPending = fromBody;
            return 0;
        }

        synchronized void bodySubscribed() {
            lastSent = Math.max(lastSent, System.nanoTime());
            bodyPending = false;
        }
    }

    private void pace(int calls, long spacing, Sender sender, Budget budget) throws InterruptedException {
        Budget slots = budget != null ? budget : new Budget(spacing, false);
        AtomicLong left = new AtomicLong(calls);
        CountDownLatch done = new CountDownLatch(SENDERS);
        for (int t = 0; t < SENDERS; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        long wait = slots.reserve() - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(Duration.ofNanos(wait));
                        }
                        for (long gap = slots.send(); gap > 0; gap = slots.send()) {
                            Thread.sleep(Duration.ofNanos(gap));
                        }
                        sender.call();
                    }
                } catch (Exception e) {
                    System.err.println("probe call failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    private Sender jdkSender(int port, Budget budget) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return () -> {
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofByteArray(BODY);
            HttpRequest.BodyPublisher stamped = new HttpRequest.BodyPublisher() {
                @Override
                public long contentLength() {
                    return body.contentLength();
                }

                @Override
                public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                    if (budget != null) {
                        budget.bodySubscribed();
                    }
                    body.subscribe(subscriber);
                }
            };
            client.send(HttpRequest.newBuilder(uri).header("X-Sent-Nanos", Long.toString(System.nanoTime())).POST(stamped).build(),
                    HttpResponse.BodyHandlers.discarding());
        };
    }

    private Sender plainSender(int port) {
        ThreadLocal<Socket> sockets = new ThreadLocal<>();
        return () -> {
            Socket socket = sockets.get();
            if (socket == null) {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setTcpNoDelay(true);
                sockets.set(socket);
            }
            byte[] head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + BODY.length + "\r\nX-Sent-Nanos: " + System.nanoTime() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + BODY.length);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            readLine(in);
            int length = 0;
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
        };
    }

    private HttpServer jdkServer() throws IOException {
        // no executor: the dispatcher thread that selected the socket reads the headers and calls the handler
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", exchange -> {
            long arrival = System.nanoTime();
            seen.add(new long[] {arrival, Long.parseLong(exchange.getRequestHeaders().getFirst("X-Sent-Nanos"))});
            answers.schedule(() -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(200, -1);
                } catch (IOException e) {
                    // the client went away
                }
            }, 50 + ThreadLocalRandom.current().nextInt(100), TimeUnit.MILLISECONDS);
        });
        server.start();
        return server;
    }

    private ServerSocket plainServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("probe-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    Thread.ofPlatform().daemon().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65_536);
            OutputStream out = socket.getOutputStream();
            for (String requestLine = readLine(in); requestLine != null; requestLine = readLine(in)) {
                long sent = 0;
                int length = 0;
                List<String> headers = new ArrayList<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    headers.add(line);
                }
                long arrival = System.nanoTime();
                for (String line : headers) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("x-sent-nanos:")) {
                        sent = Long.parseLong(line.substring(13).trim());
                    } else if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                seen.add(new long[] {arrival, sent});
                in.readNBytes(length);
                Thread.sleep(50);
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the probe ended
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
