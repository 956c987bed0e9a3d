package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectorException;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.Hook;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.spec.HooksSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link HooksSpec} into the {@link Hook}s a call carries: the JSONata expressions first,
 * then the Java hooks in the order named. Java hooks are looked up with {@link ServiceLoader}
 * among the {@code dev.junction.http.Hook} providers of the class path. Every hook is wrapped so
 * that its failure becomes a PERMANENT {@link ApiException} naming where the hook is declared.
 */
public final class Hooks {
    private final ClassLoader classLoader;

    /** @param classLoader where {@code META-INF/services/dev.junction.http.Hook} files are looked for */
    public Hooks(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * @param where e.g. {@code connector 'crm' stream 'contacts'}
     * @param redact hides the connection's secrets in messages
     * @throws ConnectorException when a named Java hook is not registered or cannot be made
     */
    public List<Hook> compile(String where, HooksSpec spec, ObjectMapper json, UnaryOperator<String> redact) {
        if (spec == null || spec.isEmpty()) {
            return List.of();
        }
        List<Hook> hooks = new ArrayList<>();
        if (spec.preRequest() != null || spec.postResponse() != null) {
            ExpressionHook expressions;
            try {
                expressions = new ExpressionHook(spec.preRequest(), spec.postResponse(), json);
            } catch (RuntimeException e) {
                throw new ConnectorException(where + " hooks: the JSONata expression is not valid: " + e.getMessage(), e);
            }
            hooks.add(new Guarded(expressions, where + " hooks.preRequest", where + " hooks.postResponse", redact));
        }
        if (!spec.java().isEmpty()) {
            List<ServiceLoader.Provider<Hook>> providers = providers(where);
            for (String name : spec.java()) {
                ServiceLoader.Provider<Hook> provider = providers.stream().filter(p -> p.type().getName().equals(name)).findFirst()
                        .orElseThrow(() -> new ConnectorException(where + " hooks.java: no Hook named '" + name + "' is registered; "
                                + "list the class in META-INF/services/dev.junction.http.Hook on the class path (registered: "
                                + (providers.isEmpty() ? "none" : String.join(", ", providers.stream().map(p -> p.type().getName()).toList())) + ")"));
                Hook hook;
                try {
                    hook = provider.get();
                } catch (ServiceConfigurationError | RuntimeException e) {
                    throw new ConnectorException(where + " hooks.java: '" + name + "' cannot be created: " + e.getMessage(), e);
                }
                hooks.add(new Guarded(hook, where + " hooks.java " + name, where + " hooks.java " + name, redact));
            }
        }
        return List.copyOf(hooks);
    }

    private List<ServiceLoader.Provider<Hook>> providers(String where) {
        try {
            return ServiceLoader.load(Hook.class, classLoader).stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new ConnectorException(where + " hooks.java: the registered hooks cannot be listed: " + e.getMessage(), e);
        }
    }

    /** Turns a hook's failure into a PERMANENT ApiException naming the hook. */
    private record Guarded(Hook hook, String beforeName, String afterName, UnaryOperator<String> redact) implements Hook {

        @Override
        public HttpRequest beforeRequest(HttpRequest request, CallContext context) {
            HttpRequest changed;
            try {
                changed = hook.beforeRequest(request, context);
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                throw failed(beforeName, "before sending the request", e);
            }
            if (changed == null) {
                throw failed(beforeName, "before sending the request", new IllegalStateException("it returned no request"));
            }
            return changed;
        }

        @Override
        public HttpResponse afterResponse(HttpResponse response, CallContext context) {
            HttpResponse changed;
            try {
                changed = hook.afterResponse(response, context);
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                throw failed(afterName, "on an HTTP " + response.status() + " response", e);
            }
            if (changed == null) {
                throw failed(afterName, "on an HTTP " + response.status() + " response", new IllegalStateException("it returned no response"));
            }
            return changed;
        }

        private ApiException failed(String name, String when, RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : redact.apply(e.getMessage());
            return new ApiException(new ApiError(ApiError.Category.PERMANENT, 0, "hook_failed", name + " failed " + when + ": " + reason,
                    null, false, null), e);
        }
    }
}
