package dev.junction.mapping.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.spec.FieldMapping;

/**
 * One JSONata expression, parsed once, evaluated per record under its time and depth limit. The
 * library's {@link Jsonata} object is safe to share between threads; each call gets its own frame.
 *
 * <p>The limits work like the library's own {@code Frame.setRuntimeBounds} (a callback on entry to
 * and exit from every evaluation step counts the depth), but read the clock only every
 * {@value #CLOCK_EVERY} steps instead of twice per step, which is most of their cost.
 */
final class JsonataCall {
    static final int CLOCK_EVERY = 64;

    private final String text;
    private final Jsonata expression;
    private final long timeoutNanos;
    private final long timeoutMillis;
    private final int maxDepth;

    JsonataCall(FieldMapping.Expression spec) {
        this.text = spec.expression();
        this.expression = Jsonata.jsonata(spec.expression());
        this.timeoutNanos = Math.max(1, spec.timeout().toNanos());
        this.timeoutMillis = Math.max(1, spec.timeout().toMillis());
        this.maxDepth = spec.maxDepth();
    }

    /** The raw result (null when the expression yields nothing); a failure says why, without the record. */
    Object evaluate(Scope scope) throws Failure {
        Bounds bounds = new Bounds(System.nanoTime() + timeoutNanos, maxDepth);
        try {
            Jsonata.Frame frame = expression.createFrame();
            frame.setEvaluateEntryCallback((symbol, input, env) -> {
                if (!env.isParallelCall) {
                    bounds.enter();
                }
            });
            frame.setEvaluateExitCallback((symbol, input, env, result) -> {
                if (!env.isParallelCall) {
                    bounds.depth--;
                }
            });
            return expression.evaluate(scope.java(), frame);
        } catch (JException e) {
            if (bounds.exceeded != null) {
                throw new Failure(bounds.exceeded);
            }
            throw new Failure(e.getError() == null ? String.valueOf(e.getMessage()) : e.getError());
        } catch (RuntimeException e) {
            if (bounds.exceeded != null) {
                throw new Failure(bounds.exceeded);
            }
            throw new Failure(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (StackOverflowError e) {
            throw new Failure("it nested too deeply (the thread's stack ran out); lower maxDepth under expressionLimits");
        }
    }

    /** The result as JSON; null when the expression yields nothing. */
    JsonNode evaluateJson(Scope scope) throws Failure {
        Object result = evaluate(scope);
        try {
            return JsonValues.fromJava(result);
        } catch (IllegalArgumentException e) {
            throw new Failure(e.getMessage());
        }
    }

    String text() {
        return text;
    }

    /** Depth and deadline of one evaluation; used by one thread. */
    private final class Bounds {
        private final long deadline;
        private final int limit;
        private int depth;
        private int steps;
        private String exceeded;

        Bounds(long deadline, int limit) {
            this.deadline = deadline;
            this.limit = limit;
        }

        void enter() {
            if (++depth > limit) {
                exceeded = "it nested deeper than the limit of " + limit + " steps (expressionLimits.maxDepth)";
                throw new JException(exceeded, -1);
            }
            if (++steps % CLOCK_EVERY == 0 && System.nanoTime() - deadline > 0) {
                exceeded = "it ran longer than the limit of " + timeoutMillis + "ms (expressionLimits.timeout)";
                throw new JException(exceeded, -1);
            }
        }
    }

    /** Why an evaluation failed, to be turned into a row error naming the field. */
    static final class Failure extends Exception {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }
}
