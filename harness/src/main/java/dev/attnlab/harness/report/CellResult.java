package dev.attnlab.harness.report;

import dev.attnlab.api.eval.EvaluationResult;
import java.util.Objects;

/**
 * What one evaluator found for one method.
 *
 * @param method     the method's label (as in {@link MethodRecord#label()})
 * @param evaluator  the evaluator id
 * @param status     how the cell ended
 * @param result     the evaluator's result; empty metrics for failed and skipped cells
 * @param message    for a failed or skipped cell, why (exception class and message); else empty
 * @param seconds    wall time spent on the cell
 */
public record CellResult(String method, String evaluator, CellStatus status, EvaluationResult result, String message,
                         double seconds) {

    private static final EvaluationResult NONE = new EvaluationResult(java.util.List.of(), java.util.List.of(),
            java.util.List.of());

    public CellResult {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(status, "status");
        result = result == null ? NONE : result;
        message = message == null ? "" : message;
    }

    public static CellResult ok(String method, String evaluator, EvaluationResult result, double seconds) {
        return new CellResult(method, evaluator, CellStatus.OK, result, "", seconds);
    }

    public static CellResult failed(String method, String evaluator, String message, double seconds) {
        return new CellResult(method, evaluator, CellStatus.FAILED, null, message, seconds);
    }

    public static CellResult skipped(String method, String evaluator, String why) {
        return new CellResult(method, evaluator, CellStatus.SKIPPED, null, why, 0);
    }
}
