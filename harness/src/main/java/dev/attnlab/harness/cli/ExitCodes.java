package dev.attnlab.harness.cli;

/** The exit codes of {@code attnlab}. */
public final class ExitCodes {

    /** Everything worked. */
    public static final int OK = 0;
    /** The command was right but running it failed (a model that would not load, an I/O error). */
    public static final int RUN_FAILURE = 1;
    /** The command line or the configuration was wrong; the message says what to change. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
