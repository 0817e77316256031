package dev.attnlab.harness.experiment;

import dev.attnlab.api.eval.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run an experiment.
 *
 * @param resume    keep the finished cells of an earlier run in the output directory made from the same
 *                  configuration (same config hash) and run only the rest
 * @param outputDir where to write, instead of the experiment's {@code output}
 * @param charts    whether to draw charts at the end
 * @param progress  where long work reports (the CLI passes a console progress bar, quiet in CI)
 * @param log       one line per finished cell and per notable event (stderr in the CLI)
 */
public record RunOptions(boolean resume, Optional<Path> outputDir, boolean charts, Progress progress, PrintStream log) {

    /** No resume, the experiment's output directory, charts, no progress, no log. */
    public static RunOptions defaults() {
        return new RunOptions(false, Optional.empty(), true, Progress.NONE,
                new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public RunOptions withResume(boolean value) {
        return new RunOptions(value, outputDir, charts, progress, log);
    }

    public RunOptions withOutputDir(Path dir) {
        return new RunOptions(resume, Optional.of(dir), charts, progress, log);
    }

    public RunOptions withCharts(boolean value) {
        return new RunOptions(resume, outputDir, value, progress, log);
    }

    public RunOptions withProgress(Progress value, PrintStream logTo) {
        return new RunOptions(resume, outputDir, charts, value, logTo);
    }
}
