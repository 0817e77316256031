package dev.attnlab.harness.cli;

import dev.attnlab.api.eval.Progress;
import dev.attnlab.api.plugin.CommandContext;
import dev.attnlab.harness.report.Charts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What a plugin command gets from the harness: the console's streams, its directory and charts. */
final class HarnessCommandContext implements CommandContext {

    private final Console console;
    private final Progress progress;

    HarnessCommandContext(Console console) {
        this.console = console;
        this.progress = Cli.progress(console);
    }

    @Override
    public PrintStream out() {
        return console.out();
    }

    @Override
    public PrintStream err() {
        return console.err();
    }

    @Override
    public Path workingDirectory() {
        return console.workingDirectory();
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public void lineChart(Path base, String title, String xLabel, String yLabel, List<Series> series, boolean logX,
                          boolean logY) {
        Path target = console.workingDirectory().resolve(base);
        Charts.lineChart(target, title, xLabel, yLabel, series, logX, logY);
    }
}
