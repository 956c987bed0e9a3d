package dev.junction.server.api.internal;

import dev.junction.engine.MappingText;
import dev.junction.server.api.CatalogViews.ActionView;
import dev.junction.server.api.CatalogViews.AuthView;
import dev.junction.server.api.CatalogViews.BatchView;
import dev.junction.server.api.CatalogViews.ConnectionSummary;
import dev.junction.server.api.CatalogViews.ConnectionView;
import dev.junction.server.api.CatalogViews.ConnectorSummary;
import dev.junction.server.api.CatalogViews.CostView;
import dev.junction.server.api.CatalogViews.ConnectorView;
import dev.junction.server.api.CatalogViews.MappingLine;
import dev.junction.server.api.CatalogViews.RateLimitView;
import dev.junction.server.api.CatalogViews.SideView;
import dev.junction.server.api.CatalogViews.StreamView;
import dev.junction.server.api.CatalogViews.SyncSummary;
import dev.junction.server.api.CatalogViews.SyncView;
import dev.junction.server.api.CatalogViews.ValueView;
import dev.junction.spec.ActionSpec;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.DatabaseSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import dev.junction.engine.ConnectionHealth;
import dev.junction.server.api.CatalogViews.CheckView;
import dev.junction.store.ConnectionCheck;
import dev.junction.store.ConnectionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Specs to their wire views. What may hold a secret is left out or reduced to where it comes from:
 * auth credentials, header and body templates, database URLs and passwords, secret values.
 */
public final class SpecViews {
    private SpecViews() {}

    public static ConnectorSummary summary(ConnectorSpec c) {
        return new ConnectorSummary(c.name(), c.version(), c.description(), authType(c.auth()), names(c.streams()), names(c.actions()));
    }

    public static ConnectorView view(ConnectorSpec c) {
        List<StreamView> streams = new ArrayList<>();
        if (c.streams() != null) {
            c.streams().forEach((name, s) -> streams.add(stream(name, s)));
        }
        List<ActionView> actions = new ArrayList<>();
        if (c.actions() != null) {
            c.actions().forEach((name, a) -> actions.add(action(name, a)));
        }
        return new ConnectorView(c.name(), c.version(), c.description(), c.baseUrl(), auth(c.auth()), rateLimit(c.rateLimit()), names(c.config()),
                names(c.secrets()), streams, actions);
    }

    private static StreamView stream(String name, StreamSpec s) {
        return new StreamView(name, s.request() == null ? null : method(s.request().method()), s.request() == null ? null : s.request().path(),
                s.primaryKey(), s.incremental() == null ? null : s.incremental().cursorField(), pagination(s.pagination()),
                s.format().name().toLowerCase(Locale.ROOT), s.parent() == null ? null : s.parent().stream());
    }

    private static ActionView action(String name, ActionSpec a) {
        return new ActionView(name, a.request() == null ? null : method(a.request().method()), a.request() == null ? null : a.request().path(),
                a.batch() == null ? null : a.batch().maxRecords(), a.batch() == null ? null : a.batch().maxBytes(),
                a.idempotencyKey() == null ? null : a.idempotencyKey().header(), a.results() != null && a.results().perRecord() != null);
    }

    private static String method(String method) {
        return method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    }

    static String pagination(PaginationSpec p) {
        return switch (p) {
            case null -> "none";
            case PaginationSpec.None n -> "none";
            case PaginationSpec.Cursor c -> "cursor";
            case PaginationSpec.Relay r -> "relay";
            case PaginationSpec.Offset o -> "offset";
            case PaginationSpec.Page pg -> "page";
            case PaginationSpec.Link l -> "link";
            case PaginationSpec.NextUrl u -> "next-url";
        };
    }

    static String authType(AuthSpec auth) {
        return switch (auth) {
            case null -> "none";
            case AuthSpec.None n -> "none";
            case AuthSpec.ApiKey k -> "api-key";
            case AuthSpec.Bearer b -> "bearer";
            case AuthSpec.Basic b -> "basic";
            case AuthSpec.Digest d -> "digest";
            case AuthSpec.OAuth2 o -> "oauth2";
            case AuthSpec.OAuth1 o -> "oauth1";
            case AuthSpec.Session s -> "session";
            case AuthSpec.AwsSigV4 a -> "aws-sigv4";
            case AuthSpec.Hmac h -> "hmac";
            case AuthSpec.Jwt j -> "jwt";
        };
    }

    /** The auth type and where credentials go; never a credential or its template. */
    private static AuthView auth(AuthSpec auth) {
        return switch (auth) {
            case AuthSpec.ApiKey k -> new AuthView("api-key", k.in() == null ? null : k.in().name().toLowerCase(Locale.ROOT), k.name(), null, null, null);
            case AuthSpec.OAuth2 o -> new AuthView("oauth2", null, null, o.grant() == null ? null : o.grant().yamlName(), o.tokenUrl(), o.scopes());
            case AuthSpec.Session s -> new AuthView("session", s.in().name().toLowerCase(Locale.ROOT), s.name(), null, s.loginUrl(), null);
            case AuthSpec.Jwt j -> new AuthView("jwt", j.in().name().toLowerCase(Locale.ROOT), j.name(), null, null, null);
            case null, default -> new AuthView(authType(auth), null, null, null, null, null);
        };
    }

