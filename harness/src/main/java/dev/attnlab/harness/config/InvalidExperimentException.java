package dev.attnlab.harness.config;

import dev.attnlab.api.config.ConfigException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Every problem found in one experiment file, sorted by line; thrown by {@link ExperimentLoader}. */
public final class InvalidExperimentException extends ConfigException {

    private final Path file;
    private final List<ConfigProblem> problems;

    public InvalidExperimentException(Path file, List<ConfigProblem> problems) {
        super("", summary(file, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid experiment needs at least one problem");
        }
        this.file = file;
        this.problems = sorted(problems);
    }

    public Path file() {
        return file;
    }

    /** The problems, by line (unknown lines last), then in the order they were found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        return problems.stream()
                .sorted(Comparator.comparingInt((ConfigProblem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line()))
                .toList();
    }

    private static String summary(Path file, List<ConfigProblem> problems) {
        StringBuilder out = new StringBuilder();
        out.append(file).append(": ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (ConfigProblem p : sorted(problems)) {
            out.append(System.lineSeparator()).append("  ").append(p.getMessage());
        }
        return out.toString();
    }
}
