package dev.junction.spec;

import java.util.List;

/**
 * A connector's health check: one cheap request, sent through a connection's usual pipeline (auth,
 * rate budget, retries, exchange log), and what a healthy answer looks like.
 *
 * <pre>
 * check:
 *   request: { method: GET, path: /v1/me }        # as a stream's request: (method GET by default)
 *   expect:
 *     status: [200]                               # healthy statuses (default: any 2xx)
 *     condition: "active = true"                  # a JSONata expression on the JSON body that must be true
 *   account: { id: "$.id", name: "$.email" }      # who the connected account is, from a healthy answer (optional)
 * </pre>
 *
 * @param request the request; its templates see {@code config.*} and {@code secrets.*}
 * @param statuses the statuses of a healthy answer; empty: any 2xx
 * @param condition a JSONata expression over the answer's JSON body that must yield {@code true}; null for none
 * @param account where a healthy answer says who the connected account is; null for none
 */
public record CheckSpec(RequestSpec request, List<Integer> statuses, String condition, Account account) {
    public CheckSpec {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }

    public CheckSpec(RequestSpec request, List<Integer> statuses, String condition) {
        this(request, statuses, condition, null);
    }

    /**
     * {@code check.account}: JSON paths into a healthy answer's body to the account's id (required) and
     * a name to show (an e-mail, a login; optional), so a connection made with an API key or a password
     * shows whose it is, as an OAuth connection does from its identity call.
     */
    public record Account(String id, String name) {}

    /** Whether {@code status} is a healthy answer's status. */
    public boolean healthy(int status) {
        return statuses.isEmpty() ? status >= 200 && status < 300 : statuses.contains(status);
    }
}
