package dev.junction.server.internal;

import dev.junction.server.ApiRequest;
import dev.junction.engine.Principal;
import dev.junction.server.Route;
import dev.junction.server.TextBody;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The per-request state the guard fills in before the handler runs. */
final class DefaultApiRequest implements ApiRequest {
    private final Route route;
    private final ForwardedHeaders.Origin origin;
    private Principal principal;
    private String tenant;
    private Object body;
    private String auditType;
    private String auditId;
    private final Map<String, Object> auditDetail = new LinkedHashMap<>();

    DefaultApiRequest(Route route, ForwardedHeaders.Origin origin) {
        this.route = route;
        this.origin = origin;
    }

    void principal(Principal principal) {
        this.principal = principal;
    }

    void tenant(String tenant) {
        this.tenant = tenant;
    }

    void body(Object body) {
        this.body = body;
    }

    Object body() {
        return body;
    }

    @Override
    public Route route() {
        return route;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    @Override
    public <T> T body(Class<T> type) {
        Class<?> declared = route.operation().bodyType();
        if (declared == null) {
            throw new IllegalStateException(route.label() + " declares no body; declare it with RouteBuilder.body(" + type.getSimpleName() + ".class)");
        }
        if (body instanceof TextBody text) {
            throw new IllegalStateException(route.label() + " got its body as " + text.mediaType() + " text, not as JSON; read ApiRequest.textBody() first");
        }
        if (!type.isAssignableFrom(declared)) {
            throw new IllegalStateException(route.label() + " declares a " + declared.getSimpleName() + " body, not " + type.getSimpleName());
        }
        return type.cast(body);
    }

    @Override
    public Optional<TextBody> textBody() {
        return body instanceof TextBody text ? Optional.of(text) : Optional.empty();
    }

    @Override
    public void auditObject(String type, String id) {
        this.auditType = type;
        this.auditId = id;
    }

    @Override
    public void auditDetail(String key, Object value) {
        auditDetail.put(key, value);
    }

    String auditType() {
        return auditType;
    }

    String auditId() {
        return auditId;
    }

    Map<String, Object> auditDetails() {
        return auditDetail;
    }

    @Override
    public String clientAddress() {
        return origin.clientAddress();
    }

    @Override
    public URI baseUrl() {
        return URI.create(origin.baseUrl());
    }
}
