package dev.junction.store;

/**
 * Everything Junction persists, behind one interface so core knows nothing of SQL. The JDBC module
 * implements it for H2 (embedded default) and PostgreSQL; the same contract tests run on both.
 * Every method is safe to call from many threads.
 */
public interface Store extends AutoCloseable {
    DefinitionRepository definitions();

    ConnectionRepository connections();

    RunRepository runs();

    FingerprintRepository fingerprints();

    CheckpointRepository checkpoints();

    ExchangeRepository exchanges();

    DeadLetterRepository deadLetters();

    @Override
    void close();
}
