package dev.attnlab.harness.report;

import dev.attnlab.api.eval.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: a redrawn bar with count, rate and ETA on a terminal; one line per 10% when the
 * output is a file or pipe; nothing in CI ({@code CI=true}) or with {@code --quiet}. A new task name
 * starts a new bar. Not thread-safe (evaluators run one at a time).
 */
public final class ConsoleProgress implements Progress {

    /** How progress is shown. */
    public enum Mode { BAR, LINES, QUIET }

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Mode mode;
    private final LongSupplier clock;
    private String task;
    private long startNanos;
    private long startDone;
    private long lastDecile;
    private long lastDrawNanos;

    public ConsoleProgress(PrintStream out, Mode mode, LongSupplier nanoClock) {
        this.out = out;
        this.mode = mode;
        this.clock = nanoClock;
    }

    /** The mode for this process: quiet if asked or in CI, a bar on a terminal, lines otherwise. */
    public static Mode modeFor(boolean quiet, Map<String, String> env, boolean terminal) {
        if (quiet || "true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            return Mode.QUIET;
        }
        return terminal ? Mode.BAR : Mode.LINES;
    }

    /** Progress for this process on {@code System.err}. */
    public static Progress forProcess(boolean quiet) {
        Mode mode = modeFor(quiet, System.getenv(), System.console() != null);
        return mode == Mode.QUIET ? Progress.NONE : new ConsoleProgress(System.err, mode, System::nanoTime);
    }

    @Override
    public void report(String name, long done, long total) {
        if (mode == Mode.QUIET) {
            return;
        }
        long now = clock.getAsLong();
        if (!name.equals(task)) {
            if (task != null && mode == Mode.BAR) {
                out.println();
            }
            task = name;
            startNanos = now;
            startDone = done;
            lastDecile = 0;
            lastDrawNanos = 0;
        }
        double seconds = (now - startNanos) / 1e9;
        // The rate counts from the first report of the task, whose work happened before it was timed.
        double rate = seconds > 0 ? (done - startDone) / seconds : 0;
        boolean finished = total > 0 && done >= total;
        if (mode == Mode.LINES) {
            long decile = total > 0 ? done * 10 / total : -1;
            if (total > 0 && decile > lastDecile) {
                lastDecile = decile;
                out.println(line(name, done, total, rate, seconds));
            }
            return;
        }
        // Redraw at most ten times a second, and always at the end.
        if (!finished && now - lastDrawNanos < 100_000_000L && lastDrawNanos != 0) {
            return;
        }
        lastDrawNanos = now;
        out.print("\r" + bar(done, total) + " " + line(name, done, total, rate, seconds));
        if (finished) {
            out.println();
            task = null;
        }
        out.flush();
    }

    static String bar(long done, long total) {
        int filled = total > 0 ? (int) Math.min(WIDTH, done * WIDTH / total) : 0;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    static String line(String name, long done, long total, double rate, double seconds) {
        StringBuilder s = new StringBuilder(name).append(": ").append(done);
        if (total > 0) {
            s.append('/').append(total).append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
        }
        s.append(String.format(Locale.ROOT, ", %.1f/s", rate));
        if (total > 0 && rate > 0 && done < total) {
            s.append(", ETA ").append(duration((total - done) / rate));
        } else {
            s.append(", ").append(duration(seconds));
        }
        return s.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
