package dev.attnlab.harness.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Where a command prints and what it resolves relative paths against.
 *
 * @param out              normal output
 * @param err              errors, warnings and progress
 * @param workingDirectory the caller's directory
 * @param verbose          whether {@code --verbose} was given (stack traces, more detail)
 */
public record Console(PrintStream out, PrintStream err, Path workingDirectory, boolean verbose) {

    /** A path from the command line, resolved against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).toAbsolutePath().normalize();
    }
}
