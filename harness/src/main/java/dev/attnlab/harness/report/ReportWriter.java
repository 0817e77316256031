package dev.attnlab.harness.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's output directory: results.json, results.csv, summary.md and, at the end of a run,
 * charts/ (PNG and SVG). Every file is replaced atomically.
 */
public final class ReportWriter {

    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";
    public static final String SUMMARY = "summary.md";
    public static final String CHARTS = "charts";

    private ReportWriter() {
    }

    /** results.json only: cheap, done after every cell so an interrupted run can resume. */
    public static void writeResults(RunResults run, Path outputDir) {
        AtomicFiles.write(outputDir.resolve(RESULTS_JSON), ResultsJson.write(run));
    }

    /**
     * Everything: results.json, results.csv, charts (when {@code charts}) and summary.md linking them.
     *
     * @return the chart PNGs written, relative to {@code outputDir}
     */
    public static List<String> writeAll(RunResults run, Path outputDir, boolean charts) {
        writeResults(run, outputDir);
        AtomicFiles.write(outputDir.resolve(RESULTS_CSV), ResultsCsv.write(run));
        List<String> written = charts ? ReportCharts.write(run, outputDir, outputDir.resolve(CHARTS)) : List.of();
        AtomicFiles.write(outputDir.resolve(SUMMARY), SummaryMarkdown.write(run, written));
        return written;
    }
}
