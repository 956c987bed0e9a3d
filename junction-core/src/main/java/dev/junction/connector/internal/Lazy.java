package dev.junction.connector.internal;

import java.util.function.Supplier;

/** A value made on first use and kept; a failure is thrown again at every use, so an unused stream breaks nothing. */
public final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T value;

    public Lazy(Supplier<T> make) {
        this.make = make;
    }

    public T get() {
        T result = value;
        if (result == null) {
            result = make.get();
            value = result; // two racing callers make equal values; either may win
        }
        return result;
    }
}
