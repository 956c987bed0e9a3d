package dev.junction.sandbox;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings of a {@link Sandbox}. Start from {@link #defaults()} and change with the {@code with...} methods.
 *
 * @param seed              seed of all generated data (same seed, same data)
 * @param crmContacts       number of seeded CRM contacts (0..99999)
 * @param crmPort           CRM port, 0 for a random free port
 * @param helpdeskPort      Helpdesk port, 0 for a random free port
 * @param crmToken          CRM bearer token
 * @param helpdeskApiKey    Helpdesk API key
 * @param crmRateLimit      CRM requests per second (fixed 1-second windows), 0 = no limit
 * @param helpdeskRateLimit Helpdesk requests per second, 0 = no limit
 * @param helpdeskUsers     number of seeded Helpdesk users (0..99999); about 30% are not linked to an external id
 * @param agents            number of people who are both CRM owners and Helpdesk agents (1..99)
 * @param clock             clock for timestamps and rate-limit windows
 */
public record SandboxOptions(long seed, int crmContacts, int crmPort, int helpdeskPort, String crmToken,
                             String helpdeskApiKey, int crmRateLimit, int helpdeskRateLimit, int helpdeskUsers,
                             int agents, Clock clock) {

    public static final long DEFAULT_SEED = 42;

    public SandboxOptions {
        requireRange("crmContacts", crmContacts, 0, 99_999);
        requireRange("crmPort", crmPort, 0, 65_535);
        requireRange("helpdeskPort", helpdeskPort, 0, 65_535);
        requireRange("crmRateLimit", crmRateLimit, 0, Integer.MAX_VALUE);
        requireRange("helpdeskRateLimit", helpdeskRateLimit, 0, Integer.MAX_VALUE);
        requireRange("helpdeskUsers", helpdeskUsers, 0, 99_999);
        requireRange("agents", agents, 1, 99);
        requireText("crmToken", crmToken);
        requireText("helpdeskApiKey", helpdeskApiKey);
        Objects.requireNonNull(clock, "clock");
    }

    /** seed 42, 200 contacts, random ports, demo credentials, CRM 50 req/s, Helpdesk unlimited, 10 users, 8 agents. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(DEFAULT_SEED, 200, 0, 0, "acme-demo-token", "helpdesk-demo-key", 50, 0, 10, 8,
                Clock.systemUTC());
    }

    public SandboxOptions withSeed(long value) {
        return new SandboxOptions(value, crmContacts, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withCrmContacts(int value) {
        return new SandboxOptions(seed, value, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withCrmPort(int value) {
        return new SandboxOptions(seed, crmContacts, value, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withHelpdeskPort(int value) {
        return new SandboxOptions(seed, crmContacts, crmPort, value, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withCrmToken(String value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, value, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withHelpdeskApiKey(String value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, crmToken, value,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withCrmRateLimit(int value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                value, helpdeskRateLimit, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withHelpdeskRateLimit(int value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, value, helpdeskUsers, agents, clock);
    }

    public SandboxOptions withHelpdeskUsers(int value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, value, agents, clock);
    }

    public SandboxOptions withAgents(int value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, value, clock);
    }

    public SandboxOptions withClock(Clock value) {
        return new SandboxOptions(seed, crmContacts, crmPort, helpdeskPort, crmToken, helpdeskApiKey,
                crmRateLimit, helpdeskRateLimit, helpdeskUsers, agents, value);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank() || !value.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException(name + " must be non-empty printable ASCII without spaces");
        }
    }
}
