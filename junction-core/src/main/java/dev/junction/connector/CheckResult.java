package dev.junction.connector;

/**
 * What a connection's health check found.
 *
 * @param healthy whether the answer was what the connector's {@code check:} expects
 * @param httpStatus the API's answer; null when none arrived (network failure, or the pipeline sent nothing)
 * @param error why it was not healthy (redacted); null when healthy
 * @param errorCode the failure's normalized code ({@code needs_reauth}, {@code oauth_invalid_grant}, {@code http_503},
 *     {@code unexpected_status}, {@code condition_false}, ...); null when healthy
 * @param accountId the connected account's id, as the connector's {@code check.account} reads it from a
 *     healthy answer; null when it declares none or the answer holds none
 * @param accountName a name to show for that account (an e-mail, a login); null when none
 */
public record CheckResult(boolean healthy, Integer httpStatus, String error, String errorCode, String accountId, String accountName) {
    public CheckResult(boolean healthy, Integer httpStatus, String error, String errorCode) {
        this(healthy, httpStatus, error, errorCode, null, null);
    }

    public static CheckResult ok(int httpStatus) {
        return new CheckResult(true, httpStatus, null, null);
    }

    public static CheckResult failed(Integer httpStatus, String code, String error) {
        return new CheckResult(false, httpStatus, error, code);
    }

    /** This result with the connected account it named. */
    public CheckResult withAccount(String id, String name) {
        return new CheckResult(healthy, httpStatus, error, errorCode, id, name);
    }
}
