package dev.junction.e2e;

/** Prints how long each step of a test took, so a slow end-to-end test says where its time went. */
final class Steps {
    private final String test;
    private final long began = System.nanoTime();
    private long last = began;

    Steps(String test) {
        this.test = test;
    }

    /** Prints the time since the previous step and since the start; returns the step's milliseconds. */
    long done(String step) {
        long now = System.nanoTime();
        long millis = (now - last) / 1_000_000;
        System.out.printf("[%s] %s: %d ms (%d ms in)%n", test, step, millis, (now - began) / 1_000_000);
        last = now;
        return millis;
    }
}
