package dev.junction.connector;

/**
 * What happened to one record of an action call.
 *
 * @param ok whether the destination accepted the record
 * @param inserted true when the destination says it created the record (false: updated or unknown)
 * @param error why it failed, exactly when {@code ok} is false
 * @param code the destination's own code for the failure ({@code invalid_email}), redacted, or null
 */
public record RecordOutcome(boolean ok, boolean inserted, String error, String code) {
    public RecordOutcome {
        if (ok == (error != null)) {
            throw new IllegalArgumentException("a record outcome has an error exactly when it is not ok");
        }
    }

    public RecordOutcome(boolean ok, boolean inserted, String error) {
        this(ok, inserted, error, null);
    }

    public static RecordOutcome success(boolean inserted) {
        return new RecordOutcome(true, inserted, null);
    }

    public static RecordOutcome failure(String error) {
        return new RecordOutcome(false, false, error);
    }

    /** A failure with the destination's own code for it (null: none). */
    public static RecordOutcome failure(String error, String code) {
        return new RecordOutcome(false, false, error, code);
    }
}
