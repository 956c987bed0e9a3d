package dev.junction.spec;

/** A loaded, validated definition: a connector, a connection, a sync or a flow. Immutable. */
public sealed interface Spec permits ConnectorSpec, ConnectionSpec, SyncSpec, FlowSpec, AlertSpec, AlertChannelSpec {
    /** {@code Connector}, {@code Connection}, {@code Sync} or {@code Flow}: the YAML {@code kind}. */
    String kind();

    String name();

    /** Where the definition was read from. */
    SourceLocation location();
}
