package dev.junction.spec;

/** A loaded, validated definition: a connector, a connection or a sync. Immutable. */
public sealed interface Spec permits ConnectorSpec, ConnectionSpec, SyncSpec {
    /** {@code Connector}, {@code Connection} or {@code Sync}: the YAML {@code kind}. */
    String kind();

    String name();

    /** Where the definition was read from. */
    SourceLocation location();
}
