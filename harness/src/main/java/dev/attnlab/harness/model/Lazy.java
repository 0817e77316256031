package dev.attnlab.harness.model;

import java.util.function.Supplier;

/**
 * A value computed once, on first use, thread-safely: a model's {@code ModelInfo} hashes every weight,
 * which callers that only build graphs should not pay for.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> compute;
    private volatile T value;

    Lazy(Supplier<T> compute) {
        this.compute = compute;
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                if (value == null) {
                    value = compute.get();
                }
                result = value;
            }
        }
        return result;
    }
}
