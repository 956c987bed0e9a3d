package dev.junction.http.internal;

import dev.failsafe.Execution;
import dev.failsafe.ExecutionContext;
import dev.failsafe.RetryPolicy;
import dev.junction.http.ApiError;
import dev.junction.http.CallContext;
import dev.junction.http.ErrorRules;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.PipelineListener;
import dev.junction.http.RetriesExhaustedException;
import dev.junction.http.Sleeper;
import dev.junction.spec.RetrySpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * Sends the rest of the chain again when an attempt fails in a way a later attempt may fix. The
 * attempt count and the retry decision are a Failsafe {@link RetryPolicy} run as a standalone
 * {@link Execution}, so waiting goes through the injected {@link Sleeper}. The delay before attempt
 * {@code n + 1} is "full jitter": a random value in {@code [0, min(maxDelay, initialDelay * 2^(n-1))]};
 * a Retry-After header on a retried response (429, 503, or one the error rules made retryable)
 * replaces it (capped at {@code maxRetryAfter}).
 *
 * <p>When the last allowed attempt fails in a retryable way, this step throws
 * {@link RetriesExhaustedException} carrying the attempt count and the last response or failure.
 * Failures that are not retryable (or not safe to retry) pass through unchanged. It also gives up
 * early, the same way, when the next wait would take the waits of this call past
 * {@code retry.maxTotalWait}, or the call past {@code timeouts.total}.
 *
 * <p>{@code errors:} rules (the call's own, then the connector's) decide first: a response a rule
 * calls RETRYABLE is retried whatever its status (a 400 or even a 200), one it calls PERMANENT or
 * AUTH is not (even a 503). Then an answer the signing step below can fix by signing again (OAuth
 * 1.0a's refused nonce or timestamp) is retried, whatever the method.
 */
public final class RetryInterceptor implements Interceptor {
    private final RetrySpec spec;
    private final Sleeper sleeper;
    private final Clock clock;
    private final PipelineListener listener;
    private final DoubleSupplier jitter;
    private final Duration maxRetryAfter;
    private final ErrorRules rules;
    private final Duration totalTimeout;
    /** Whether the signing step below may fix an answer by signing its request again (OAuth 1.0a: a refused nonce or timestamp). */
    private final Predicate<HttpResponse> signingAgainFixes;

    public RetryInterceptor(RetrySpec spec, Sleeper sleeper, Clock clock, PipelineListener listener, DoubleSupplier jitter, Duration maxRetryAfter) {
        this(spec, sleeper, clock, listener, jitter, maxRetryAfter, ErrorRules.none(), null);
    }

    /**
     * @param rules the connector's error rules (a call's own rules come with its context)
     * @param totalTimeout how long one call may take with all its retries, or null for no limit
     */
    public RetryInterceptor(RetrySpec spec, Sleeper sleeper, Clock clock, PipelineListener listener, DoubleSupplier jitter, Duration maxRetryAfter,
            ErrorRules rules, Duration totalTimeout) {
        this(spec, sleeper, clock, listener, jitter, maxRetryAfter, rules, totalTimeout, response -> false);
    }

    /**
     * @param rules the connector's error rules (a call's own rules come with its context)
     * @param totalTimeout how long one call may take with all its retries, or null for no limit
     * @param signingAgainFixes whether the signing step below may fix an answer by signing its request again
     *     ({@link OAuth1Signer#signingAgainMayFix}); such an answer is retried whatever the request's method
     */
    public RetryInterceptor(RetrySpec spec, Sleeper sleeper, Clock clock, PipelineListener listener, DoubleSupplier jitter, Duration maxRetryAfter,
            ErrorRules rules, Duration totalTimeout, Predicate<HttpResponse> signingAgainFixes) {
        this.signingAgainFixes = signingAgainFixes;
        this.spec = spec == null ? RetrySpec.DEFAULT : spec;
        this.sleeper = sleeper;
        this.clock = clock;
        this.listener = listener;
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
        this.rules = rules == null ? ErrorRules.none() : rules;
        this.totalTimeout = totalTimeout;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        boolean safeToRepeat = isSafeToRepeat(request, chain.context());
        ErrorRules callRules = rules.after(chain.context().errorRules());
        RetryPolicy<HttpResponse> policy = RetryPolicy.<HttpResponse>builder()
                .handleIf((response, failure) -> retries(response, failure, safeToRepeat, callRules))
                .withMaxAttempts(Math.max(1, spec.maxAttempts()))
                .withDelayFn(this::delayBeforeNextAttempt)
                .build();
        Execution<HttpResponse> execution = Execution.of(policy);
        java.time.Instant started = clock.instant();
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            HttpResponse response = null;
            IOException failure = null;
            try {
                response = chain.proceed(request, chain.context().withAttempt(attempt));
            } catch (RetriesExhaustedException e) {
                throw e; // a nested retry step already gave up
            } catch (IOException e) {
                failure = e;
            }
            execution.record(response, failure);
            if (execution.isComplete()) {
                if (retries(response, failure, safeToRepeat, callRules)) {
                    throw new RetriesExhaustedException(attempt, response, failure);
                }
                if (failure != null) {
                    throw failure;
                }
                return response;
            }
            Duration delay = execution.getDelay();
            // Rule: never wait past the call's budgets; give up now, as if the attempts had run out.
            if (spec.maxTotalWait() != null && waited.plus(delay).compareTo(spec.maxTotalWait()) > 0) {
                throw new RetriesExhaustedException(attempt, response, failure,
                        "the next wait (" + seconds(delay) + ") would pass retry.maxTotalWait (" + seconds(spec.maxTotalWait()) + ")");
            }
            if (totalTimeout != null && Duration.between(started, clock.instant()).plus(delay).compareTo(totalTimeout) > 0) {
                throw new RetriesExhaustedException(attempt, response, failure,
                        "the next wait (" + seconds(delay) + ") would pass timeouts.total (" + seconds(totalTimeout) + ")");
            }
            waited = waited.plus(delay);
            if (response != null && response.status() == 429) {
                listener.onThrottled(delay);
            }
            listener.onRetry(attempt + 1, reason(response, failure), delay);
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + request.method() + " (attempt " + (attempt + 1) + ")");
            }
        }
    }

    /** Whether the outcome of an attempt is worth another attempt, signing again included; error rules decide first. */
    private boolean retries(HttpResponse response, Throwable failure, boolean safeToRepeat, ErrorRules callRules) {
        // Rule: an answer that refuses only how the attempt was signed (an OAuth 1.0a nonce seen before, a timestamp
        // outside the API's window) is sent again whatever the method, the API having done nothing; the signer below
        // signs it anew, with a new nonce and the API's time.
        if (failure == null && response != null && callRules.match(response) == null && signingAgainFixes.test(response)) {
            return true;
        }
        return shouldRetry(response, failure, safeToRepeat, callRules);
    }

    /** Whether the outcome of an attempt is worth another attempt; error rules decide first. */
    static boolean shouldRetry(HttpResponse response, Throwable failure, boolean safeToRepeat, ErrorRules rules) {
        if (response != null && failure == null) {
            ErrorRules.Match match = rules.match(response);
            if (match != null) {
                // Rule: the connector's errors: rules know this API better than the status code does.
                return match.category() == ApiError.Category.RETRYABLE && safeToRepeat;
            }
        }
        return shouldRetry(response, failure, safeToRepeat);
    }

    /** Whether the failed outcome of an attempt is worth another attempt. */
    static boolean shouldRetry(HttpResponse response, Throwable failure, boolean safeToRepeat) {
        if (failure instanceof InterruptedIOException) {
            return false; // somebody wants this thread to stop
        }
        if (failure instanceof IOException io) {
            // Rule: a refused TLS handshake (certificates) fails the same way every time.
            if (NetworkFailure.of(io).tls()) {
                return false;
            }
            // Rule: a request that never reached the server (connect failure) may always be sent again.
            if (NetworkFailure.of(io).beforeSending()) {
                return true;
            }
            // Rule: any other network failure (reset, timeout) is transient, but the server may have
            // acted on the request, so only idempotent calls are repeated.
            return safeToRepeat;
        }
        if (response == null) {
            return false;
        }
        // Rule: 408, 429 and 5xx say "not now"; the server may still have acted on a non-idempotent
        // request (a 502 after the upstream wrote), so those are not repeated.
        return isRetryableStatus(response.status()) && safeToRepeat;
    }

    /** 408 Request Timeout, 429 Too Many Requests and every 5xx. */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500 && status <= 599;
    }

    /** GET, PUT, DELETE and friends by their nature; POST and PATCH only when the caller says so. */
    public static boolean isSafeToRepeat(HttpRequest request, CallContext context) {
        return request.hasIdempotentMethod() || context.idempotent();
    }

    private Duration delayBeforeNextAttempt(ExecutionContext<HttpResponse> context) {
        HttpResponse last = context.getLastResult();
        // Rule: a response retried with a Retry-After says when: 429 and 503 as RFC 9110 has it, and any
        // other the rules made retryable (GitHub's secondary rate limit is a 403 with retry-after)
        if (last != null && last.header("Retry-After") != null) {
            Duration asked = RetryAfter.parse(last.header("Retry-After"), clock);
            if (asked != null) {
                return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
            }
        }
        return backoff(context.getAttemptCount());
    }

    /** Full jitter over a capped exponential: random in [0, min(max, initial * 2^(failedAttempts-1))]. */
    Duration backoff(int failedAttempts) {
        long initial = Math.max(0, spec.initialDelay().toNanos());
        long max = Math.max(initial, spec.maxDelay().toNanos());
        int doublings = Math.min(Math.max(0, failedAttempts - 1), 62);
        long ceiling = initial == 0 ? 0 : (doublings >= Long.numberOfLeadingZeros(initial) - 1 ? max : Math.min(max, initial << doublings));
        double random = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
        return Duration.ofNanos((long) (ceiling * random));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static String reason(HttpResponse response, IOException failure) {
        return failure != null ? NetworkFailure.of(failure).description() : "HTTP " + response.status();
    }

    @Override
    public String toString() {
        return "retry(maxAttempts=" + spec.maxAttempts() + ")";
    }
}
