/**
 * The Junction sandbox: two simulated SaaS systems (Acme CRM and Helpdesk) on 127.0.0.1 with seeded data, fault
 * injection and a ledger of accepted writes. Start with {@link dev.junction.sandbox.Sandbox#start(SandboxOptions)}.
 * Depends on nothing of Junction.
 */
package dev.junction.sandbox;
