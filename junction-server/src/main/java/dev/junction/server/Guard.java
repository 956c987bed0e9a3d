package dev.junction.server;

import dev.junction.engine.Role;
import java.util.Objects;

/**
 * What a route demands of a caller before its handler runs. Every route declares exactly one; the
 * server checks it in one place, before the handler, and refuses a route that declares none.
 *
 * <ul>
 *   <li>{@link #token}: an API token ({@code Authorization: Bearer ...}) with at least a role, and a
 *       {@link Scope} saying what tenant tokens may do. No or an invalid token: 401. A role too low (a
 *       viewer on a mutating route): 403. See {@link Scope} for tenants.
 *   <li>{@link #webhookSignature}: the raw body carries a provider's signature, checked by the
 *       {@link WebhookVerifier} the server was given.
 *   <li>{@link #connectSession}: a connect session (the end-user connect flow), checked by the
 *       {@link ConnectSessionVerifier} the server was given.
 *   <li>{@link #publicHealth}: no check at all. Allowed only on {@code /health/*}.
 *   <li>{@link #metricsScrape}: a caller whose address lies in the server's {@code metrics.allowFrom}
 *       networks passes without a token; anyone else needs what {@link #METRICS_TOKEN} demands (an
 *       operator token, viewer or higher: the meters carry every tenant's name). Allowed only on
 *       {@code GET /metrics}.
 *   <li>{@link #consolePublic}: no credential: the console's sign-in and sign-out forms (each checks its
 *       own CSRF token), single sign-on's start and callback (the callback checks its state against the
 *       browser's cookie), its static assets, the redirect from {@code /}, and the page the connect flow
 *       returns to (it shows only what its own query says: after a provider's redirect the browser sends
 *       no SameSite=Strict session cookie). Allowed only on those paths
 *       ({@link #CONSOLE_PUBLIC_PATHS}); every console page takes a {@link #token} guard, and a console
 *       session cookie stands for the token there.
 * </ul>
 */
public sealed interface Guard {
    static Guard token(Role minimum, Scope scope) {
        return new Token(minimum, scope);
    }

    /** {@code scheme} names the verification scheme (for the document), e.g. {@code "standard-webhooks"}. */
    static Guard webhookSignature(String scheme) {
        return new WebhookSignature(scheme);
    }

    static Guard connectSession() {
        return new ConnectSession();
    }

    static Guard publicHealth() {
        return new PublicHealth();
    }

    /** The token a caller from outside {@code metrics.allowFrom} needs on a {@link MetricsScrape} route. */
    Token METRICS_TOKEN = new Token(Role.VIEWER, Scope.operator());

    static Guard metricsScrape() {
        return new MetricsScrape();
    }

    /** The paths a {@link ConsolePublic} route may have: exact, or under a prefix that ends with '/'. */
    java.util.List<String> CONSOLE_PUBLIC_PATHS = java.util.List.of("/", "/console/sign-in", "/console/sign-out", "/console/assets/",
            "/console/connected", "/console/sso/start", "/console/sso/callback");

    static Guard consolePublic() {
        return new ConsolePublic();
    }

    record Token(Role minimum, Scope scope) implements Guard {
        public Token {
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(scope, "scope");
        }
    }

    record WebhookSignature(String scheme) implements Guard {
        public WebhookSignature {
            Objects.requireNonNull(scheme, "scheme");
        }
    }

    record ConnectSession() implements Guard {}

    record PublicHealth() implements Guard {}

    record MetricsScrape() implements Guard {}

    record ConsolePublic() implements Guard {
        /** Whether a console-public route may have {@code path}. */
        public static boolean allows(String path) {
            return CONSOLE_PUBLIC_PATHS.stream().anyMatch(p -> p.endsWith("/") && p.length() > 1 ? path.startsWith(p) : path.equals(p));
        }
    }
}
