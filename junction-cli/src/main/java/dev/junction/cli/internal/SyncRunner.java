package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.spec.LoadResult;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import java.util.function.Function;

/** Plans and runs one sync against a workspace; shared by {@code run} and {@code demo}. */
final class SyncRunner {
    private final Workspace workspace;
    private final ObjectMapper json;
    private final Function<String, String> env;

    SyncRunner(Workspace workspace, ObjectMapper json, Function<String, String> env) {
        this.workspace = workspace;
        this.json = json;
        this.env = env;
    }

    RunRecord run(LoadResult definitions, String sync, String trigger, RunListener listener) {
        PipelineOptions options = PipelineOptions.builder()
                .exchangeSink(workspace.store().exchanges()::append)
                .clock(workspace.clock())
                .build();
        SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(env), options, json);
        try (PlannedSync planned = planner.plan(definitions, sync, trigger)) {
            return new SyncEngine(workspace.store(), json, workspace.clock()).run(planned.job(), listener);
        }
    }

    /** 0 succeeded, 3 finished with dead letters, 1 failed. */
    static int exitCode(RunRecord run) {
        return run.status() == RunStatus.SUCCEEDED ? 0 : run.status() == RunStatus.PARTIAL ? 3 : 1;
    }
}
