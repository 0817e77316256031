package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;

/**
 * One number an evaluator measured.
 *
 * @param name        a key, e.g. {@code perplexity} or {@code kl.mean}
 * @param value       the value (NaN when it could not be computed; say why in a note)
 * @param unit        e.g. {@code nats}, {@code ms}, {@code MiB}, or empty
 * @param description what it means, one line
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record Metric(String name, double value, String unit, String description) {

    public static Metric of(String name, double value, String unit, String description) {
        return new Metric(name, value, unit, description);
    }
}
