package dev.attnlab.harness.config;

import dev.attnlab.api.config.Settings;

/**
 * One {@code [[evaluators]]} entry.
 *
 * @param index    position in the file (0-based)
 * @param id       the evaluator id ({@code id = "perplexity"})
 * @param settings the rest of the table, validated against the evaluator's schema
 */
public record EvaluatorSpec(int index, String id, Settings settings) {
}
