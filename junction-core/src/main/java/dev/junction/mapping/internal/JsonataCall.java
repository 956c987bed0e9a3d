package dev.junction.mapping.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.spec.FieldMapping;

/**
 * One JSONata expression, evaluated per record under its time and depth limit. It is parsed when
 * the mapping compiles (to check it), then once per thread that evaluates it (see {@link Bounds}).
 *
 * <p>The limits work like the library's own {@code Frame.setRuntimeBounds} (a callback on entry to
 * and exit from every evaluation step counts the depth), but read the clock only every
 * {@value #CLOCK_EVERY} steps instead of twice per step, which is most of their cost.
 */
public final class JsonataCall {
    static final int CLOCK_EVERY = 64;

    private final String text;
    private final long timeoutNanos;
    private final long timeoutMillis;
    private final int maxDepth;
    private final ThreadLocal<Bounds> perThread = ThreadLocal.withInitial(Bounds::new);

    public JsonataCall(FieldMapping.Expression spec) {
        this.text = spec.expression();
        Jsonata.jsonata(spec.expression()); // a syntax error fails here, when the mapping compiles, not on the first record
        this.timeoutNanos = Math.max(1, spec.timeout().toNanos());
        this.timeoutMillis = Math.max(1, spec.timeout().toMillis());
        this.maxDepth = spec.maxDepth();
    }

    /** The raw result (null when the expression yields nothing); a failure says why, without the record. */
    Object evaluate(Scope scope) throws Failure {
        // One instance of the expression per thread, with its two callbacks bound once: only the
        // bounds are reset per record. A nested call on the same thread (not made today) gets its own.
        Bounds bounds = perThread.get();
        if (bounds.busy) {
            bounds = new Bounds();
        }
        bounds.start(System.nanoTime() + timeoutNanos);
        try {
            return bounds.instance.evaluate(scope.java(), null);
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
        } finally {
            bounds.instance.assign("$", null); // the instance outlives the call: do not keep the record
            bounds.busy = false;
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

    /**
     * For expressions outside a mapping (a flow's steps): the result over {@code root} as JSON
     * (null when it yields nothing).
     *
     * @throws dev.junction.mapping.MappingException naming {@code what} when it fails or passes its limits
     */
    public JsonNode evaluate(JsonNode root, String what) {
        try {
            return evaluateJson(new Scope(root));
        } catch (Failure f) {
            throw new dev.junction.mapping.MappingException(what, f.getMessage());
        }
    }

    String text() {
        return text;
    }

    /**
     * Depth and deadline of one evaluation at a time, with this thread's instance of the expression
     * whose callbacks count them; used by one thread.
     *
     * <p>Why an instance per thread: called without a frame, the library binds the input into the
     * instance's own environment, so one instance must not serve two threads at once; called with a
     * frame, it copies the frame into a new one on every call. An instance per thread needs neither.
     * The callbacks are bound in its environment under the names {@code Frame.setEvaluateEntryCallback}
     * and {@code setEvaluateExitCallback} use (pinned library version; the limit tests fail if they change).
     */
    private final class Bounds {
        private static final String ENTRY_CALLBACK = "__evaluate_entry";
        private static final String EXIT_CALLBACK = "__evaluate_exit";
        private final Jsonata instance;
        private long deadline;
        private int depth;
        private int steps;
        private String exceeded;
        private boolean busy;

        Bounds() {
            instance = Jsonata.jsonata(text);
            // The library walks the whole input before each evaluation to check that it holds only JSON
            // types. Our input is a view of a Jackson tree (JsonViews), JSON by construction, and walking
            // it would convert every field of the record: most of the cost of a short expression.
            instance.setValidateInput(false);
            instance.assign(ENTRY_CALLBACK, (Jsonata.EntryCallback) (symbol, input, env) -> {
                if (!env.isParallelCall) {
                    enter();
                }
            });
            instance.assign(EXIT_CALLBACK, (Jsonata.ExitCallback) (symbol, input, env, result) -> {
                if (!env.isParallelCall) {
                    depth--;
                }
            });
        }

        void start(long deadline) {
            this.deadline = deadline;
            this.depth = 0;
            this.steps = 0;
            this.exceeded = null;
            this.busy = true;
        }

        void enter() {
            if (++depth > maxDepth) {
                exceeded = "it nested deeper than the limit of " + maxDepth + " steps (expressionLimits.maxDepth)";
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
