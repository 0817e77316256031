package dev.attnlab.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run produced: provenance, the methods (reference first), the evaluators, and one cell per
 * (method, evaluator) that has finished so far.
 */
public record RunResults(String experiment, Provenance provenance, List<MethodRecord> methods, List<String> evaluators,
                         List<CellResult> cells) {

    public RunResults {
        methods = List.copyOf(methods);
        evaluators = List.copyOf(evaluators);
        cells = List.copyOf(cells);
    }

    public Optional<CellResult> cell(String method, String evaluator) {
        return cells.stream().filter(c -> c.method().equals(method) && c.evaluator().equals(evaluator)).findFirst();
    }

    /** A copy with {@code cell} added, replacing an earlier cell of the same method and evaluator. */
    public RunResults with(CellResult cell) {
        List<CellResult> next = new ArrayList<>(cells);
        next.removeIf(c -> c.method().equals(cell.method()) && c.evaluator().equals(cell.evaluator()));
        next.add(cell);
        return new RunResults(experiment, provenance, methods, evaluators, next);
    }

    public RunResults with(Provenance newProvenance) {
        return new RunResults(experiment, newProvenance, methods, evaluators, cells);
    }

    public Optional<MethodRecord> method(String label) {
        return methods.stream().filter(m -> m.label().equals(label)).findFirst();
    }

    /** The cells that failed, in run order. */
    public List<CellResult> failures() {
        return cells.stream().filter(c -> c.status() == CellStatus.FAILED).toList();
    }
}
