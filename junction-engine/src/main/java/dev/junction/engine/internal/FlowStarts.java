package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Flows;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Stores the execution a flow start asks for, {@code queued}, once per idempotency key: a start with
 * the key of an earlier one and the same body finds that execution, with another body it is refused.
 * A key counts per tenant and flow.
 */
public final class FlowStarts {
    private final FlowExecutionRepository executions;
    private final Clock clock;

    public FlowStarts(FlowExecutionRepository executions, Clock clock) {
        this.executions = executions;
        this.clock = clock;
    }

    /**
     * The execution of {@code request}, on {@code flow} with {@code input} (checked): stored now, or
     * ({@code repeated}) the earlier one with the same idempotency key and body.
     *
     * @throws Flows.KeyReused when the idempotency key came before with another body
     */
    public Flows.Started store(Flows.Request request, CompiledFlow flow, JsonNode input) {
        String idempotency = request.idempotencyKey() == null ? null
                : (request.tenant() == null ? "" : request.tenant()) + "/" + request.flow() + "/" + request.idempotencyKey();
        String hash = request.idempotencyKey() == null ? null : sha256(request.body() == null ? input.toString() : request.body());
        if (idempotency != null) {
            var earlier = executions.findByIdempotency(idempotency);
            if (earlier.isPresent()) {
                return repeated(earlier.get(), hash, request);
            }
        }
        FlowExecution fresh = FlowExecution.queued(UUID.randomUUID().toString(), request.flow(), flow.version(), request.tenant(), input.toString(),
                idempotency, hash, clock.instant());
        FlowExecution stored = executions.createOrFind(fresh);
        if (!stored.id().equals(fresh.id())) {
            return repeated(stored, hash, request);
        }
        return new Flows.Started(stored, false);
    }

    private static Flows.Started repeated(FlowExecution earlier, String hash, Flows.Request request) {
        if (!hash.equals(earlier.bodyHash())) {
            throw new Flows.KeyReused("the Idempotency-Key '" + request.idempotencyKey() + "' was used for execution " + earlier.id() + " of flow '"
                    + request.flow() + "' with another body; send the same body to get its result, or use a new key");
        }
        return new Flows.Started(earlier, true);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
