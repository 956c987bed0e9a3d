package dev.junction.engine;

import dev.junction.store.RunRecord;
import dev.junction.sync.RunListener;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * A node of the run queue in a process of its own, for {@link QueueKillTest}: opens an engine on the
 * store at {@code args[0]} (user, password and the connections' secrets from the environment),
 * starts the queue's workers and runs until killed. It prints {@code ready}, then one line per run it
 * starts or ends: {@code started RUN EPOCH_MILLIS} and {@code ended RUN STATUS EPOCH_MILLIS}.
 */
public final class QueueNode {
    private QueueNode() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Clock clock = Clock.systemUTC();
        EngineConfig config = new EngineConfig(StoreLocation.choose(args[0], System::getenv, null), null, System::getenv, clock,
                RunQueue.Settings.DEFAULT);
        Engine engine = Engine.open(config);
        engine.runQueue().start(new RunListener() {
            @Override
            public void started(String runId, String sync) {
                out.println("started " + runId + " " + clock.millis());
            }

            @Override
            public void finished(RunRecord run) {
                out.println("ended " + run.id() + " " + run.status() + " " + clock.millis());
            }
        });
        out.println("ready");
        Thread.currentThread().join(); // until killed
    }
}
