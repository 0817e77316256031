package dev.attnlab.harness.report;

import dev.attnlab.api.eval.Metric;
import dev.attnlab.api.eval.ResultRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * summary.md: what a person reads after a run. One table per evaluator with the methods as rows (the
 * full-attention reference first) and the metrics, with units, as columns; the notes; the side-by-side
 * samples of the generation evaluator; every failure with its message; and the charts.
 */
public final class SummaryMarkdown {

    private SummaryMarkdown() {
    }

    /**
     * @param charts chart files relative to the output directory (PNG), shown at the end
     */
    public static String write(RunResults run, List<String> charts) {
        StringBuilder md = new StringBuilder();
        Provenance p = run.provenance();
        md.append("# ").append(run.experiment()).append("\n\n");
        md.append("Model **").append(p.modelName()).append("** (content hash `").append(shortHash(p.modelHash()))
                .append("`), data: ").append(p.data()).append(", seed ").append(p.seed()).append(", config hash `").append(shortHash(p.configHash()))
                .append("`, attnlab ").append(p.attnlabVersion()).append(".  \n");
        md.append("Ran on ").append(p.machine().os()).append(" (").append(p.machine().arch()).append("), ")
                .append(p.machine().cpus()).append(" CPUs, ").append(p.machine().javaVersion()).append("; started ")
                .append(p.started()).append(p.finished() == null ? ", still running" : ", finished " + p.finished())
                .append(".\n\n");
        md.append("Every method is measured on the same tokens as full attention (the reference, first row).\n\n");
        md.append("## Methods\n\n| method | kind | provider | version | settings |\n|---|---|---|---|---|\n");
        for (MethodRecord m : run.methods()) {
            md.append("| ").append(cell(m.label())).append(" | ").append(m.kind()).append(" | ").append(m.provider())
                    .append(" | ").append(m.version()).append(" | ").append(cell(m.settings().toString())).append(" |\n");
        }
        for (String evaluator : run.evaluators()) {
            evaluatorSection(md, run, evaluator);
        }
        List<CellResult> failures = run.failures();
        md.append("\n## Failures\n\n");
        if (failures.isEmpty()) {
            md.append("None.\n");
        } else {
            for (CellResult f : failures) {
                md.append("- **").append(f.method()).append("** × ").append(f.evaluator()).append(": ")
                        .append(f.message().replace('\n', ' ')).append('\n');
            }
        }
        if (!charts.isEmpty()) {
            md.append("\n## Charts\n\n");
            for (String chart : charts) {
                md.append("![").append(chart).append("](").append(chart).append(")\n\n");
            }
        }
        return md.toString();
    }

    private static void evaluatorSection(StringBuilder md, RunResults run, String evaluator) {
        md.append("\n## ").append(evaluator).append("\n\n");
        Map<String, Metric> columns = new LinkedHashMap<>();
        for (MethodRecord m : run.methods()) {
            run.cell(m.label(), evaluator).ifPresent(c -> c.result().metrics().forEach(x -> columns.putIfAbsent(x.name(), x)));
        }
        if (run.methods().stream().anyMatch(MethodRecord::isReference)) {
            // The reference has its own row; its numbers repeated on every row only widen the table
            // (they stay in results.json and results.csv).
            columns.keySet().removeIf(name -> name.startsWith("reference."));
        }
        md.append("| method |");
        for (Metric m : columns.values()) {
            boolean unit = !m.unit().isEmpty() && !m.unit().equals(m.name());
            md.append(' ').append(cell(m.name())).append(unit ? " (" + cell(m.unit()) + ")" : "").append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(columns.size()));
        md.append('\n');
        Map<String, Set<String>> notes = new LinkedHashMap<>();
        for (MethodRecord m : run.methods()) {
            CellResult c = run.cell(m.label(), evaluator).orElse(null);
            md.append("| ").append(cell(m.isReference() ? m.label() + " (reference)" : m.label())).append(" |");
            if (c == null || c.status() != CellStatus.OK) {
                String what = c == null ? "not run" : c.status() == CellStatus.FAILED ? "failed" : "skipped";
                md.append((" " + what + " |").repeat(Math.max(1, columns.size()))).append('\n');
                if (c != null && c.status() == CellStatus.SKIPPED) {
                    notes.computeIfAbsent(c.message(), k -> new LinkedHashSet<>()).add(m.label());
                }
                continue;
            }
            for (String name : columns.keySet()) {
                md.append(' ').append(c.result().metric(name).map(x -> Numbers.format(x.value())).orElse("")).append(" |");
            }
            md.append('\n');
            for (String note : c.result().notes()) {
                notes.computeIfAbsent(note, k -> new LinkedHashSet<>()).add(m.label());
            }
        }
        if (!columns.isEmpty()) {
            md.append("\n");
            for (Metric m : columns.values()) {
                md.append("- *").append(m.name()).append("*: ").append(m.description()).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            long methods = run.methods().stream().filter(m -> run.cell(m.label(), evaluator)
                    .filter(c -> c.status() == CellStatus.OK).isPresent()).count();
            notes.forEach((note, who) -> md.append("- ").append(who.size() == methods ? "" : String.join(", ", who) + ": ")
                    .append(note).append('\n'));
        }
        if (evaluator.equals("generation")) {
            samples(md, run, evaluator);
        }
    }

    /** The generation evaluator's rows, full beside each method. */
    private static void samples(StringBuilder md, RunResults run, String evaluator) {
        List<String> lines = new ArrayList<>();
        for (MethodRecord m : run.methods()) {
            if (m.isReference()) {
                continue;
            }
            run.cell(m.label(), evaluator).filter(c -> c.status() == CellStatus.OK).ifPresent(c -> {
                for (ResultRow row : c.result().rows()) {
                    lines.add("| " + cell(m.label()) + " | " + Numbers.format(row.cells().get("prompt")) + " | "
                            + row.cells().get("mode") + " | " + cell(String.valueOf(row.cells().get("prompt_text"))) + " | "
                            + cell(String.valueOf(row.cells().get("full"))) + " | "
                            + cell(String.valueOf(row.cells().get("method"))) + " |");
                }
            });
        }
        if (!lines.isEmpty()) {
            md.append("\nSamples, full attention beside each method:\n\n| method | prompt | mode | prompt text | full | method |\n"
                    + "|---|---:|---|---|---|---|\n");
            lines.forEach(l -> md.append(l).append('\n'));
        }
    }

    /** Escapes text for a Markdown table cell. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String shortHash(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
