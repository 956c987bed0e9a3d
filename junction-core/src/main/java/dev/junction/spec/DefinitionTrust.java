package dev.junction.spec;

/**
 * Who stands behind a definition, and so what it may do. A connection carries the trust of whoever
 * applied it (or its connector, whichever is lower): an operator's connection may read the server's
 * environment and files through {@code ${env:}} / {@code ${file:}} and reach private and loopback
 * addresses; a tenant's may do neither (unless the operator allows such addresses), so that a
 * customer cannot read the server's secrets or probe its network.
 */
public enum DefinitionTrust {
    /** Applied by the operator: a local command, an API token of every tenant, the embedded demo. */
    OPERATOR,
    /** Applied by a principal limited to one tenant (a tenant-scoped token, a connect session). */
    TENANT;

    /** The lower of the two: TENANT when either is. */
    public DefinitionTrust and(DefinitionTrust other) {
        return this == TENANT || other == TENANT ? TENANT : OPERATOR;
    }
}
