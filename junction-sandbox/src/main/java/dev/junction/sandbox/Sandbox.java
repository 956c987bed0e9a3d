package dev.junction.sandbox;

import dev.junction.sandbox.internal.AcmeCrmServer;
import dev.junction.sandbox.internal.HelpdeskServer;
import dev.junction.sandbox.internal.Json;
import dev.junction.sandbox.internal.SeedData;

import java.util.Objects;

/**
 * Two simulated SaaS systems on 127.0.0.1 for demos, tests and benchmarks: {@link AcmeCrm} (source of contacts)
 * and {@link Helpdesk} (target of users). Data is generated from {@link SandboxOptions#seed()}.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
 *     URI crm = sandbox.crm().baseUrl();
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

    private final SandboxOptions options;
    private final AcmeCrmServer crm;
    private final HelpdeskServer helpdesk;

    private Sandbox(SandboxOptions options, AcmeCrmServer crm, HelpdeskServer helpdesk) {
        this.options = options;
        this.crm = crm;
        this.helpdesk = helpdesk;
    }

    /** Generates the data and starts both servers; throws if a port cannot be bound (nothing is left running). */
    public static Sandbox start(SandboxOptions options) {
        Objects.requireNonNull(options, "options");
        SeedData seed = SeedData.generate(options);
        Json json = new Json();
        AcmeCrmServer crm = new AcmeCrmServer(seed, options.seed(), options.crmPort(), options.crmToken(),
                options.crmRateLimit(), options.clock(), json);
        HelpdeskServer helpdesk = new HelpdeskServer(seed, options.helpdeskPort(), options.helpdeskApiKey(),
                options.helpdeskRateLimit(), options.clock(), json);
        try {
            crm.start();
            helpdesk.start();
        } catch (RuntimeException e) {
            closeQuietly(helpdesk, e);
            closeQuietly(crm, e);
            throw e;
        }
        return new Sandbox(options, crm, helpdesk);
    }

    /** Starts with {@link SandboxOptions#defaults()}. */
    public static Sandbox start() {
        return start(SandboxOptions.defaults());
    }

    public AcmeCrm crm() {
        return crm;
    }

    public Helpdesk helpdesk() {
        return helpdesk;
    }

    public SandboxOptions options() {
        return options;
    }

    /** A short multi-line text with both URLs and credentials, e.g. for {@code junction sandbox} to print. */
    public String describe() {
        return """
                Junction sandbox (seed %d)
                  Acme CRM  %s
                            Authorization: Bearer %s
                            %d contacts, rate limit %s
                  Helpdesk  %s
                            X-Api-Key: %s
                            %d users, rate limit %s
                  Admin     GET /_admin/ledger, GET /_admin/stats, POST /_admin/faults on both; \
                POST /_admin/change?count=25 on the CRM
                  Webhooks  POST %s/v1/webhooks/subscriptions {"url": ..., "events": ["contact.*"]} \
                (Standard Webhooks); knobs at /_admin/webhooks/knobs, attempts at /_admin/webhooks/ledger
                """.formatted(options.seed(), crm.baseUrl(), crm.token(), crm.contactCount(),
                rate(options.crmRateLimit()), helpdesk.baseUrl(), helpdesk.apiKey(), helpdesk.userCount(),
                rate(options.helpdeskRateLimit()), crm.baseUrl());
    }

    /** Stops both servers and their threads. Idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            helpdesk.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            crm.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String rate(int perSecond) {
        return perSecond == 0 ? "off" : perSecond + " requests/s";
    }

    private static void closeQuietly(AutoCloseable closeable, RuntimeException cause) {
        try {
            closeable.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
