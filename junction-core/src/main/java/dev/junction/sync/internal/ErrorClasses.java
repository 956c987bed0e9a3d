package dev.junction.sync.internal;

import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.store.ErrorClass;
import java.util.Locale;

/** The {@link ErrorClass} of a failure: a classified API error's category and code, found anywhere in the cause chain. */
final class ErrorClasses {
    /** A record the mapping could not map. */
    static final ErrorClass MAPPING_FAILED = new ErrorClass(ErrorClass.PERMANENT, "mapping_failed");
    /** A mapped record larger than one call may carry: never sent. */
    static final ErrorClass RECORD_TOO_LARGE = new ErrorClass(ErrorClass.PERMANENT, "record_too_large");
    /** A record the destination refused in its per-record results. */
    static final ErrorClass RECORD_REFUSED = new ErrorClass(ErrorClass.PERMANENT, "record_refused");

    private ErrorClasses() {}

    /** A record the destination refused in its per-record results, with the destination's code when it gave one. */
    static ErrorClass refused(String code) {
        return code == null ? RECORD_REFUSED : new ErrorClass(ErrorClass.PERMANENT, code);
    }

    /** Null when no {@link ApiException} caused it (a store error, a bug). */
    static ErrorClass of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                return of(api.error());
            }
        }
        return null;
    }

    static ErrorClass of(ApiError error) {
        return new ErrorClass(error.category().name().toLowerCase(Locale.ROOT), error.shownCode());
    }

    /** {@code failure}'s class, or {@code otherwise} when it has none. */
    static ErrorClass of(Throwable failure, ErrorClass otherwise) {
        ErrorClass found = of(failure);
        return found != null ? found : otherwise;
    }
}
