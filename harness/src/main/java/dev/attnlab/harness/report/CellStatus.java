package dev.attnlab.harness.report;

/** How one (method, evaluator) cell of a run ended. */
public enum CellStatus {
    /** The evaluator returned a result. */
    OK,
    /** The method could not be built, or the evaluator threw; the message says why. */
    FAILED,
    /** The evaluator does not apply to this method (e.g. scaling of a compressor). */
    SKIPPED
}
