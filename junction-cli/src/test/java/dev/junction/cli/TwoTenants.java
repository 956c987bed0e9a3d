package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tenants of examples/tenants, each with its own sandbox (its CRM and Helpdesk accounts, its
 * own credentials): northwind with 12 contacts, globex with 7. The example's files are copied to
 * {@code defs} and applied.
 */
final class TwoTenants implements AutoCloseable {
    static final Path EXAMPLE = Path.of("..", "examples", "tenants");
    static final String SYNC = "contacts-to-helpdesk";

    final Sandbox northwind;
    final Sandbox globex;
    final CliRunner cli;
    final Path defs;

    TwoTenants(Path dataDir, Path defs) throws IOException {
        this.defs = defs;
        northwind = Sandbox.start(SandboxOptions.defaults().withCrmContacts(12).withCrmRateLimit(0)
                .withCrmToken("northwind-crm-token").withHelpdeskApiKey("northwind-helpdesk-key"));
        globex = Sandbox.start(SandboxOptions.defaults().withSeed(7).withCrmContacts(7).withCrmRateLimit(0)
                .withCrmToken("globex-crm-token").withHelpdeskApiKey("globex-helpdesk-key"));
        cli = new CliRunner(dataDir);
        env().forEach(cli::env);
        try (var files = Files.list(EXAMPLE)) {
            for (Path f : files.toList()) {
                Files.copy(f, defs.resolve(f.getFileName()));
            }
        }
        apply();
    }

    /** The environment the example's connections read: each tenant's URLs and credentials. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (var tenant : Map.of("NORTHWIND", northwind, "GLOBEX", globex).entrySet()) {
            env.put(tenant.getKey() + "_CRM_URL", tenant.getValue().crm().baseUrl().toString());
            env.put(tenant.getKey() + "_CRM_TOKEN", tenant.getValue().crm().token());
            env.put(tenant.getKey() + "_HELPDESK_URL", tenant.getValue().helpdesk().baseUrl().toString());
            env.put(tenant.getKey() + "_HELPDESK_API_KEY", tenant.getValue().helpdesk().apiKey());
        }
        return env;
    }

    /**
     * Northwind's Helpdesk connection maps only gold contacts' priority: the others fail mapping and
     * become dead letters of northwind's runs. Applied; returns connections.yaml as it was.
     */
    String mapOnlyNorthwindsGoldPriority() throws IOException {
        Path connections = defs.resolve("connections.yaml");
        String original = Files.readString(connections);
        Files.writeString(connections, original.replace("""
                  apiKey: "${env:NORTHWIND_HELPDESK_API_KEY}"
                """, """
                  apiKey: "${env:NORTHWIND_HELPDESK_API_KEY}"
                mappingOverrides:
                  contacts-to-helpdesk:
                    priority: { from: properties.tier, values: { gold: 1 } }
                """));
        apply();
        return original;
    }

    void apply() {
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @Override
    public void close() {
        northwind.close();
        globex.close();
    }
}
