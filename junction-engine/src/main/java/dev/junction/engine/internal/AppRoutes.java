package dev.junction.engine.internal;

import dev.junction.connector.SecretResolver;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.ValueRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tenant's connection an app-level webhook delivery (one endpoint for every customer of the
 * app) belongs to: the connection of the connector that names a tenant (not the operator's) whose {@code config.<routeTo>}
 * equals the delivery's routing value (the connector's {@code webhooks.tenant}, such as a Stripe
 * {@code account}).
 *
 * <p>Each connector's table (routing value → connections) is made from the applied definitions,
 * resolving each tenant connection's value through the engine's secret resolver (a value may be a
 * {@code ${env:}} or {@code ${file:}} reference, or the field's default); it is made again when the
 * definitions change and at least every {@code refresh}. A connection whose value cannot be read is
 * left out of the table (and logged): its deliveries are unrouted until it can be.
 */
public final class AppRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AppRoutes.class);

    /** Where a routing value leads. */
    public sealed interface Route {
        /** To this tenant connection. */
        record To(ConnectionSpec connection) implements Route {
            public To {
                Objects.requireNonNull(connection, "connection");
            }
        }

        /** Nowhere: no connection, or more than one, has the value; {@code reason} says which (it is stored with the event). */
        record Nowhere(String reason) implements Route {
            public Nowhere {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private final SecretResolver resolver;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public AppRoutes(SecretResolver resolver, Clock clock, Duration refresh) {
        this.resolver = resolver;
        this.clock = clock;
        this.refresh = refresh;
    }

    /**
     * The tenant connection of {@code connector} whose {@code config.<routeTo>} is {@code value}.
     *
     * @throws IllegalArgumentException when the connector routes nothing (no {@code webhooks.routeTo})
     */
    public Route route(LoadResult applied, ConnectorSpec connector, String value) {
        Objects.requireNonNull(value, "value");
        String field = connector.webhooks() == null ? null : connector.webhooks().routeTo();
        if (field == null) {
            throw new IllegalArgumentException("connector '" + connector.name() + "' names no webhooks.routeTo");
        }
        List<String> found = table(applied, connector, field).byValue().getOrDefault(value, List.of());
        String which = "connector '" + connector.name() + "'";
        String has = " config." + field + " = '" + value + "'";
        if (found.isEmpty()) {
            return new Route.Nowhere("no connection of " + which + " has" + has);
        }
        if (found.size() > 1) {
            return new Route.Nowhere(found.size() + " connections of " + which + " have" + has + " (" + String.join(", ", found)
                    + "), so it is not known whose event it is; give each account one connection");
        }
        return new Route.To(applied.connections().get(found.getFirst()));
    }

    private Table table(LoadResult applied, ConnectorSpec connector, String field) {
        Instant now = clock.instant();
        Table table = tables.get(connector.name());
        if (table != null && table.definitions() == applied && table.madeAt().plus(refresh).isAfter(now)) {
            return table;
        }
        Table made = new Table(applied, now, make(applied, connector, field));
        tables.put(connector.name(), made);
        return made;
    }

    private Map<String, List<String>> make(LoadResult applied, ConnectorSpec connector, String field) {
        FieldSpec declared = connector.config() == null ? null : connector.config().get(field);
        String fallback = declared == null ? null : declared.defaultValue();
        Map<String, List<String>> byValue = new HashMap<>();
        applied.connections().values().stream()
                .filter(c -> connector.name().equals(c.connector()) && !c.isOperators())
                .sorted(Comparator.comparing(ConnectionSpec::name))
                .forEach(c -> {
                    String value = value(c, field, fallback);
                    if (value != null) {
                        byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(c.name());
                    }
                });
        return byValue;
    }

    /** The connection's value of {@code config.<field>}: given, or the field's default; null when neither (or unreadable, logged). */
    private String value(ConnectionSpec connection, String field, String fallback) {
        ValueRef ref = connection.config() == null ? null : connection.config().get(field);
        if (ref == null) {
            return fallback;
        }
        try {
            return resolver.resolve(ref);
        } catch (RuntimeException e) {
            // the reason names the connection's settings (an environment variable, a file): the operator's, for the log
            LOG.warn("Connection '{}' gets no app-level webhooks: its config.{} could not be read: {}", connection.name(), field, e.getMessage());
            return null;
        }
    }

    /** A connector's routing values, made from these definitions at this time. */
    private record Table(LoadResult definitions, Instant madeAt, Map<String, List<String>> byValue) {}
}
