package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.SyncState;
import dev.junction.sync.SyncJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** One state key's stored state with the sync's last run, as text or JSON; shared by the state commands. */
record StateReport(String sync, String tenant, SyncState state, Optional<RunRecord> lastRun, Instant now, boolean holderGone) {
    static StateReport of(dev.junction.engine.SyncStates.Report r) {
        return new StateReport(r.sync(), r.tenant(), r.state(), r.lastRun(), r.now(), r.holderGone());
    }

    /** The lease when a live run holds it. */
    Optional<Lease> held() {
        return holderGone ? Optional.empty() : state.heldAt(now);
    }

    /** "sync 'S'" or "sync 'S' for tenant 'T'". */
    String what() {
        return SyncJob.describeStateKey(SyncJob.stateKey(sync, tenant));
    }

    String leaseText() {
        Optional<Lease> lease = state.lease();
        if (lease.isEmpty()) {
            return "free";
        }
        Lease l = lease.get();
        if (holderGone) {
            return "free: run " + l.owner() + " held it, but its process (" + l.holder().describe() + ") is gone (the next run takes it over at once)";
        }
        if (l.expiresAt().isAfter(now)) {
            return "held by run " + l.owner() + " since " + l.acquiredAt() + " (until " + l.expiresAt() + " unless renewed)";
        }
        return "expired: run " + l.owner() + " stopped renewing it at " + l.expiresAt() + " (the next run takes it over)";
    }

    String lastRunText() {
        if (lastRun.isEmpty()) {
            return "none";
        }
        RunRecord r = lastRun.get();
        String status = r.status().name().toLowerCase(Locale.ROOT);
        return r.id() + " " + status + (!r.status().finished() ? " since " + r.startedAt() : ", finished " + r.finishedAt());
    }

    /** The checkpoints as "contacts" or "contacts: parent:a, parent:b" per stream. */
    String checkpointList() {
        return state.checkpoints().stream().collect(Collectors.groupingBy(SyncState.Checkpoint::stream, java.util.TreeMap::new,
                        Collectors.mapping(c -> c.partition().isEmpty() ? "(stream)" : c.partition(), Collectors.joining(", "))))
                .entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    void print(Console console) {
        var out = console.out();
        out.println("sync           " + sync);
        if (tenant != null) {
            out.println("tenant         " + tenant);
        }
        out.println("lease          " + leaseText());
        out.println("last run       " + lastRunText());
        out.println("fingerprints   " + state.fingerprints() + " (records the next run skips while they are unchanged"
                + (state.mirrorMarks() > 0 ? "; " + state.mirrorMarks() + " marked read by a mirror run" : "") + ")");
        out.println("write intents  " + state.writeIntents() + (state.writeIntents() > 0 ? " pending (the next run sends them again first)" : ""));
        if (state.checkpoints().isEmpty()) {
            out.println("checkpoints    none (the next run reads everything)");
            out.flush();
            return;
        }
        out.println("checkpoints    " + state.checkpoints().size());
        out.println();
        List<List<String>> rows = new ArrayList<>();
        for (SyncState.Checkpoint c : state.checkpoints()) {
            rows.add(List.of(c.stream(), c.partition().isEmpty() ? "-" : c.partition(), c.value() == null ? "-" : c.value(),
                    String.valueOf(c.savedAt()), c.completedAt() == null ? "-" : c.completedAt().toString()));
        }
        console.table(List.of("stream", "partition", "checkpoint", "saved", "complete"), rows);
    }

    ObjectNode json(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode().put("sync", sync).put("tenant", tenant);
        state.lease().ifPresentOrElse(l -> node.putObject("lease").put("run", l.owner()).put("acquiredAt", l.acquiredAt().toString())
                .put("expiresAt", l.expiresAt().toString()).put("held", held().isPresent()), () -> node.putNull("lease"));
        lastRun.ifPresentOrElse(r -> node.putObject("lastRun").put("id", r.id()).put("status", r.status().name().toLowerCase(Locale.ROOT))
                .put("startedAt", r.startedAt().toString()).put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString()),
                () -> node.putNull("lastRun"));
        node.put("fingerprints", state.fingerprints()).put("mirrorMarks", state.mirrorMarks()).put("writeIntents", state.writeIntents());
        var checkpoints = node.putArray("checkpoints");
        for (SyncState.Checkpoint c : state.checkpoints()) {
            checkpoints.addObject().put("stream", c.stream()).put("partition", c.partition()).put("value", c.value())
                    .put("savedAt", String.valueOf(c.savedAt())).put("completedAt", c.completedAt() == null ? null : c.completedAt().toString());
        }
        return node;
    }
}
