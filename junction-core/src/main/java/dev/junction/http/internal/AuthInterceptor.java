package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * Adds credentials to every request: an API key (header or query), a bearer token or basic auth.
 * The values are already rendered from the connector's templates.
 */
public final class AuthInterceptor implements Interceptor {
    private final AuthSpec auth;

    public AuthInterceptor(AuthSpec auth) {
        this.auth = auth == null ? new AuthSpec.None() : auth;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        var request = chain.request();
        var authenticated = switch (auth) {
            case AuthSpec.None none -> request;
            case AuthSpec.ApiKey key when key.in() == AuthSpec.Placement.QUERY -> request.withQueryParam(key.name(), key.value());
            case AuthSpec.ApiKey key -> request.withHeader(key.name(), key.value());
            case AuthSpec.Bearer bearer -> request.withHeader("Authorization", "Bearer " + bearer.token());
            case AuthSpec.Basic basic -> request.withHeader("Authorization", "Basic " + basicCredentials(basic));
        };
        return chain.proceed(authenticated);
    }

    /** Every value this step sends that must never be logged, derived forms included. */
    public Set<String> secretValues() {
        return switch (auth) {
            case AuthSpec.None none -> Set.of();
            case AuthSpec.ApiKey key -> Set.of(key.value());
            case AuthSpec.Bearer bearer -> Set.of(bearer.token());
            case AuthSpec.Basic basic -> Set.of(basic.password(), basicCredentials(basic));
        };
    }

    private static String basicCredentials(AuthSpec.Basic basic) {
        String pair = Objects.requireNonNullElse(basic.username(), "") + ":" + Objects.requireNonNullElse(basic.password(), "");
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "auth(" + auth.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
