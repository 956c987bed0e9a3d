package dev.junction.sandbox.internal;

/**
 * One CRM event as sent: its id (the {@code webhook-id}), type, and the exact JSON bytes that are signed and posted.
 * The body array is never changed after construction.
 */
record WebhookEvent(String id, String type, byte[] body) {
}
