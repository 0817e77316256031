package dev.attnlab.harness.config;

import dev.attnlab.api.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects located problems of one file so that validation can report all of them at once. */
final class Problems {

    private final Path file;
    private final TomlKeyLocator locator;
    private final List<ConfigProblem> list = new ArrayList<>();

    Problems(Path file, TomlKeyLocator locator) {
        this.file = file;
        this.locator = locator;
    }

    void add(String keyPath, String detail) {
        list.add(new ConfigProblem(file, locator.line(keyPath), keyPath, detail));
    }

    /** Adds a schema's exception, keeping its key path and dropping the path it put in the message. */
    void add(ConfigException e) {
        String message = e.getMessage();
        String prefix = e.keyPath() + ": ";
        if (!e.keyPath().isEmpty() && message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        add(e.keyPath(), message);
    }

    int size() {
        return list.size();
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidExperimentException(file, list);
        }
    }
}