    private static RateLimitView rateLimit(RateLimitSpec r) {
        if (r == null) {
            return null;
        }
        return new RateLimitView(r.hasRate() ? r.requests() : null, r.hasRate() ? r.per().toString() : null,
                r.maxConcurrency() > 0 ? r.maxConcurrency() : null, r.learnFromHeaders(), r.hasRate() ? r.window().yamlName() : null,
                r.scope().yamlName(), r.cost() == null ? null : new CostView(r.cost().available(), r.cost().requested(), r.cost().restoreRate(),
                        r.cost().maximum(), r.cost().resetIn()));
    }

    public static SyncSummary summary(SyncSpec s) {
        return new SyncSummary(s.name(), s.description(), s.perTenant(), source(s.source()), destination(s.destination()), null);
    }

    /** {@code schedule} is null: syncs have no schedule yet (they run when asked). */
    public static SyncView view(SyncSpec s) {
        List<MappingLine> lines = s.mapping() == null ? List.of()
                : s.mapping().stream().map(m -> new MappingLine(m.target(), MappingText.describe(m.value()))).toList();
        SyncSpec.Batch batch = s.batch() == null ? SyncSpec.Batch.DEFAULT : s.batch();
        return new SyncView(s.name(), s.description(), s.perTenant(), source(s.source()), destination(s.destination()), null,
                new BatchView(batch.size(), batch.concurrency(), batch.maxBytes()), s.onRowError() == null ? null : word(s.onRowError().name()), lines);
    }

    /** A source's connection, stream and mode; a SQL source's query (never its database URL or password), a file's path. */
    private static SideView source(SyncSpec.Source s) {
        if (s == null) {
            return null;
        }
        String connection = s.connection() != null ? s.connection() : s.sql() != null ? s.sql().connection() : null;
        return new SideView(connection, s.connector(), s.stream(), null, null, s.mode() == null ? null : word(s.mode().name()),
                s.sql() == null ? null : s.sql().query(), s.file() == null ? null : s.file().path());
    }

    private static SideView destination(SyncSpec.Destination d) {
        if (d == null) {
            return null;
        }
        return new SideView(d.connection(), d.connector(), null, d.action(), d.key(), d.mode() == null ? "upsert" : word(d.mode().name()), null, null);
    }

    public static ConnectionSummary summary(ConnectionSpec c, ConnectionRecord record) {
        return new ConnectionSummary(c.name(), c.connector(), c.tenant(), c.environment(), status(record),
                record == null ? null : record.updatedAt());
    }

    /** Config values as written; secrets only as set or where they come from. A database connection's URL, user and password are secrets here. */
    public static ConnectionView view(ConnectionSpec c, ConnectionRecord record) {
        return view(c, record, null);
    }

    /** The status of a connection's record: {@code unknown} until it is checked (or when its record is from before checks). */
    public static String status(ConnectionRecord record) {
        return record == null || record.status() == null || "configured".equals(record.status()) ? "unknown" : record.status();
    }

    /** A stored check on the wire. */
    public static CheckView check(ConnectionCheck check) {
        return check == null ? null : new CheckView(check.id(), check.checkedAt(), check.status(), check.httpStatus(), check.durationMillis(),
                check.error(), check.trigger());
    }

    /** Like {@link #view(ConnectionSpec, ConnectionRecord)}, with how it is checked and its newest check. */
    public static ConnectionView view(ConnectionSpec c, ConnectionRecord record, ConnectionHealth.Status health) {
        Map<String, ValueView> config = new LinkedHashMap<>();
        if (c.config() != null) {
            c.config().forEach((key, value) -> config.put(key, value instanceof ValueRef.Literal l ? new ValueView(true, l.value(), null, null) : secret(value)));
        }
        Map<String, ValueView> secrets = new LinkedHashMap<>();
        if (c.secrets() != null) {
            c.secrets().forEach((key, value) -> secrets.put(key, secret(value)));
        }
        DatabaseSpec db = c.database();
        if (db != null) {
            putSecret(secrets, "database.url", db.url());
            putSecret(secrets, "database.user", db.user());
            putSecret(secrets, "database.password", db.password());
        }
        return new ConnectionView(c.name(), c.connector(), c.tenant(), c.environment(), status(record),
                record == null ? null : record.statusDetail(), record == null ? null : record.updatedAt(), config, secrets,
                List.copyOf(c.mappingOverrides().keySet()), c.isDatabase(), health == null ? null : health.method().wireName(),
                health == null ? null : check(health.lastCheck()), null, c.primary(), null);
    }

    private static void putSecret(Map<String, ValueView> secrets, String key, ValueRef value) {
        if (value != null) {
            secrets.put(key, secret(value));
        }
    }

    /** Where a secret comes from; an inline value is only said to be set. */
    private static ValueView secret(ValueRef value) {
        return switch (value) {
            case null -> new ValueView(false, null, null, null);
            case ValueRef.Env e -> new ValueView(true, null, "${env:" + e.variable() + "}", null);
            case ValueRef.File f -> new ValueView(true, null, "${file:" + f.path() + "}", null);
            case ValueRef.Literal l -> new ValueView(true, null, null, null);
            case ValueRef.Stored s -> new ValueView(true, null, null, true);
        };
    }

    private static List<String> names(Map<String, ?> map) {
        return map == null ? List.of() : List.copyOf(map.keySet());
    }

    /** {@code DEAD_LETTER} as written in YAML: {@code dead-letter}. */
    private static String word(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
