package dev.junction.store;

import java.util.Objects;

/**
 * How a failure was classified, kept beside its text so that scripts and alerts can react without
 * parsing messages: a failed run's error, a dead letter's reason.
 *
 * @param category {@code retryable} (the same call may work later), {@code auth} (the credentials
 *     were refused) or {@code permanent} (retrying will not help)
 * @param code the provider's own code when it gave one ({@code -32602}, {@code soap:Client},
 *     {@code invalid_grant}), else Junction's ({@code http_422}, {@code connection_refused},
 *     {@code mapping_failed}, {@code record_refused}); null when there is none
 */
public record ErrorClass(String category, String code) {
    public static final String RETRYABLE = "retryable";
    public static final String AUTH = "auth";
    public static final String PERMANENT = "permanent";

    public ErrorClass {
        Objects.requireNonNull(category, "category");
        if (!category.equals(RETRYABLE) && !category.equals(AUTH) && !category.equals(PERMANENT)) {
            throw new IllegalArgumentException("an error category is retryable, auth or permanent, was '" + category + "'");
        }
    }

    /** A stored pair of columns as a class: null when the category is null (nothing was classified). */
    public static ErrorClass ofNullable(String category, String code) {
        return category == null ? null : new ErrorClass(category, code);
    }
}
