package dev.attnlab.harness.config;

import dev.attnlab.api.config.ConfigException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with an experiment file, located: {@code file:line: key.path: what is wrong}.
 * Collected into an {@link InvalidExperimentException}.
 */
public final class ConfigProblem extends ConfigException {

    private final Path file;
    private final int line;
    private final String detail;

    /**
     * @param file    the experiment file
     * @param line    1-based line, or 0 when unknown
     * @param keyPath e.g. {@code methods[1].window}; empty for the file as a whole
     * @param detail  what is wrong and what would be accepted
     */
    public ConfigProblem(Path file, int line, String keyPath, String detail) {
        super(keyPath, detail);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when it is not known. */
    public int line() {
        return line;
    }

    /** The message without file, line and key path. */
    public String detail() {
        return detail;
    }

    @Override
    public String getMessage() {
        StringBuilder out = new StringBuilder(file.toString());
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!keyPath().isEmpty()) {
            out.append(keyPath()).append(": ");
        }
        return out.append(detail).toString();
    }
}
