package dev.attnlab.api.tensor;

import dev.attnlab.api.ApiStatus;

/**
 * One dimension of a graph input or state: either a fixed size or a symbol bound at run time.
 *
 * <p>For state inputs the runtime creates the initial value as zeros, with symbol {@code "batch"} bound
 * to the batch size and every other symbol bound to 0 (an empty cache).
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record Dim(String symbol, long size) {

    public static final Dim BATCH = new Dim("batch", -1);

    public static Dim of(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative dimension " + size);
        }
        return new Dim(null, size);
    }

    public static Dim symbol(String name) {
        return new Dim(name, -1);
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    @Override
    public String toString() {
        return isSymbolic() ? symbol : Long.toString(size);
    }
}
