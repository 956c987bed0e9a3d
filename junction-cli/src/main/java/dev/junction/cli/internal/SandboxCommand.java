package dev.junction.cli.internal;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", description = {
    "Serves the simulated Acme CRM and Helpdesk APIs on 127.0.0.1 and prints their URLs and credentials.",
    "Stops on Ctrl-C (or after --seconds)."})
public final class SandboxCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--crm-port", paramLabel = "PORT", defaultValue = "0", description = "Port of Acme CRM (default: a free one).")
    int crmPort;

    @Option(names = "--helpdesk-port", paramLabel = "PORT", defaultValue = "0", description = "Port of Helpdesk (default: a free one).")
    int helpdeskPort;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--contacts", defaultValue = "200", description = "How many CRM contacts (default: ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--crm-rate-limit", paramLabel = "N", defaultValue = "50", description = "CRM requests per second before 429 (0 = none; default: ${DEFAULT-VALUE}).")
    int crmRateLimit;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds instead of waiting for Ctrl-C.")
    Long seconds;

    @Option(names = "--webhook-url", paramLabel = "URL", description = {
        "Subscribe this URL to the CRM's contact.* webhooks (signed per Standard Webhooks) and print the signing secret,",
        "e.g. http://127.0.0.1:8080/hooks/crm for `junction serve` with examples/demo."})
    java.net.URI webhookUrl;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    SandboxCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (webhookUrl != null && (!"http".equals(webhookUrl.getScheme()) && !"https".equals(webhookUrl.getScheme()) || webhookUrl.getHost() == null)) {
            console.err().println("--webhook-url: '" + webhookUrl + "' is not an http(s) URL with a host; expected e.g. http://127.0.0.1:8080/hooks/crm");
            return 2;
        }
        SandboxOptions options;
        try {
            options = SandboxOptions.defaults()
                    .withSeed(seed)
                    .withCrmContacts(contacts)
                    .withCrmPort(crmPort)
                    .withHelpdeskPort(helpdeskPort)
                    .withCrmRateLimit(crmRateLimit);
        } catch (IllegalArgumentException e) {
            // a value out of range (--contacts -1, a port above 65535): the options' own message says which and what fits
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), option(e.getMessage()));
        }
        try (Sandbox sandbox = Sandbox.start(options)) {
            console.out().println(sandbox.describe());
            console.out().println();
            console.out().println("# for the example connections in examples/demo:");
            console.out().println("export ACME_CRM_URL=" + sandbox.crm().baseUrl());
            console.out().println("export ACME_CRM_TOKEN=" + sandbox.crm().token());
            console.out().println("export HELPDESK_URL=" + sandbox.helpdesk().baseUrl());
            console.out().println("export HELPDESK_API_KEY=" + sandbox.helpdesk().apiKey());
            if (webhookUrl != null) {
                var subscription = sandbox.crm().webhooks().subscribe(webhookUrl, null, java.util.List.of("contact.*"));
                console.out().println("export ACME_CRM_WEBHOOK_SECRET=" + subscription.secret());
                console.out().println("# contact changes are sent to " + webhookUrl);
            }
            console.out().flush();
            StopSignal.await(seconds);
        }
        return 0;
    }

    /** The options' message in this command's words: {@code crmContacts must be ...} becomes {@code --contacts must be ...}. */
    private static String option(String message) {
        for (String[] names : new String[][] {{"crmContacts", "--contacts"}, {"crmPort", "--crm-port"}, {"helpdeskPort", "--helpdesk-port"},
                {"crmRateLimit", "--crm-rate-limit"}}) {
            if (message.startsWith(names[0] + " ")) {
                return names[1] + message.substring(names[0].length());
            }
        }
        return message;
    }
}
