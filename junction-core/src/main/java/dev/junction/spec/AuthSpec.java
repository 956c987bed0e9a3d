package dev.junction.spec;

/** How requests authenticate. Every string is a template over {@code config.*} and {@code secrets.*}. */
public sealed interface AuthSpec {
    /** No authentication. */
    record None() implements AuthSpec {}

    /** An API key sent in a header or query parameter named {@code name}. */
    record ApiKey(Placement in, String name, String value) implements AuthSpec {}

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements AuthSpec {}

    /** HTTP basic authentication. */
    record Basic(String username, String password) implements AuthSpec {}

    enum Placement {
        HEADER,
        QUERY
    }
}
