package dev.attnlab.api.eval;

import dev.attnlab.api.ApiStatus;
import java.util.List;

/**
 * What an evaluator found for one method: headline metrics, a detail table, and notes for the reader
 * (e.g. why a metric is NaN).
 */
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public record EvaluationResult(List<Metric> metrics, List<ResultRow> rows, List<String> notes) {

    public EvaluationResult {
        metrics = List.copyOf(metrics);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    public static EvaluationResult of(List<Metric> metrics) {
        return new EvaluationResult(metrics, List.of(), List.of());
    }

    /** The metric called {@code name}. */
    public java.util.Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
